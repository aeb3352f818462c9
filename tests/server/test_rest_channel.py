"""The running bot over its REST channel: greeting, bad input, live content edits, persistence, and
safeguarding replies with the action server stopped."""

import time
import uuid

import pytest
import requests
import yaml


def sender():
    return f"test-{uuid.uuid4().hex[:8]}"


def test_hello_gives_the_greeting_and_topic_buttons(bot):
    response = bot.say(sender(), "hello")
    assert response.status_code == 200
    replies = response.json()
    assert "Cyber Protect Assistant" in replies[0]["text"] and "999" in replies[0]["text"]
    buttons = [b["title"] for r in replies for b in r.get("buttons", [])]
    assert "A scam text" in buttons and "I want to report something" in buttons


BAD_INPUTS = {
    "empty": "",
    "spaces": "   ",
    "huge": "scam " * 4000,  # 20,000 characters
    "control characters": "hello\x00\x01\x1b[31m\x7f",
    "emoji": "😡😡 🏦📞💷",
    "html": "<img src=x onerror=alert(1)><script>alert('x')</script>",
    "welsh": "Rwyf wedi cael neges destun amheus",
    "spanish": "¿Dónde puedo denunciar una estafa?",
    "nonsense": "qwpoeiruty zmxncbv",
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_gets_a_polite_answer_never_a_5xx(bot, name):
    response = bot.say(sender(), BAD_INPUTS[name], timeout=120)
    assert response.status_code == 200, response.text[:300]
    texts = [r.get("text") or "" for r in response.json()]
    assert texts and all(t.strip() for t in texts)
    assert "Traceback" not in " ".join(texts) and "<img" not in " ".join(texts)


@pytest.mark.parametrize(
    "body", [{"sender": "x"}, {"message": "hi"}, {"sender": "x", "message": None}, {"sender": "x", "message": 12345}]
)
def test_malformed_requests_are_not_server_errors(bot, body):
    response = requests.post(f"{bot.url}/webhooks/rest/webhook", json=body, timeout=60)
    assert response.status_code < 500, (body, response.status_code, response.text[:200])


def test_advice_comes_from_content_and_an_edit_changes_the_next_answer(bot):
    user = sender()
    first = " ".join(bot.reply_texts(user, "I got a text from Royal Mail asking me to pay a redelivery fee"))
    path = bot.content_dir / "topics" / "smishing.yml"
    data = yaml.safe_load(path.read_text())
    assert data["summary"] in first
    data["summary"] = "EDITED SUMMARY: scam texts try to rush you."
    time.sleep(0.05)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    bot.wait_for_content_check()
    second = " ".join(bot.reply_texts(sender(), "I got a text from Royal Mail asking me to pay a redelivery fee"))
    assert "EDITED SUMMARY: scam texts try to rush you." in second


def test_follow_up_refers_to_the_topic_under_discussion(bot):
    user = sender()
    bot.reply_texts(user, "someone rang saying they were from my bank and I need to move money to a safe account")
    answer = " ".join(bot.reply_texts(user, "I already paid them"))
    assert "159" in answer


def test_conversation_survives_a_restart(bot):
    user = sender()
    bot.reply_texts(user, "my instagram account has been hacked")
    bot.stop_rasa()
    bot.start_rasa()
    tracker = requests.get(f"{bot.url}/conversations/{bot.conversation(user)}/tracker", timeout=30).json()
    assert tracker["slots"].get("topic") == "hacked_account"
    assert any(e.get("event") == "user" for e in tracker["events"])


def test_a_message_sent_again_with_its_id_is_answered_again_but_handled_once(bot):
    """nginx's retry after a server died mid-message, or a client sending again (issue 25, startup/once.py): the
    same message id gives the same replies, and the tracker holds the turn once."""
    user, mid = sender(), uuid.uuid4().hex
    body = {"sender": user, "message": "how do I report a scam", "message_id": mid}
    first = requests.post(f"{bot.url}/webhooks/rest/webhook", json=body, timeout=60).json()
    again = requests.post(f"{bot.url}/webhooks/rest/webhook", json=body, timeout=60).json()
    by_header = requests.post(
        f"{bot.url}/webhooks/rest/webhook",
        json={"sender": user, "message": "what is phishing"},
        headers={"X-Request-Id": "b" + mid[1:]},
        timeout=60,
    ).json()
    header_again = requests.post(
        f"{bot.url}/webhooks/rest/webhook",
        json={"sender": user, "message": "what is phishing"},
        headers={"X-Request-Id": "b" + mid[1:]},
        timeout=60,
    ).json()
    assert first and [r.get("text") for r in again] == [r.get("text") for r in first]
    assert by_header and [r.get("text") for r in header_again] == [r.get("text") for r in by_header]
    tracker = requests.get(f"{bot.url}/conversations/{bot.conversation(user)}/tracker", timeout=30).json()
    users = [e["text"] for e in tracker["events"] if e.get("event") == "user"]
    assert users == ["how do I report a scam", "what is phishing"]
    # the same text without an id is a new message, handled again
    requests.post(f"{bot.url}/webhooks/rest/webhook", json={"sender": user, "message": "what is phishing"}, timeout=60)
    tracker = requests.get(f"{bot.url}/conversations/{bot.conversation(user)}/tracker", timeout=30).json()
    assert [e["text"] for e in tracker["events"] if e.get("event") == "user"][-2:] == ["what is phishing"] * 2


EMERGENCIES = [  # (message, a phrase only the reply of its type carries; issue 19)
    ("a man is meeting my daughter tonight", "If a child is in danger"),
    ("he's outside my house now", "This sounds like an emergency. Call 999"),  # generic
    ("the courier is on the way to collect my card", "Do not open the door"),  # crime at the door
    ("the scammer still has anydesk on my laptop and is in my online banking", "159"),  # crime on the computer
    ("my ex says he'll kill me", "press 55"),  # danger
    ("I want to end my life", "116 123"),
    ("ｋｉｌｌ myself", "85258"),  # normalised, self-harm reply
    # distress: the domain response gives Samaritans; the nation's Victim Support line comes from the action
    ("I feel so ashamed, I lost all my savings and my life is ruined", "It is not your fault"),
]


@pytest.mark.parametrize("text", ["qwpoeiruty zmxncbv", "what's the weather doing tomorrow"])
def test_a_message_the_bot_does_not_understand_still_gives_999_and_samaritans(bot, text):
    # A missed emergency (fresh phrasing the patterns and classifier do not know) mostly lands on the fallback
    # reply or the out-of-scope reply (2 Dec 2026: keyboard mash went to out_of_scope once the out-of-scope
    # examples grew). Both are domain responses, so they need no action server, and both give 999 and Samaritans.
    bot.stop_actions()
    try:
        answer = " ".join(bot.reply_texts(sender(), text))
        assert "999" in answer and "116 123" in answer, answer
    finally:
        bot.start_actions()


def test_safeguarding_replies_work_with_the_action_server_down(bot):
    bot.stop_actions()
    try:
        for text, number in EMERGENCIES:
            answer = " ".join(bot.reply_texts(sender(), text))
            assert number in answer, (text, answer)
        # also in the middle of the triage form
        user = sender()
        bot.reply_texts(user, "I want to report something")
        answer = " ".join(bot.reply_texts(user, "he's outside my house now"))
        assert "999" in answer
    finally:
        bot.start_actions()


def test_an_emergency_during_triage_ends_the_questions_after_the_999_reply(bot):
    """After "call 999 now" the bot does not go on asking triage questions (it asked "is anyone in danger right
    now?" again): the emergency reply, then "when you are safe, ..."."""
    user = sender()
    first = " ".join(bot.reply_texts(user, "I want to report something"))
    assert "in danger right now" in first
    answer = bot.reply_texts(user, "the courier is on his way to collect my bank card now")
    assert "999" in answer[0], answer
    assert not any("in danger right now" in text or "lost money" in text for text in answer), answer
    assert "When you are safe" in answer[-1], answer


# --- "Is this a scam?" checker (issue 23) over REST -------------------------------------------------------------


def test_a_pasted_chatty_job_scam_gets_its_signs_and_where_to_send_it(bot):
    text = (
        "is this a scam? Hello, I am from TikTok HR. We need a group of part-time helpers, you can earn £300 a "
        "day liking videos. Please add me on WhatsApp to get the job details"
    )
    replies = bot.say(sender(), text).json()
    said = "\n".join(r.get("text", "") for r in replies)
    assert "signs of a scam" in said and "another app, like WhatsApp or Telegram" in said, said
    assert "“add me on WhatsApp”" in said or "add me on WhatsApp" in said  # the message's own words
    assert "7726" in said and "report" in said.lower()
    assert "is safe" not in said.lower() and "is a scam" not in said.lower()


def test_a_pasted_wrong_number_opener_without_signs_gets_the_caution_and_never_safe(bot):
    text = "is this a scam? Would you like to come over for dinner tonight? I'm making chicken curry!"
    replies = bot.say(sender(), text).json()
    said = "\n".join(r.get("text", "") for r in replies)
    assert "can't see the usual signs" in said and "seems meant for someone else, don't reply" in said, said
    assert "7726" in said and "is safe" not in said.lower() and "is a scam" not in said.lower()
    # a first name and plans (round 7, 4 Dec 2026): one sign, worded as a condition, never as a verdict
    replies = bot.say(sender(), "is this a scam? Hi John, are we still on for dinner tonight?").json()
    said = "\n".join(r.get("text", "") for r in replies)
    assert "1 sign of a scam" in said and "If that isn't your name" in said, said
    assert "7726" in said and "is safe" not in said.lower() and "is a scam" not in said.lower()
