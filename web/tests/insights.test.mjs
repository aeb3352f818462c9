/**
 * Browser tests of the insights dashboard (insights/server.py) in headless Chromium (playwright-core driving
 * Debian's chromium): refused without the token, sign in, every chart drawn with data, numbers checked
 * against the seeded conversations, the CSV and the labelling YAML downloaded, axe-core (WCAG 2.1 A/AA, fail
 * on serious/critical) on laptop and phone layouts, screenshots in results/. Needs a running dashboard on a
 * seeded tracker store: tests/insights/test_dashboard.py starts it and runs this file with INSIGHTS_URL,
 * INSIGHTS_TOKEN, EXPECTED (JSON) and RESULTS_DIR set.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const BASE = (process.env.INSIGHTS_URL || "http://127.0.0.1:8090").replace(/\/$/, "");
const TOKEN = process.env.INSIGHTS_TOKEN;
const EXPECTED = JSON.parse(process.env.EXPECTED || "{}");
const RESULTS = process.env.RESULTS_DIR || "results";
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const CHARTS = ["conversations_per_day", "topics_per_week", "emergency_replies", "routes_offered", "nation",
  "children", "checker", "outcomes", "channels", "rehearsal"];
mkdirSync(RESULTS, { recursive: true });

let browser, context, page;
const problems = [];

before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
});

after(async () => { await browser?.close(); });

async function axe(p, label) {
  await p.evaluate(AXE_SOURCE);
  const result = await p.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  console.log(`axe ${label}: ${result.passes.length} rules pass, ${result.violations.length} violations ` +
    `(${bad.length} serious/critical), ${result.incomplete.length} to check by hand`);
  return bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3)})`);
}

const cell = (p, figure, row, col) => p.locator(`section[data-figure="${figure}"] tbody tr`)
  .filter({ has: p.locator("th", { hasText: row }) }).first().locator("td").nth(col).innerText();

test("without the token the dashboard, the CSV and the export are refused", async () => {
  const anon = await browser.newContext();
  const p = await anon.newPage();
  for (const path of ["/", "/figures.csv", "/unrecognised.yml"]) {
    const response = await p.goto(BASE + path);
    assert.equal(response.status(), 401, path);
    assert.equal(await p.locator("canvas").count(), 0);
    assert.match(await p.locator("body").innerText(), /sign in/i);
  }
  await p.fill("#token", "not-the-token-at-all");
  await p.click("button[type=submit]");
  await p.waitForSelector("text=That token is not right.");
  assert.equal(await p.locator("canvas").count(), 0);
  await anon.close();
});

test("signs in with the token and sees every chart drawn with data", async () => {
  await page.goto(BASE + "/login");
  await page.fill("#token", TOKEN);
  await Promise.all([page.waitForURL(BASE + "/"), page.click("button[type=submit]")]);
  await page.waitForFunction((n) => window.insightsCharts && Object.keys(window.insightsCharts).length >= n,
    CHARTS.length);
  for (const id of CHARTS) {
    const points = await page.evaluate((id) => {
      const chart = window.insightsCharts[id];
      return chart ? chart.data.datasets.flatMap((d) => d.data).filter((v) => v !== null && v > 0).length : -1;
    }, id);
    assert.ok(points > 0, `chart ${id} has data (${points})`);
    const box = await page.locator(`#chart-${id}`).boundingBox();
    assert.ok(box && box.width > 200 && box.height > 150, `chart ${id} is drawn (${JSON.stringify(box)})`);
  }
  assert.deepEqual(problems, []);  // no script errors, nothing blocked by the Content-Security-Policy
});

test("the numbers match the seeded conversations", async () => {
  assert.equal(await page.locator('[data-headline="conversations"]').innerText(), EXPECTED.conversations);
  assert.equal(await page.locator('[data-headline="handled_pct"]').innerText(), EXPECTED.handled_pct);
  assert.equal(await cell(page, "nation", "England", 0), EXPECTED.england);
  assert.equal(await cell(page, "emergency_replies", "Danger to life", 0), EXPECTED.danger_replies);
  assert.equal(await cell(page, "routes_offered", "Police Scotland", 0), EXPECTED.police_scotland);
  assert.equal(await page.locator('[data-count="unrecognised"]').innerText(), EXPECTED.unrecognised);
  const chartTotal = await page.evaluate(() => window.insightsCharts.conversations_per_day.data.datasets[0].data
    .reduce((a, v) => a + (v || 0), 0));
  assert.equal(chartTotal, EXPECTED.conversations_charted);
  const smallCells = await page.locator("td.fewer").count();
  assert.ok(smallCells > 0, "small counts are shown as 'fewer than 5'");
  const messages = await page.locator("#unrecognised td.msg").allInnerTexts();
  assert.ok(messages.length > 0);
  assert.ok(!messages.join(" ").match(/@example\.com|07700 ?900|4929 1234/), "messages are redacted");
  assert.ok(messages.some((m) => m.includes("<b>hello</b>")), "markup shown as text");
  assert.equal(await page.locator("#unrecognised b").count(), 0, "and never rendered");
});

test("choosing a channel and period changes the figures", async () => {
  await page.selectOption("#channel", "whatsapp");
  await page.fill("#from", EXPECTED.sub_from);
  await page.fill("#to", EXPECTED.sub_to);
  await Promise.all([page.waitForURL(/channel=whatsapp/), page.click(".period-form button")]);
  assert.equal(await page.locator('[data-headline="conversations"]').innerText(), EXPECTED.sub_conversations);
  assert.match(await page.locator("#period").innerText(), /WhatsApp/);
  await page.goto(BASE + "/");
});

test("downloads the figures as CSV and the not-understood messages as YAML", async () => {
  const [csv] = await Promise.all([page.waitForEvent("download"), page.click("text=Download the figures (CSV)")]);
  assert.match(csv.suggestedFilename(), /^insights_.*\.csv$/);
  const text = readFileSync(await csv.path(), "utf8");
  assert.ok(text.startsWith("period,channel,figure,row,column,value"));
  assert.ok(text.includes(`Handled share and fallback rate,Conversations,Count,${EXPECTED.conversations_raw}`),
    "CSV has the conversation count");
  const [yml] = await Promise.all([page.waitForEvent("download"), page.click("text=Export as YAML for labelling")]);
  const yaml = readFileSync(await yml.path(), "utf8");
  assert.match(yaml, /^# Messages the Cyber Protect Assistant did not understand/);
  assert.match(yaml, /\nversion: "3.1"\nnlu:\n- intent:/);
  assert.ok(!yaml.match(/@example\.com|07700 ?900/));
});

test("axe-core: no serious or critical violation on laptop and phone; screenshots saved", async () => {
  await page.screenshot({ path: join(RESULTS, "insights-desktop.png"), fullPage: true });
  assert.deepEqual(await axe(page, "dashboard, laptop"), []);
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
    isMobile: true, hasTouch: true });
  await phone.addCookies(await context.cookies());
  const m = await phone.newPage();
  await m.goto(BASE + "/");
  await m.waitForFunction(() => window.insightsCharts && window.insightsCharts.nation);
  const width = await m.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling of the page on a phone (${width}px)`);
  const box = await m.locator("#chart-nation").boundingBox();
  assert.ok(box.width > 250 && box.width <= 390, `chart fits the phone (${box.width}px)`);
  await m.screenshot({ path: join(RESULTS, "insights-mobile.png"), fullPage: true });
  assert.deepEqual(await axe(m, "dashboard, phone"), []);
  await phone.close();
});
