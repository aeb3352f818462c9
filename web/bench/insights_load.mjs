/**
 * Browser load time of dashboard views for `make bench-insights` (scripts/bench_insights.py runs it with
 * INSIGHTS_URL, INSIGHTS_TOKEN and VIEWS, a JSON list of [name, path]): headless Debian chromium via
 * playwright-core signs in, then for each view times from navigation to every chart drawn (median of 3 after a
 * warm-up). Prints one line per view.
 */
import { chromium } from "playwright-core";

const BASE = process.env.INSIGHTS_URL.replace(/\/$/, "");
const VIEWS = JSON.parse(process.env.VIEWS);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(BASE + "/login");
await page.fill("#token", process.env.INSIGHTS_TOKEN);
await Promise.all([page.waitForURL(BASE + "/"), page.click("button[type=submit]")]);
for (const [name, path] of VIEWS) {
  const times = [];
  for (let i = 0; i < 4; i++) {
    const start = performance.now();
    await page.goto(BASE + path);
    await page.waitForFunction(() => window.insightsCharts &&
      Object.keys(window.insightsCharts).length === document.querySelectorAll("canvas").length);
    if (i) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`    ${name.padEnd(48)} ${Math.round(times[1]).toString().padStart(7)} ms  (max ${Math.round(times[2])} ms)`);
}
await browser.close();
