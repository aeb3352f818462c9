/**
 * Browser tests of the website widget in headless Chromium (playwright-core driving Debian's chromium).
 * Owns: what a person does on the demo page — read the opening message, send a message, see the advice,
 * click a quick reply, see a tel: link, get no HTML from typed text, reload and keep the conversation,
 * leave with Escape or the quick-exit button — plus axe-core (WCAG 2.1 A/AA, fail on serious/critical) and
 * screenshots in results/. Needs a running bot and demo page: tests/browser/test_widget.py starts them and
 * runs this file with WIDGET_URL, RASA_LOG and RESULTS_DIR set.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { URL_, RESULTS, EXIT_URL, launch, botTexts, userTexts, send, waitForBotCount, waitForReplies, axe }
  from "./widget-helpers.mjs";

const ADVICE = "I got a text from Royal Mail asking me to pay a redelivery fee";
mkdirSync(RESULTS, { recursive: true });

let browser, context, page;
const dialogs = [];

async function newPage() {
  const p = await context.newPage();
  p.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  return p;
}

before(async () => {
  ({ browser, context } = await launch());
  page = await newPage();
});

after(async () => {
  await browser?.close();
});

test("the page opens with the opening message, the privacy link and the quick-exit button", async () => {
  await page.goto(URL_);
  const intro = page.locator("deep-chat .ai-message-text").first();
  await intro.waitFor();
  const text = await intro.innerText();
  assert.match(text, /computer program/);
  assert.match(text, /not for emergencies/);
  assert.match(text, /call 999/);
  assert.equal(await page.locator("a", { hasText: "Privacy notice" }).getAttribute("href"), "/privacy.html");
  assert.ok(await page.locator("#cp-quick-exit").isVisible());
  await page.waitForFunction(() => window.cyberprotectChat && window.cyberprotectChat.connected(), null,
    { timeout: 30000 });
});

test("axe-core: no serious or critical WCAG 2.1 A/AA violation on the opened page", async () => {
  assert.deepEqual(await axe(page, "opened page"), []);
});

test("a message gets the advice reply, with a typing indicator while waiting", async () => {
  const before = (await botTexts(page)).length;
  await send(page, ADVICE);
  await page.locator("deep-chat .loading-message-dots").first().waitFor({ state: "attached", timeout: 5000 });
  const reply = await waitForReplies(page, before);
  assert.match(reply, /scam text/i);
  assert.match(reply, /7726/);
  await page.waitForFunction(() => !document.querySelector("deep-chat").shadowRoot.querySelector(".loading-message-dots"),
    null, { timeout: 10000 });
});

test("the socket.io connection runs over websocket (the Sanic start-up fix works)", async () => {
  assert.equal(await page.evaluate(() => window.cyberprotectChat.connected()), true);
  assert.equal(await page.evaluate(() => window.cyberprotectChat.transport()), "websocket");
  const log = process.env.RASA_LOG ? readFileSync(process.env.RASA_LOG, "utf8") : "";
  assert.doesNotMatch(log, /coroutines is forbidden/);
});

test("phone numbers are tel: links and web addresses are links", async () => {
  const tel = page.locator('deep-chat .ai-message-text a[href^="tel:"]');
  assert.ok(await tel.count() > 0, "no tel: link in the bot replies");
  assert.equal(await page.locator('deep-chat .ai-message-text a[href="tel:999"]').count() > 0, true);
  const web = page.locator('deep-chat .ai-message-text a[href^="https://"]');
  assert.ok(await web.count() > 0, "no web link in the bot replies");
});

test("a quick-reply button sends its payload and gets that topic's answer", async () => {
  const before = (await botTexts(page)).length;
  await send(page, "hello");
  const button = page.locator("deep-chat .cp-option", { hasText: "A scam email" }).last();
  await button.waitFor({ timeout: 30000 });
  const count = (await botTexts(page)).length;
  await button.click();
  const reply = await waitForReplies(page, count);
  assert.match(reply, /email/i);
  assert.ok(count > before);
  const users = await userTexts(page);
  assert.equal(users[users.length - 1], "A scam email");  // the person sees the title, Rasa got the payload
});

test("a pasted scam text is checked: the signs, its own words and 7726 (issue 23)", async () => {
  const scam = "is this a scam? Royal Mail: your parcel is held due to a £1.99 unpaid fee. " +
    "Pay within 24 hours at royalmail-redelivery-fee.com";
  const before = (await botTexts(page)).length;
  await send(page, scam);
  const reply = await waitForReplies(page, before);
  assert.match(reply, /signs of a scam/);
  assert.match(reply, /royalmail-redelivery-fee\[\.\]com/);
  assert.match(reply, /7726/);
  assert.doesNotMatch(reply, /\bis safe\b|\bis a scam\b/i);
});

test("a pasted scam text with its link markup: signs, 7726 and its words come back as text, never HTML or a tappable scam link (issue 23)", async () => {
  const scam = 'is this a scam? "Royal Mail: your parcel is held due to a £1.99 unpaid fee. Pay within 24 hours at ' +
    '<a href=https://royalmail-redelivery-fee.com/pay onclick=alert(2)><b>Pay now</b></a>"';
  const before = (await botTexts(page)).length;
  await send(page, scam);
  const reply = await waitForReplies(page, before);
  assert.match(reply, /This has \d signs of a scam/);
  assert.match(reply, /“within 24 hours”/);  // the message's own words, quoted
  assert.match(reply, /“hxxps:\/\/royalmail-redelivery-fee\[\.\]com\/pay”/);  // shown defanged, as text
  assert.match(reply, /7726/);
  assert.doesNotMatch(reply, /\bis safe\b|\bis a scam\b/i);
  const users = await userTexts(page);
  assert.equal(users[users.length - 1], scam);  // the person's paste is shown exactly as typed, markup as text
  const made = await page.evaluate(() => {
    const root = document.querySelector("deep-chat").shadowRoot;
    const bubbles = [...root.querySelectorAll(".ai-message-text, .user-message-text")];
    return {
      scamLinks: bubbles.flatMap((b) => [...b.querySelectorAll("a")]).map((a) => a.getAttribute("href"))
        .filter((h) => /royalmail-redelivery-fee/.test(h || "")),
      bold: bubbles.flatMap((b) => [...b.querySelectorAll("b, strong, [onclick]")]).length,
      sms: [...root.querySelectorAll(".ai-message-text a")].some((a) => a.getAttribute("href") === "sms:7726"),
    };
  });
  assert.deepEqual(made.scamLinks, [], "the scam's link became a tappable link");
  assert.equal(made.bold, 0, "markup from the pasted message became an element");
  assert.ok(made.sms, "7726 is a link to text the number");
  assert.deepEqual(dialogs, []);
});

test("typed HTML is shown as text: no element is created and no script runs", async () => {
  const evil = "<img src=x onerror=alert(1)>";
  const before = (await botTexts(page)).length;
  await send(page, evil);
  await waitForBotCount(page, before + 1);
  await page.waitForTimeout(300);
  const users = await userTexts(page);
  assert.equal(users[users.length - 1], evil);
  const imgs = await page.evaluate(() => {
    const root = document.querySelector("deep-chat").shadowRoot;
    return [...document.querySelectorAll("img"), ...root.querySelectorAll("img")].map((i) => i.getAttribute("src"));
  });
  assert.ok(!imgs.includes("x"), `an <img src=x> was created: ${imgs}`);
  assert.deepEqual(dialogs, []);
});

test("axe-core: no serious or critical violation with a conversation on screen; screenshots saved", async () => {
  await page.screenshot({ path: join(RESULTS, "widget-desktop.png"), fullPage: true });
  assert.deepEqual(await axe(page, "conversation"), []);
  const mobile = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const m = await mobile.newPage();
  await m.goto(URL_);
  await m.locator("deep-chat .ai-message-text").first().waitFor();
  const box = await m.locator("#cyberprotect-chat").boundingBox();
  assert.ok(box.width >= 380 && box.width <= 390, `widget is ${box.width}px wide on a 390px screen`);
  assert.ok(await m.locator("#cp-quick-exit").isVisible());
  await m.screenshot({ path: join(RESULTS, "widget-mobile.png"), fullPage: true });
  assert.deepEqual(await axe(m, "mobile"), []);
  await mobile.close();
});

test("nothing about the conversation is in localStorage (it outlives the tab); the tab's copy is in sessionStorage", async () => {
  const local = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
  for (const text of [...await userTexts(page), ...(await botTexts(page)).slice(1)]) {
    assert.ok(!local.includes(text.slice(0, 30)), `localStorage holds "${text.slice(0, 30)}"`);
  }
  assert.ok(!local.includes("cyberprotect"));
  const kept = await page.evaluate(() => sessionStorage.getItem("cyberprotect-chat") || "");
  assert.ok(kept.includes(ADVICE.slice(0, 30)));
});

test("a reload keeps the conversation and the same Rasa session", async () => {
  const texts = await botTexts(page);
  const users = await userTexts(page);
  const session = await page.evaluate(() => sessionStorage.getItem("cyberprotect-session"));
  assert.ok(session);
  await page.reload();
  await page.locator("deep-chat .user-message-text").first().waitFor();
  assert.deepEqual(await userTexts(page), users);
  assert.ok((await botTexts(page)).length >= texts.length - 1);
  await page.waitForFunction(() => window.cyberprotectChat.connected(), null, { timeout: 30000 });
  const before = (await botTexts(page)).length;
  await send(page, "I already clicked the link");  // a follow-up only makes sense in the same conversation
  await waitForBotCount(page, before + 1);
  assert.equal(await page.evaluate(() => sessionStorage.getItem("cyberprotect-session")), session);
});

test("a message whose connection drops before its answer is sent again on reconnection and answered once (issue 25)", async () => {
  await page.waitForFunction(() => window.cyberprotectChat.connected(), null, { timeout: 30000 });
  const before = (await botTexts(page)).length;
  await send(page, "what is phishing");
  // as a network or a killed server would: the answer goes to a socket that is gone
  await page.evaluate(() => window.cyberprotectChat.dropConnection());
  const reply = await waitForReplies(page, before, 60000);
  assert.match(reply, /phishing/i);
  await page.waitForTimeout(3000);  // a second copy would come by now
  const answers = (await botTexts(page)).slice(before);
  assert.equal(answers.filter((t) => t === answers[0]).length, 1, answers.join("\n---\n"));
  assert.equal(await page.evaluate(() => window.cyberprotectChat.connected()), true);
});

test("Escape leaves for a neutral site, replaces the page in history and clears the chat", async () => {
  assert.ok(await page.evaluate(() => sessionStorage.getItem("cyberprotect-chat")));
  await page.locator("deep-chat #text-input").click();  // Escape works even while typing
  await Promise.all([page.waitForURL(EXIT_URL), page.keyboard.press("Escape")]);
  assert.equal(page.url(), EXIT_URL);
  const origin = new URL(URL_).origin;
  const state = await context.storageState();
  const stored = (state.origins.find((o) => o.origin === origin) || { localStorage: [] }).localStorage;
  assert.deepEqual(stored.filter((i) => i.name.startsWith("cyberprotect")), []);
  // Back does not return to the chat: the chat page was replaced, not pushed.
  assert.ok(!(await page.evaluate(() => history.length > 1 && document.referrer)));
});

test("the quick-exit button leaves too", async () => {
  const p = await newPage();
  await p.goto(URL_);
  await p.locator("#cp-quick-exit").waitFor();
  await Promise.all([p.waitForURL(EXIT_URL), p.locator("#cp-quick-exit").click()]);
  assert.equal(p.url(), EXIT_URL);
  await p.close();
});
