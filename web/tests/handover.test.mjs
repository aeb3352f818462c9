/**
 * Browser test of talking to a person in the website widget (issue 27), with the fake Chatwoot
 * (tests/channels/fake_chatwoot.py) as the team's inbox: the person asks for a person in working hours, says
 * yes, sees "You're now talking to <team>"; this test then plays the agent through Chatwoot's webhook: the
 * agent's reply appears labelled as a team member's (every message carries who is speaking), markup in it stays
 * text, the person's answer reaches the fake, and "resolved" gives the person back to the chatbot, which answers
 * again. Then Quick exit in the middle of a second handover. Needs WIDGET_URL, FAKE_CHATWOOT_URL and
 * CHATWOOT_WEBHOOK_URL (the bot's webhook with its token); tests/browser/test_widget.py sets them.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { URL_, RESULTS, EXIT_URL, launch, botTexts, labelledBubbles, send, waitForReplies, axe }
  from "./widget-helpers.mjs";

const FAKE = process.env.FAKE_CHATWOOT_URL;
const WEBHOOK = process.env.CHATWOOT_WEBHOOK_URL;
mkdirSync(RESULTS, { recursive: true });

let browser, context, page;
const dialogs = [];

before(async () => {
  assert.ok(FAKE && WEBHOOK, "FAKE_CHATWOOT_URL and CHATWOOT_WEBHOOK_URL are needed");
  ({ browser, context } = await launch());
  page = await context.newPage();
  page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
});

after(async () => {
  await browser?.close();
});

async function fakeState() {
  return (await fetch(FAKE + "/_test/state")).json();
}

// The Rasa conversation of this page ("web:<uuid>", channels/socketio.py) and its Chatwoot conversation id.
async function handoverIds(p) {
  const session = await p.evaluate(() => sessionStorage.getItem("cyberprotect-session"));
  const ref = "web:" + session.split(".")[0];
  const id = (await fakeState()).conversations[ref];
  assert.ok(id, `no Chatwoot conversation for ${ref}`);
  return { ref, id };
}

async function webhook(body) {
  const r = await fetch(WEBHOOK, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body) });
  assert.equal(r.status, 200, await r.text());
}

const agentSays = (id, ref, text) => ({ event: "message_created", message_type: "outgoing", private: false,
  content: text, sender: { id: 1, name: "Sam Jones", type: "user" },
  conversation: { id, status: "open", additional_attributes: { cyberprotect_ref: ref } } });
const resolved = (id, ref) => ({ event: "conversation_status_changed", id, status: "resolved",
  additional_attributes: { cyberprotect_ref: ref } });

async function waitForRelayed(id, text, timeout = 30000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const found = ((await fakeState()).messages[String(id)] || []).filter((m) => m.content === text);
    if (found.length) return found[0];
    await new Promise((r) => setTimeout(r, 300));
  }
  assert.fail(`"${text}" never reached the fake Chatwoot`);
}

async function startHandover(p) {
  await p.goto(URL_);
  await p.waitForFunction(() => window.cyberprotectChat && window.cyberprotectChat.connected(), null,
    { timeout: 30000 });
  let before = (await botTexts(p)).length;
  await send(p, "Can I speak to a real person please?");
  assert.match(await waitForReplies(p, before), /Would you like that\?/);
  const yes = p.locator("deep-chat .cp-option", { hasText: "Yes, put me through" }).last();
  before = (await botTexts(p)).length;
  await yes.click();
  return waitForReplies(p, before);
}

const ids = {};

test("asking for a person in working hours: the offer, yes, and \"You're now talking to\" the team", async () => {
  const reply = await startHandover(page);
  assert.match(reply, /You're now talking to the Cyber Protect team/);
  Object.assign(ids, await handoverIds(page));
  const summary = (await fakeState()).messages[String(ids.id)][0];
  assert.equal(summary.private, true);  // the agent starts from the bot's summary
});

test("the agent's reply appears as a team member's, with its markup as text", async () => {
  const before = (await botTexts(page)).length;
  await webhook(agentSays(ids.id, ids.ref, "Hello, I'm Sam from the team. Are you safe right now? <img src=x onerror=alert(1)>"));
  const shown = await waitForReplies(page, before);
  assert.equal(shown, "Sam (the Cyber Protect team): Hello, I'm Sam from the team. Are you safe right now? <img src=x onerror=alert(1)>");
  const imgs = await page.evaluate(() => [...document.querySelector("deep-chat").shadowRoot.querySelectorAll("img")]
    .map((i) => i.getAttribute("src")));
  assert.ok(!imgs.includes("x"), "the agent's markup became an element");
  assert.deepEqual(dialogs, []);
});

test("every message shows who is speaking: Chatbot, Team member or You, visibly", async () => {
  const bubbles = await labelledBubbles(page);
  const byText = (pattern) => bubbles.filter((b) => pattern.test(b.text));
  assert.deepEqual(byText(/computer program/).map((b) => b.label), ["Chatbot"]);  // the opening message
  assert.deepEqual(byText(/Would you like that\?/).map((b) => b.label), ["Chatbot"]);
  assert.deepEqual(byText(/You're now talking to/).map((b) => b.label), ["Chatbot"]);
  assert.deepEqual(byText(/^Sam \(the Cyber Protect team\)/).map((b) => b.label), ["Team member"]);
  assert.deepEqual(byText(/real person please/).map((b) => b.label), ["You"]);
  const unlabelled = bubbles.filter((b) => !b.label || !b.visible);
  assert.deepEqual(unlabelled, [], "a message without a visible speaker label");
  await page.screenshot({ path: join(RESULTS, "widget-handover.png"), fullPage: true });
  assert.deepEqual(await axe(page, "handover"), []);
});

test("the person's answer reaches the agent through Chatwoot, and the bot stays quiet", async () => {
  const before = (await botTexts(page)).length;
  await send(page, "Yes I'm safe, thank you");
  const relayed = await waitForRelayed(ids.id, "Yes I'm safe, thank you");
  assert.equal(relayed.message_type, "incoming");
  await page.waitForTimeout(1500);
  assert.equal((await botTexts(page)).length, before, "the chatbot answered during the handover");
});

test("the agent resolves the chat: the person is back with the chatbot, which answers again", async () => {
  let before = (await botTexts(page)).length;
  await webhook(resolved(ids.id, ids.ref));
  assert.match(await waitForReplies(page, before), /back with the Cyber Protect Assistant/);
  const back = (await labelledBubbles(page)).filter((b) => /back with the Cyber Protect Assistant/.test(b.text));
  assert.equal(back[back.length - 1].label, "Chatbot");
  const relayedBefore = (await fakeState()).messages[String(ids.id)].length;
  before = (await botTexts(page)).length;
  await send(page, "someone sent me a text saying my parcel is held, pay £1.99");
  assert.match(await waitForReplies(page, before), /7726/);
  assert.equal((await fakeState()).messages[String(ids.id)].length, relayedBefore, "relayed after the end");
});

test("Quick exit in the middle of a handover leaves at once and leaves nothing in the browser", async () => {
  const p = await context.newPage();
  assert.match(await startHandover(p), /You're now talking to/);
  const { ref, id } = await handoverIds(p);
  await webhook(agentSays(id, ref, "Hi, this is Sam."));
  await p.locator("deep-chat .ai-message-text", { hasText: "Hi, this is Sam." }).waitFor({ timeout: 30000 });
  await Promise.all([p.waitForURL(EXIT_URL), p.locator("#cp-quick-exit").click()]);
  assert.equal(p.url(), EXIT_URL);
  const origin = new URL(URL_).origin;
  const state = await context.storageState();
  const stored = (state.origins.find((o) => o.origin === origin) || { localStorage: [] }).localStorage;
  assert.deepEqual(stored.filter((i) => i.name.startsWith("cyberprotect")), []);
  await webhook(agentSays(id, ref, "Are you still there?"));  // the agent writing on is harmless
  await p.close();
});
