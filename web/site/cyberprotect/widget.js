/**
 * The Cyber Protect chat widget: connects the deep-chat web component (npm deep-chat) to Rasa's socket.io
 * channel (npm socket.io-client), and adds what deep-chat does not give: Rasa's session handshake,
 * quick-reply buttons that send their payload, a typing indicator while the bot answers, the opening
 * message, the quick-exit button and Escape key, and keeping the conversation only for this browser tab:
 * the history and the session id are kept in sessionStorage (gone when the tab is closed), never in
 * localStorage (deep-chat's own browserStorage uses localStorage, which outlives the tab, so it is not used).
 * Every message is labelled with who is speaking (deep-chat's names, set as text, never HTML): "Chatbot" on the
 * bot's, "Team member" on a person's from the force's team during a hand-over (talk to a person, issue 27: Rasa
 * sends those with metadata {handover: {from: "agent"}} and their text starts with the member's name and team),
 * "You" on the person's own. The label stays on every message, not only the last of a group.
 *
 * Embed (see README): <div id="cyberprotect-chat"></div> and this script with data-socket-url (Rasa's
 * address), optional data-privacy-url, data-exit-url, data-transports ("websocket,polling" by default).
 * Needs window.io (socket.io.min.js), window.CyberProtectFormat (format.js) and the deep-chat module.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var cfg = {
    socketUrl: script.dataset.socketUrl || location.protocol + "//" + location.hostname + ":5005",
    privacyUrl: script.dataset.privacyUrl || "privacy.html",
    exitUrl: script.dataset.exitUrl || "https://www.bbc.co.uk/weather",
    transports: (script.dataset.transports || "websocket,polling").split(","),
    containerId: script.dataset.container || "cyberprotect-chat",
  };
  var KEYS = { chat: "cyberprotect-chat", session: "cyberprotect-session" };
  var MAX_HISTORY = 200;
  var fmt = window.CyberProtectFormat;
  var INTRO = "Hello. I'm the Cyber Protect Assistant, a computer program run by the police Cyber Protect " +
    "team, not a person. I give advice on online scams, fraud and staying safe online, and tell you where " +
    "to report. I can't take a crime report and I'm not for emergencies: if someone is in danger now, " +
    "call 999. Don't type card numbers or passwords here.";

  // Keep the conversation for this tab only (sessionStorage): a reload restores it, a new tab does not, and
  // nothing is left once the tab is closed. Earlier versions kept it in localStorage: remove any such copy.
  function forget(storage) {
    try { storage.removeItem(KEYS.chat); storage.removeItem(KEYS.session); } catch (e) { /* storage off */ }
  }
  forget(localStorage);
  function loadHistory() {
    try { return JSON.parse(sessionStorage.getItem(KEYS.chat) || "[]"); } catch (e) { return []; }
  }
  function keepMessage(message) {
    if (!message || (!message.text && !message.html)) return;
    var history = loadHistory();
    history.push({ role: message.role, text: message.text, html: message.html });
    try { sessionStorage.setItem(KEYS.chat, JSON.stringify(history.slice(-MAX_HISTORY))); } catch (e) { /* full */ }
  }

  function quickExit() {
    try {
      if (socket) socket.disconnect();  // first, so no late reply can write to storage again
      socket = null;
      forget(sessionStorage);
      forget(localStorage);
    } finally {
      location.replace(cfg.exitUrl);
    }
  }

  var container = document.getElementById(cfg.containerId);
  var socket = null;

  // --- quick exit: a button always on screen, and Escape anywhere on the page ----------------------------
  var exit = document.createElement("button");
  exit.type = "button";
  exit.className = "cp-quick-exit";
  exit.id = "cp-quick-exit";
  exit.textContent = "Quick exit";
  exit.setAttribute("aria-label", "Quick exit: leave this page now (or press Escape)");
  exit.addEventListener("click", quickExit);
  document.body.appendChild(exit);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") quickExit(); }, true);

  // --- header with the privacy link ---------------------------------------------------------------------
  var header = document.createElement("div");
  header.className = "cp-header";
  var title = document.createElement("h2");
  title.textContent = "Cyber Protect Assistant";
  var privacy = document.createElement("a");
  privacy.href = cfg.privacyUrl;
  privacy.textContent = "Privacy notice";
  header.append(title, privacy);

  var chat = document.createElement("deep-chat");
  chat.id = "cp-chat";
  var pendingButton = null;  // the quick reply just clicked: {title, payload}
  // The message sent and not yet answered: {message, id, sent}. Sent with its id; if the connection drops before
  // an answer naming that id (reply_to) comes, it is sent again once the socket has its session back. The server
  // answers a message id it has already handled from its records, so the person gets the answer once (issue 25).
  // `sent` is false while socket.io holds the message in its own buffer (it sends that itself on reconnection).
  // Only within RESEND_WITHIN_MS of sending (a message waits at most 45 s for the server to begin it), and a
  // message from the server naming no id (a team member's, during a handover) also counts as an answer.
  var unanswered = null;
  var RESEND_WITHIN_MS = 120000;
  function messageId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  function sendMessage() {
    unanswered.sent = !!(socket && socket.connected);
    unanswered.at = Date.now();
    socket.emit("user_uttered", { message: unanswered.message, message_id: unanswered.id,
      session_id: sessionStorage.getItem(KEYS.session) });
  }
  var typing = false;
  var typingTimer = null;

  function setTyping(on) {
    if (on === typing || !chat.displayLoadingBubble || !chat.displayLoadingBubble.toggle) return;
    typing = on;
    chat.displayLoadingBubble.toggle();
    clearTimeout(typingTimer);
    if (on) typingTimer = setTimeout(function () { setTyping(false); }, 15000);
  }

  var saved = loadHistory();
  if (saved.length) chat.history = saved;
  chat.onMessage = function (body) { if (body && !body.isHistory) keepMessage(body.message); };
  chat.introMessage = { text: fmt.toMarkdown(INTRO) };
  chat.textInput = { placeholder: { text: "Tell me what happened" }, characterLimit: 1000 };
  chat.remarkable = { html: false, linkTarget: "_blank", typographer: false, breaks: true };
  chat.displayLoadingBubble = { toggle: function () {} };
  // Who is speaking, on every message (the names are set with textContent by deep-chat).
  var AGENT_ROLE = "agent";
  chat.names = { ai: { text: "Chatbot" }, agent: { text: "Team member" },
    user: { text: "You", position: "start", style: { textAlign: "right" } },
    default: { style: { fontSize: "0.8rem", color: "#505a5f", marginTop: "10px" } } };
  // deep-chat hides the label of every message but the last in a run from one speaker; keep them all, and put
  // the label above the bubble so long messages keep their width.
  chat.auxiliaryStyle = ".name { visibility: visible !important; width: 100%; } " +
    ".inner-message-container { flex-wrap: wrap; }";
  // Colours with WCAG AA contrast (deep-chat's default user bubble is white on a light blue).
  chat.messageStyles = { default: { user: { bubble: { backgroundColor: "#1d70b8", color: "#ffffff" } },
    ai: { bubble: { backgroundColor: "#f3f2f1", color: "#0b0c0c" } },
    agent: { bubble: { backgroundColor: "#ffffff", color: "#0b0c0c", border: "2px solid #1d70b8" } } } };
  chat.chatStyle = { width: "100%", height: "100%", border: "none", fontFamily: "Arial, sans-serif",
    fontSize: "1rem" };
  // deep-chat's send button is a div with role=button and no name: give it one.
  chat.onComponentRender = function () {
    var root = chat.shadowRoot;
    var label = function () {
      root.querySelectorAll(".input-button").forEach(function (b) {
        if (!b.getAttribute("aria-label")) b.setAttribute("aria-label", "Send message");
      });
    };
    label();
    new MutationObserver(label).observe(root, { childList: true, subtree: true });
  };
  chat.htmlClassUtilities = {
    "cp-options": { styles: { default: { display: "flex", flexWrap: "wrap", gap: "8px" } } },
    "cp-option": {
      styles: {
        default: { minHeight: "44px", padding: "8px 14px", font: "1rem Arial, sans-serif", color: "#003078",
          backgroundColor: "#ffffff", border: "2px solid #003078", borderRadius: "22px", cursor: "pointer",
          textAlign: "left" },
        hover: { backgroundColor: "#e8eef8" },
        click: { backgroundColor: "#d2def2" },
      },
      events: {
        click: function (event) {
          var b = event.target.closest ? event.target.closest(".cp-option") : event.target;
          pendingButton = { title: b.textContent.trim(), payload: b.getAttribute("data-payload") };
        },
      },
    },
  };
  chat.connect = {
    websocket: true,
    handler: function (_body, signals) {
      socket = window.io(cfg.socketUrl, { path: "/socket.io/", transports: cfg.transports });
      socket.on("connect", function () {
        socket.emit("session_request", { session_id: sessionStorage.getItem(KEYS.session) });
      });
      socket.on("session_confirm", function (sessionId) {
        var id = typeof sessionId === "string" ? sessionId : sessionId && sessionId.session_id;
        if (id && socket) sessionStorage.setItem(KEYS.session, id);
        signals.onOpen();
        if (socket && unanswered && unanswered.sent && Date.now() - unanswered.at < RESEND_WITHIN_MS) {
          // reconnected with a message unanswered: send it again
          sendMessage();
          setTyping(true);
        }
      });
      socket.on("disconnect", function () { setTyping(false); });
      socket.on("bot_uttered", function (message) {
        if (!socket) return;  // after Quick exit
        setTyping(false);
        if (unanswered && message && (message.reply_to === unanswered.id || !message.reply_to)) unanswered = null;
        var out = [];
        var meta = message && message.metadata;
        var role = meta && meta.handover && meta.handover.from === "agent" ? AGENT_ROLE : "ai";
        if (message && message.text) out.push({ text: fmt.toMarkdown(message.text), role: role });
        var buttons = message && (message.quick_replies || message.buttons);
        if (buttons && buttons.length) out.push({ html: fmt.buttonsHtml(buttons), role: role });
        if (out.length) signals.onResponse(out.length === 1 ? out[0] : out);
      });
      signals.newUserMessage.listener = function (body) {
        var text = ((body && body.messages && body.messages[0] && body.messages[0].text) || "").trim();
        if (!text) return;
        var toSend = text;
        if (pendingButton && pendingButton.title === text) toSend = pendingButton.payload;
        pendingButton = null;
        unanswered = { message: toSend, id: messageId(), sent: false };
        sendMessage();
        setTyping(true);
      };
    },
  };

  container.classList.add("cp-widget");
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", "Cyber Protect Assistant chat");
  container.append(header, chat);

  // For tests and for the page: which transport is in use, and the exit function.
  window.cyberprotectChat = {
    transport: function () { return socket && socket.io.engine ? socket.io.engine.transport.name : null; },
    connected: function () { return !!(socket && socket.connected); },
    // drops the connection as a network or a server would; socket.io reconnects by itself
    dropConnection: function () { if (socket && socket.io.engine) socket.io.engine.close(); },
    quickExit: quickExit,
  };
})();
