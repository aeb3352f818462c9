/**
 * Shared helpers for the widget's browser tests (widget.test.mjs, handover.test.mjs): launching Debian's
 * chromium through playwright-core, reading the chat's bubbles and their speaker labels from deep-chat's shadow
 * DOM, sending a message, waiting for replies, and running axe-core.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const URL_ = process.env.WIDGET_URL || "http://127.0.0.1:8080/";
export const RESULTS = process.env.RESULTS_DIR || "results";
export const EXIT_URL = "https://www.bbc.co.uk/weather";
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

export async function launch() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],  // playwright gives each launch a fresh profile
  });
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  // The quick exit goes to a real news site; answer it locally (tests reach loopback only).
  await context.route("https://www.bbc.co.uk/**", (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<title>Weather</title><h1>Weather</h1>" }));
  return { browser, context };
}

// Bot bubbles with text (the typing indicator is a bot bubble too, without text); agents' bubbles included.
export const botTexts = (p) => p.evaluate(() => [...document.querySelector("deep-chat").shadowRoot
  .querySelectorAll(".ai-message-text")].filter((e) => !e.querySelector(".loading-message-dots"))
  .map((e) => e.innerText.trim()).filter(Boolean));
export const userTexts = (p) => p.locator("deep-chat .user-message-text").allInnerTexts();

// Every text bubble with the speaker label deep-chat put beside it, and whether that label can be seen.
export const labelledBubbles = (p) => p.evaluate(() => [...document.querySelector("deep-chat").shadowRoot
  .querySelectorAll(".message-bubble")].filter((b) => !b.querySelector(".loading-message-dots, .cp-options")
    && b.innerText.trim())
  .map((b) => {
    const name = b.parentElement.querySelector(".name");
    return { text: b.innerText.trim(), label: name ? name.textContent : null,
      visible: !!name && getComputedStyle(name).visibility === "visible" && name.getBoundingClientRect().height > 0 };
  }));

export async function send(p, text) {
  const input = p.locator("deep-chat #text-input");
  await input.click();
  await input.fill(text);
  await p.locator("deep-chat .input-button").last().click();
}

export async function waitForBotCount(p, n, timeout = 30000) {
  await p.waitForFunction((n) => {
    const chat = document.querySelector("deep-chat");
    return chat && chat.shadowRoot && [...chat.shadowRoot.querySelectorAll(".ai-message-text")]
      .filter((e) => !e.querySelector(".loading-message-dots") && e.innerText.trim()).length >= n;
  }, n, { timeout });
}

// Waits for at least one new bot message after `before`, then until no more arrive for a second.
export async function waitForReplies(p, before, timeout = 30000) {
  await waitForBotCount(p, before + 1, timeout);
  let count = -1;
  for (let i = 0; i < 30; i++) {
    const now = (await botTexts(p)).length;
    if (now === count) break;
    count = now;
    await p.waitForTimeout(1000);
  }
  return (await botTexts(p)).slice(before).join("\n");
}

export async function axe(p, label) {
  await p.evaluate(AXE_SOURCE);
  const result = await p.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const summary = bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
  console.log(`axe ${label}: ${result.passes.length} rules pass, ${result.violations.length} violations ` +
    `(${bad.length} serious/critical), ${result.incomplete.length} to check by hand`);
  return summary;
}
