/** Unit tests of web/site/cyberprotect/format.js: escaping and links (node --test, no browser). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const fmt = require("../site/cyberprotect/format.js");
const { Remarkable } = require("remarkable");  // the renderer deep-chat uses, with html off as in the widget
const md = new Remarkable({ html: false, breaks: true });
const render = (text) => md.render(fmt.toMarkdown(text));

test("HTML in text is escaped, never markup", () => {
  const out = render("<img src=x onerror=alert(1)><script>alert(1)</script>");
  assert.ok(!out.includes("<img") && !out.includes("<script"), out);
  assert.ok(out.includes("&lt;img src=x onerror=alert(1)&gt;"), out);
});

test("markdown characters in text stay as typed", () => {
  const text = "*not bold* _not italic_ [not](a link) `code` # not a heading \\ back";
  assert.equal(render(text).replace(/<\/?p>|\n/g, ""), text.replace(/&/g, "&amp;"));
});

test("phone numbers become tel: links, short codes sms:, money stays text", () => {
  const out = render("Call 999, Report Fraud on 0300 123 2040, Childline 0800 1111, Samaritans 116 123. " +
    "Text 7726. I lost £999.");
  for (const href of ["tel:999", "tel:03001232040", "tel:08001111", "tel:116123", "sms:7726"]) {
    assert.ok(out.includes(`href="${href}"`), `${href} missing in ${out}`);
  }
  assert.ok(out.includes("£999.") && !out.includes('£<a'), out);
});

test("web addresses become links without the sentence's full stop", () => {
  const out = render("Go to https://www.reportfraud.police.uk. Or www.police.uk");
  assert.ok(out.includes('href="https://www.reportfraud.police.uk"'), out);
  assert.ok(out.includes('href="https://www.police.uk"'), out);
});

test("javascript: is never a link", () => {
  const out = render("javascript:alert(1) [x](javascript:alert(1))");
  assert.ok(!out.includes("href"), out);
});

test("buttons escape title and payload", () => {
  const html = fmt.buttonsHtml([{ title: '<img src=x onerror=alert(1)>"', payload: '/inform{"nation": "scotland"}' }]);
  assert.ok(!html.includes("<img"), html);
  assert.ok(html.includes('data-payload="/inform{&quot;nation&quot;: &quot;scotland&quot;}"'), html);
  assert.equal(fmt.buttonsHtml([]), "");
});
