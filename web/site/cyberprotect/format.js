/**
 * Pure text helpers for the Cyber Protect chat widget (no DOM, no network): owns how bot text becomes
 * the widget's markdown (every character escaped, web addresses and UK phone numbers turned into links)
 * and how quick-reply buttons become escaped HTML. The widget's markdown renderer has raw HTML switched
 * off, so bot and user text can never become HTML elements; buttons are the only HTML we build, and every
 * value in them goes through escapeHtml. Works in browsers (window.CyberProtectFormat) and in Node tests.
 */
(function (root) {
  "use strict";

  // Short numbers that are always phone numbers in our content; 7726 is a text-message short code.
  var SHORT_NUMBERS = { "999": "tel:999", "112": "tel:112", "101": "tel:101", "111": "tel:111",
    "159": "tel:159", "7726": "sms:7726" };
  // http(s) or www. addresses; UK numbers starting with 0 (10-11 digits, spaces allowed); 116 xxx; short numbers.
  var TOKEN = /(https?:\/\/[^\s<>()"']+|www\.[^\s<>()"']+)|(\b0\d{2,4}(?: ?\d){4,8}\b)|(\b116 ?\d{3}\b)|(\b(?:999|112|101|111|159|7726)\b)/g;
  var TRAILING = /[.,;:!?]+$/;

  function escapeMarkdown(text) {
    // Backslash-escape every ASCII punctuation character markdown gives a meaning to.
    return String(text).replace(/[\\`*_{}\[\]()#+\-.!<>|~&"'=:$%^]/g, "\\$&");
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function link(label, href) {
    return "[" + escapeMarkdown(label) + "](" + href.replace(/[()\s<>\\]/g, encodeURIComponent) + ")";
  }

  function hrefFor(match, url, phone, helpline, shortNumber) {
    if (url) return /^www\./.test(url) ? "https://" + url : url;
    if (shortNumber) return SHORT_NUMBERS[shortNumber];
    return "tel:" + (phone || helpline).replace(/ /g, "");
  }

  /** Bot or user text -> markdown that shows exactly that text, with links for addresses and numbers. */
  function toMarkdown(text) {
    text = String(text == null ? "" : text);
    var out = "", last = 0, m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) !== null) {
      var token = m[0], trailing = "";
      if (m[1]) { var t = token.match(TRAILING); if (t) { trailing = t[0]; token = token.slice(0, -trailing.length); } }
      var before = text.slice(Math.max(0, m.index - 1), m.index);
      if (before === "£" || before === "$") continue;  // an amount of money, not a number to ring
      out += escapeMarkdown(text.slice(last, m.index));
      out += link(token, hrefFor(token, m[1] && token, m[2], m[3], m[4]));
      out += escapeMarkdown(trailing);
      last = m.index + m[0].length;
    }
    return out + escapeMarkdown(text.slice(last));
  }

  /** Quick replies -> HTML for the widget: one button per option, title and payload escaped. */
  function buttonsHtml(buttons) {
    var items = (buttons || []).filter(function (b) { return b && b.title; }).map(function (b) {
      return '<button type="button" class="deep-chat-suggestion-button cp-option" data-payload="' +
        escapeHtml(b.payload == null ? b.title : b.payload) + '">' + escapeHtml(b.title) + "</button>";
    });
    return items.length ? '<div class="cp-options" role="group" aria-label="Choose an option">' +
      items.join("") + "</div>" : "";
  }

  var api = { toMarkdown: toMarkdown, buttonsHtml: buttonsHtml, escapeHtml: escapeHtml,
    escapeMarkdown: escapeMarkdown };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.CyberProtectFormat = api;
})(typeof window !== "undefined" ? window : this);
