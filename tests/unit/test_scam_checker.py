"""The "Is this a scam?" checker (cyberprotect/checker/): signs with evidence, link and number tricks, the kind of
message, where to send it, and a reply that never says "safe" or calls it a scam for certain."""

from __future__ import annotations

import copy
import re

import pytest

from cyberprotect.checker.content import parse_checker
from cyberprotect.checker.links import find_links
from cyberprotect.checker.reply import compose, insights_metadata
from cyberprotect.checker.signs import check, message_kind
from cyberprotect.content_schema import ContentError
from cyberprotect.content_store import default_store, read_local_bundle, PROJECT_ROOT


@pytest.fixture(scope="module")
def snap():
    return default_store().current()


def keys(text, snap, **kw):
    return check(text, snap.checker, **kw).sign_keys


def evidence(text, snap, key):
    return next(s.evidence for s in check(text, snap.checker).signs if s.key == key)


def test_issue_example_hmrc_refund(snap):
    text = "Is this a scam? 'HMRC: You are due a tax refund of £326.11. Claim now at hmrc-refund-uk.com'"
    found = keys(text, snap)
    assert "unexpected_money" in found and "link_not_official" in found
    assert evidence(text, snap, "link_not_official") == ("hmrc-refund-uk.com",)
    assert all(ev in text for s in check(text, snap.checker).signs for ev in s.evidence)  # the message's own words


@pytest.mark.parametrize(
    "text,sign",
    [
        ("Pay within 24 hours or your parcel will be returned to sender", "urgency"),
        ("A warrant has been issued for your arrest. Press 1", "threat"),
        ("I need you to buy Amazon gift cards and send me the codes", "payment_method"),
        ("Move your money to a safe account now", "payment_method"),
        ("Hi mum, this is my new number, my phone broke", "new_number"),
        ("Congratulations! You have won a £500 prize", "unexpected_money"),
        ("Your parcel has a £1.99 shipping fee to pay", "small_fee"),
        ("Please send me the 6-digit code I sent you by mistake", "asks_for_details"),
        ("Your account has been suspended due to unusual activity", "account_problem"),
        ("Can you handle it discreetly? I'm in a meeting", "secrecy"),
        ("Earn £100 - £300 a day, part-time job liking videos", "easy_money_job"),
        ("I recorded you through your webcam while you were on a porn site. Pay in bitcoin", "sextortion"),
    ],
)
def test_each_sign(text, sign, snap):
    assert sign in keys(text, snap)


@pytest.mark.parametrize(
    "text,sign",
    [
        ("Your refund: http://103.208.86.54/claim", "link_ip"),
        ("Win now http://winner@3117711444/tpi23", "link_at_trick"),
        ("Evri: your parcel is held, pay the fee at bit.ly/evri-update", "link_shortener"),
        ("PayPal: your account is limited, log in at paypa1.com", "link_lookalike"),
        ("PayPal: your account is limited, log in at xn--pypal-4ve.com", "link_lookalike"),
        ("HALIFAX: a payment was attempted. Visit halifaxfraudpreventionteam.com/login", "link_not_official"),
        ("You have won! Call 09061701461 to claim your prize", "premium_number"),
        ("Claim your refund, call 07011234567", "personal_number"),
        ("Santander fraud team: call us now on 07432 555086 about a payment", "mobile_claims_organisation"),
    ],
)
def test_link_and_number_tricks(text, sign, snap):
    assert sign in keys(text, snap)


def test_official_links_and_numbers_are_not_signs(snap):
    assert keys("HMRC: see www.gov.uk/tax-refund for help", snap) == []
    assert "link_not_official" not in keys("NHS: book at nhs.uk/covid-vaccination. Your account is locked", snap)
    assert "mobile_claims_organisation" not in keys("Hi mum it's me, call 07432 555086", snap)


def test_sender_address_that_does_not_fit(snap):
    text = "From: Barclays Security <barclays.alerts@gmail.com>\nSubject: Account locked\nYour account is locked."
    assert "sender_mismatch" in keys(text, snap)
    assert "sender_mismatch" not in keys(
        "From: Barclays <alerts@barclays.co.uk>\nSubject: Hello\nYour account is locked.", snap
    )


def test_links_are_found_without_opening_them():
    found = {link.registrable for link in find_links("see https: // payee.cancellation95 .com and evri-uk[dot]com")}
    assert found == {"cancellation95.com", "evri-uk.com"}
    assert find_links("e.g. £4.99 at 3.30pm") == []


@pytest.mark.parametrize(
    "text,kind",
    [
        ("From: x@y.com\nSubject: hi\nDear customer", "email"),
        ("This call is to notify you that a criminal case is registered against your name. Press 1", "voicemail"),
        ("Got this on Instagram: Hello Instagram user, a copyright violation was found", "dm"),
        ("[12/03/2024, 10:15] Mum: hi love", "whatsapp"),
        ("hmrc-refund-uk.com", "link"),
        ("07432 555086", "number"),
        ("Royal Mail: your parcel is held", "sms"),
    ],
)
def test_kind_of_message(text, kind):
    assert message_kind(text) == kind


def test_where_to_send_it(snap):
    assert check("Royal Mail: pay the fee within 24 hours", snap.checker).routes[0] == "forward_7726"
    assert (
        check("From: a@b.com\nSubject: refund\nYou are owed a refund", snap.checker).routes[0]
        == "report_phishing_email"
    )
    assert (
        check("Hello Instagram user, your account will be deleted within 24 hours", snap.checker).routes[0]
        == "platform_report"
    )
    assert check("This is your bank's fraud department. Press 1 now", snap.checker).routes[0] == "stop_scams_159"
    unsure = check("Let me know if you are available, I need gift cards discreetly", snap.checker)
    assert unsure.routes[:2] == ["forward_7726", "report_phishing_email"]  # unclear kind: both, labelled
    assert check("I need gift cards", snap.checker, kind="email").routes[0] == "report_phishing_email"


SAYS_SAFE = re.compile(r"\b(?:it|this)(?:'s| is| looks) (?:safe|fine|genuine|legit)|\bis a scam\b|\bdefinitely\b", re.I)


def test_reply_with_signs_never_claims_certainty(snap):
    messages = compose(check("Royal Mail: pay the £1.99 fee within 24 hours at royalmail-fee.com", snap.checker), snap)
    text = "\n".join(m["text"] for m in messages)
    assert text.startswith("This has 3 signs of a scam:")
    assert "7726" in text and "159" in text
    assert "royalmail-fee[.]com" in text and "royalmail-fee.com" not in text  # shown, but not tappable
    assert "If you already clicked, replied, paid or gave details" in text
    assert not SAYS_SAFE.search(text)


def test_reply_without_signs_never_says_safe(snap):
    messages = compose(check("See you at 6 for tea", snap.checker), snap)
    text = "\n".join(m["text"] for m in messages)
    assert "I can't see the usual signs of a scam, but that doesn't make it safe." in text
    assert "159" in text and "7726" in text
    assert not SAYS_SAFE.search(text)


def test_weak_signs_alone_are_not_shown(snap):
    assert keys("Dear customer, please click here to book your appointment", snap) == []
    assert "click_link" in keys("Dear customer, your account is locked. Click here to verify", snap)


def test_bad_input_is_handled(snap):
    for text in ("", "   ", "<img src=x onerror=alert(1)>", "x" * 100000, "🙂" * 50, "¿Es una estafa? Su paquete"):
        result = check(text, snap.checker)
        assert result.kind in snap.checker.send_by_kind
        assert compose(result, snap)[0]["text"]


def test_insights_metadata_has_no_message_text(snap):
    meta = insights_metadata(check("Hi mum new number, send money to this account", snap.checker))
    assert set(meta) == {"signs", "routes", "kind"} and "new_number" in meta["signs"]


def test_content_is_checked_at_load(snap):
    bundle = read_local_bundle(PROJECT_ROOT / "content")
    broken = copy.deepcopy(bundle["checker"])
    broken["send_by_kind"]["sms"] = ["no_such_route"]
    with pytest.raises(ContentError):
        parse_checker(broken, snap.routes, "test")
    broken = copy.deepcopy(bundle["checker"])
    del broken["signs"]["urgency"]
    with pytest.raises(ContentError):
        parse_checker(broken, snap.routes, "test")


def test_a_number_the_channel_gate_removed_is_still_a_number_to_check(snap):
    """The channel gate (channels/gate.py) removes phone numbers before Rasa sees a message: a number alone
    still reaches the checker, is treated as a number, and the reply says the number itself couldn't be checked."""
    from cyberprotect.checker.detect import HIDDEN_NUMBER, looks_pasted

    for text in (HIDDEN_NUMBER, f"is this a scam? {HIDDEN_NUMBER}"):
        assert looks_pasted(text)
        result = check(text, snap.checker)
        assert result.kind == "number" and result.numbers_hidden
        reply = "\n".join(m["text"] for m in compose(result, snap))
        assert "can't check the number" in reply and "7726" in reply


# Round 2 (corpus grown to 201 scam / 137 genuine messages): signs added on the development part only.
@pytest.mark.parametrize(
    "text,sign",
    [
        (
            "This is to inform you that your broadband contract will be terminated tomorrow. Please press 1 now.",
            "press_one",
        ),
        ("Your internet service will be shut down unless you press button 1", "press_one"),
        ("Hey, I saw this video. Isn't this you?", "curiosity_bait"),
        ("Look who died in an accident. I think you know him.", "curiosity_bait"),
        (
            "Could you send me over a small amount of money via a money transfer agent to clear my hospital bill",
            "asks_for_money",
        ),
        ("Your access to the online service has been suspended.", "account_problem"),
        ("You have unpaid parking fines. You may be subject to additional fines and interest.", "threat"),
        ("Our records show you have not yet submitted your application for the payment.", "account_problem"),
        ("Earn from $ 2800-6200 per month. This job is part time, you can work at home.", "easy_money_job"),
        ("Please confirm and verify your most up to date account details via our secure link", "asks_for_details"),
    ],
)
def test_round_two_signs(text, sign, snap):
    assert sign in keys(text, snap)


def test_a_date_a_few_days_away_is_not_urgency_unless_it_demands_something(snap):
    assert "urgency" not in keys("Your application is processed. Your installation will happen within 3 days.", snap)
    assert "urgency" in keys("If you do not pay within 28 days the fine goes up by 50%.", snap)


def test_service_numbers_are_judged_alike_seen_or_hidden_by_the_gate(snap):
    # 087 and 084 are service numbers (channels/redaction.py's "service-charge"): a sign both ways
    assert "premium_number" in keys("You have 1 new voicemail. Please call 08719181503", snap)
    assert "premium_number" in keys(
        "You have 1 new voicemail. Please call [phone number removed: service-charge]", snap
    )
    assert "premium_number" not in keys("Please call us on [phone number removed: non-geographic]", snap)


def test_hi_mum_of_unknown_kind_also_says_where_to_report_on_whatsapp(snap):
    result = check(
        "Hi dad, this is my new number. My phone doesn't turn on anymore so message me on this one.", snap.checker
    )
    assert not result.kind_sure and "platform_report" in result.routes and "forward_7726" in result.routes


@pytest.mark.parametrize(
    "text,sign",
    [
        ("Reply YES to claim. Only 150p/msg, 16+", "reply_charges"),
        ("To enter just text WIN to 80086 now", "reply_charges"),
        ("Hi mum, I've got a new phone, this is my temporary number", "new_number"),
        ("Can you help me pay my rent today, I'll pay you back", "asks_for_money"),
        ("Your parcel is on hold at our depot", "account_problem"),
    ],
)
def test_round_two_general_signs(text, sign, snap):
    assert sign in keys(text, snap)


def test_genuine_personal_texts_about_money_and_phones_show_no_sign(snap):
    for text in (
        "I cant pick the phone right now. Pls send a message",
        "Sorry, left phone upstairs.",
        "Your bill at 3 is £33.65 so thats not bad!",
    ):
        assert keys(text, snap) == [], text


def test_someone_who_already_paid_gets_what_to_do_first_then_the_signs(snap):
    text = 'I got "Royal Mail: your parcel is held, pay the £1.99 fee at royalmail-fee.com" and I clicked it and paid'
    result = check(text, snap.checker)
    assert result.acted and result.signs
    messages = [m["text"] for m in compose(result, snap)]
    assert "already done what the message asked" in messages[0] and "call your bank" in messages[0]
    assert "signs of a scam" in messages[1] and messages[-1].count("call your bank") == 0
    plain = [
        m["text"]
        for m in compose(check("Royal Mail: your parcel is held, pay £1.99 at royalmail-fee.com", snap.checker), snap)
    ]
    assert "signs of a scam" in plain[0] and "If you already clicked" in plain[1]


# Genuine HSBC texts (the examples on hsbc.co.uk/help/security-centre/received-a-text/, dev part g134, g137) were
# flagged: "fraud alert" is the banks' own label for a real transaction check, and a number given as where a
# message will come FROM is not one the bank asks you to ring. Scams that hold a payment or give a mobile to call
# still show their signs.
HSBC_TRANSACTION_CHECK = (
    "HSBC fraud alert: Possible unauthorized transactions on card ending 1004: 250 GDP 30-Jan "
    "09:56am ABCSTORES. If you made all transactions reply Y, otherwise reply N"
)
HSBC_SENDER_NOTICE = (
    "This is a fraud alert from HSBC. We need you to verify recent transactions. Shortly you will "
    "receive a message from +447537438060 with directions on how to respond."
)


def test_genuine_bank_fraud_alert_texts_show_no_sign(snap):
    assert keys(HSBC_TRANSACTION_CHECK, snap) == []
    assert keys(HSBC_SENDER_NOTICE, snap) == []


def test_a_mobile_to_call_and_a_held_payment_are_still_signs(snap):
    assert "mobile_claims_organisation" in keys("This is a fraud alert from HSBC. Call us now on +447537438060.", snap)
    assert "mobile_claims_organisation" in keys("HSBC: text +447537438060 to stop the payment", snap)
    assert "account_problem" in keys(
        "SANTANDER FRAUD ALERT: We have held a recent payment on your account for "
        "372.60 GBP. Please call Fraud now on 08001026139",
        snap,
    )


def test_the_sender_rule_works_on_a_number_the_gate_removed(snap):
    gated = "This is a fraud alert from HSBC. Shortly you will receive a message from [phone number removed: mobile]."
    assert "mobile_claims_organisation" not in keys(gated, snap)
    assert "mobile_claims_organisation" in keys("HSBC fraud team: ring [phone number removed: mobile] now.", snap)


# Written the way real messages are: curly apostrophes (from phones and web pages), "fancy font" letters and
# look-alike letters from other alphabets are read as the plain letters they show (one character for one, so the
# evidence is quoted exactly as written), and disguised letters are themselves a sign.
def test_curly_apostrophes_are_read_as_plain_ones_and_quoted_as_written(snap):
    text = "A withdrawal of £1566.04 has been made from your account. If this wasn’t you please call the fraud team."
    assert "account_problem" in keys(text, snap)
    assert evidence(text, snap, "account_problem") == ("If this wasn’t you",)


def test_disguised_letters_are_a_sign_and_the_words_are_still_read(snap):
    cyrillic = "Your Аmazon аccount has been locked. Verify your details today."  # Cyrillic А and а
    found = keys(cyrillic, snap)
    assert "disguised_letters" in found and "account_problem" in found and "asks_for_details" in found
    assert "amazon" in check(cyrillic, snap.checker).claimed
    assert "disguised_letters" in keys("𝐂𝐨𝐧𝐠𝐫𝐚𝐭𝐮𝐥𝐚𝐭𝐢𝐨𝐧𝐬 you have won", snap)
    for plain in ("Привет, как дела?", "Café at 3? Les élèves arrivent", "It’s Tom, see you at 6"):
        assert "disguised_letters" not in keys(plain, snap), plain


@pytest.mark.parametrize(
    "text,sign",
    [
        ("Someone you know is trying to contact you. To find out who, text back", "curiosity_bait"),
        ("You have been pre-approved for a loan of £5,000", "unexpected_money"),
        ("I am the barrister of your late relative and you are next of kin to 4.5 million dollars", "unexpected_money"),
        ("Join our investment platform and double your money in a week", "unexpected_money"),
        ("No experience needed, flexible hours, daily pay", "easy_money_job"),
        ("Your iCloud storage is full. Your photos will be deleted", "account_problem"),
        ("Bailiffs will visit your home tomorrow unless you pay", "threat"),
        ("Hey its been 3 weeks! XxX std chgs to send, £1.50 to rcv", "reply_charges"),
        ("Ringtone club: £3/wk for 3 tones", "reply_charges"),
        ("Free entry in 2 a wkly comp to win FA Cup final tkts", "unexpected_money"),
    ],
)
def test_round_three_general_signs(text, sign, snap):
    assert sign in keys(text, snap)


# HSBC's own "call us" text (dev g135) showed "it rushes you" and "call the number it gives": but the number is one
# HSBC publishes for its fraud team (content/checker.yml, from HSBC's page). When every link and number in a
# message is the organisation's own, rushing or worrying you is not counted: following it reaches the real one.
HSBC_CALL_US = (
    "Please immediately call Fraud on 03452669337 (intl +441470697107) ref: 12345678 to discuss payment "
    "for £999.99 on 25/05. Open 8am-8pm Mon-Fri, 8am-6pm Sat-Sun. Do not reply by SMS."
)


def test_a_text_that_sends_you_only_to_the_banks_published_number_shows_no_sign(snap):
    assert keys(HSBC_CALL_US, snap) == []
    reply = "\n".join(m["text"] for m in compose(check(HSBC_CALL_US, snap.checker), snap))
    assert "can't see the usual signs" in reply and "doesn't make it safe" in reply and "159" in reply


def test_another_number_or_a_link_still_shows_the_signs(snap):
    other = HSBC_CALL_US.replace("03452669337", "03452669999").replace(" (intl +441470697107)", "")
    assert {"urgency", "click_link"} <= set(keys(other, snap))
    mixed = HSBC_CALL_US + " Or verify at hsbc-fraud-check.com"
    assert "urgency" in keys(mixed, snap) and "link_not_official" in keys(mixed, snap)
    gated = HSBC_CALL_US.replace("03452669337", "[phone number removed: non-geographic]")
    assert "urgency" in keys(gated, snap)  # a number the gate removed could be anyone's


def test_an_official_looking_link_in_an_email_does_not_clear_the_signs(snap):
    email = "From: HSBC <alerts@hsbc.co.uk>\nSubject: Urgent\nYour account is locked. Act now at www.hsbc.co.uk/secure"
    assert "account_problem" in keys(email, snap)  # an email's link words can hide another address
    text = "HSBC: your account is locked. Log in urgently at www.hsbc.co.uk to check."
    assert keys(text, snap) == []  # in a text, the address shown is the address


# --- Round 4 (3 Dec 2026 evening): chatty scams with no link (task and job offers, "wrong number" openers,
# sextortion, a friend in need, romance excuses). Each text is written for the test, in the style of the public
# warnings the development corpus quotes; each row fails without its sign.
@pytest.mark.parametrize(
    "text,sign",
    [
        ("Sorry, I think I texted the wrong number. Anyway, nice to meet you! I'm Anna from Leeds", "wrong_number"),
        ("Hello, a friend of mine gave me your number, she said you might like a chat", "wrong_number"),
        ("Hi, is this Claire?", "wrong_number"),
        ("I can buy you a coffee to apologise for the mix-up", "wrong_number"),
        ("If you want the job details please add me on WhatsApp", "move_to_app"),
        ("Let's continue our chat on Telegram, it's easier", "move_to_app"),
        ("The manager will contact you via WhatsApp soon", "move_to_app"),
        ("Just text me your number and I'll explain", "move_to_app"),
        ("To withdraw your earnings you need to top up £120 first", "pay_to_earn"),
        ("Your account shows a negative balance, complete the next set to unlock your commission", "pay_to_earn"),
        ("There is a small training fee before you start the job", "pay_to_earn"),
        ("I can't video call, my camera is broken", "wont_meet"),
        ("I'm working on an oil rig so I can't meet up with you yet", "wont_meet"),
        ("We need a group of part-time helpers.", "easy_money_job"),
        ("Hi, I work as a recruiter. I would like to offer you a great opportunity", "easy_money_job"),
        ("You get a commission for each review you leave", "easy_money_job"),
        ("I have your nude pics. Pay me or I send them to all your followers", "sextortion"),
        ("I will send the video to your family and friends unless you pay", "sextortion"),
        ("Could you lend me some? I could pay you back tomorrow", "asks_for_money"),
        ("Could you make this transfer for me? You'll have it back tomorrow", "asks_for_money"),
        ("I'm texting from someone else's phone, please reply to this number", "new_number"),
        ("Please press 9 to speak to an advisor about your parcel", "press_one"),
        ("Secret WhatsApp golden version has been leaked, only celebrities use it", "curiosity_bait"),
        ("You may be eligible for a new government grant", "unexpected_money"),
        ("Please reply, time is running out", "urgency"),
    ],
)
def test_round_four_general_signs(text, sign, snap):
    found = check(text, snap.checker)
    assert sign in found.sign_keys, found.sign_keys
    assert all(ev in text for s in found.signs for ev in s.evidence)  # the message's own words


def test_round_four_signs_leave_ordinary_texts_alone(snap):
    for text in (
        "Are you okay?",
        "Are you OK?",
        "Is this right?",
        "is this a scam?",
        "Aight, can you text me the address?",
        "Nice to meet you too",
        "I got another job! Starts on monday!",
        "My webcam is fine, see you at 8",
        "Thanks for the coffee yesterday",
        "You can now transfer money to friends in the app",
        "Share your photos with friends and family",
        "Please contact our HR team about your payslip",
        "You can withdraw your earnings from Monday",
        "The school has written about sharing explicit images",
        "We would like to offer you the position, congratulations",
    ):
        assert not {
            "wrong_number",
            "move_to_app",
            "pay_to_earn",
            "wont_meet",
            "sextortion",
            "easy_money_job",
            "asks_for_money",
        } & set(keys(text, snap)), text
    # "you are not required to pay any joining fee" is not a demand for a fee (the job offer is still a sign)
    found = keys("This is a simple job and you are not required to pay any joining fee", snap)
    assert "pay_to_earn" not in found


def test_a_code_text_that_says_never_share_it_shows_no_sign_but_asking_for_it_does(snap):
    assert keys("Your verification code is 248-371. Do not share it with anyone.", snap) == []
    assert "asks_for_details" in keys(
        "Your verification code is 248-371. Do not share it. Send the code back to me", snap
    )


def test_a_text_asking_to_move_to_whatsapp_is_not_itself_a_whatsapp_message(snap):
    assert message_kind("Hi, Mom, this is my new number. Can you save it and send me a message on WhatsApp?") == "sms"
    assert message_kind("I got this on WhatsApp from a stranger") == "whatsapp"


def test_a_friend_asking_for_money_by_unknown_means_also_gets_the_apps_report_button(snap):
    result = check("Hey I need help. Could you lend me some money? I'll pay you back tomorrow.", snap.checker)
    assert not result.kind_sure and "platform_report" in result.routes


def test_a_short_chatty_message_without_signs_gets_the_wrong_number_caution(snap):
    # (until round 7 this was "Hi John, are we still on for dinner tonight?"; a first name and plans is now the
    # name_opener sign, tested below)
    result = check("Would you like to come over for dinner tonight? I'm making chicken curry!", snap.checker)
    text = "\n".join(m["text"] for m in compose(result, snap))
    assert result.signs == [] and snap.checker.wording["unknown_sender"] in text
    assert "doesn't make it safe" in text and not SAYS_SAFE.search(text)
    long_letter = check("Dear Sam, thanks for a lovely evening. " * 8, snap.checker)
    assert snap.checker.wording["unknown_sender"] not in "\n".join(m["text"] for m in compose(long_letter, snap))


# Round 6 (4 Dec 2026): general signs added on the development part only, after the new messages were scored blind.
@pytest.mark.parametrize(
    "text,sign",
    [
        ("Your card has been charged with £412.00 for an iPhone 15 Pro. Call us to cancel.", "account_problem"),
        ("Alert! Your account was debited $89.99 for order 55120.", "account_problem"),
        ("Your mailbox will be deleted in 3 days. Keep it active here.", "urgency"),
        ("You have 2 unread messages waiting. Read them now.", "curiosity_bait"),
        ("Tell me what you can pay or I will post it and ruin your life.", "threat"),
        ("Listen to me, I have enough to destroy you.", "threat"),
        ("Should I show your nude video to your followers?", "sextortion"),
        ("hey cutie, I'm naked on cam right now, answer my call", "sexual_bait"),
        ("send me some nude pics babe", "sexual_bait"),
        ("This coin is going to double in the next few days, get in now", "unexpected_money"),
        ("Our pick is going up 200% next week.", "unexpected_money"),
        (
            "My accountant paid you £900 too much. Please deduct the rent and send the rest back to me.",
            "asks_for_money",
        ),
        ("Sorry, I sent a code to your number by mistake. Could you forward it to me?", "asks_for_details"),
    ],
)
def test_round_six_general_signs(text, sign, snap):
    found = check(text, snap.checker)
    assert sign in found.sign_keys, found.sign_keys
    assert all(ev in text for s in found.signs for ev in s.evidence)  # the message's own words


def test_an_organisations_own_advice_or_a_condition_is_not_a_demand(snap):
    # HMRC's and Vinted's own emails: advice about what they never ask, a refund "if you are due" one, no link
    for text in (
        "Stay safe. We never ask you to share personal details or your password by message.",
        "HMRC will never ask for your bank details by email.",
        "You can get tax letters online, such as if you owe tax or are due a refund.",
        "For security reasons, we have not included a link with this email.",
    ):
        assert keys(text, snap) == [], text
    # the same words next to a real demand still show it: the advice covers only its own clause
    found = keys("We will never ask for your PIN, so please verify your account details at secure-check.co", snap)
    assert "asks_for_details" in found


def test_a_code_request_sent_as_a_mistake_is_read_as_whatsapp_and_gets_the_apps_report_button(snap):
    result = check("Hi! I sent a verification code to your number by mistake, can you forward it to me?", snap.checker)
    assert result.kind == "whatsapp" and "platform_report" in result.routes


def test_sextortion_with_no_app_named_also_offers_the_apps_report_button(snap):
    result = check("I'm naked on cam now, answer the call", snap.checker)
    assert "sexual_bait" in result.sign_keys and "platform_report" in result.routes


# Round 7 (4 Dec 2026): general signs added on the development part only, after its 64 + 32 new messages were scored
# blind (46.9 % of the new scams showed a sign). These sentences are written for the tests, not copied from the corpus.
@pytest.mark.parametrize(
    "text,sign",
    [
        ("Please reply Y, then exit the text and open it again to activate the link.", "reply_to_activate"),
        ("Copy the link into your Safari browser to open it.", "reply_to_activate"),
        ("After replying OK, reconfirm your delivery address at the link.", "reply_to_activate"),
        ("Your statement is attached: Statement_0425.pdf", "attachment"),
        ("You have an attached secure message from your bank.", "attachment"),
        ("New voicemail. Click here to listen to your full voice message.", "attachment"),
        ("Selling my two tickets for Saturday's gig, can't go anymore. DM me", "ticket_offer"),
        ("Got 2 tickets for Oasis at face value, message me", "ticket_offer"),
        ("hi quietmeadow.com/Xk29pQ", "bare_link"),
        ("BREAKING: star quits show brightfieldnews.net/r/88a", "bare_link"),
        ("I've been paid to kill you. Pay or you will die.", "threat"),
        ("If you tell the police, the deal is off.", "secrecy"),
        ("Whatever you do, do not inform the police.", "secrecy"),
        ("Thanks for paying on time, here's a little gift for you", "unexpected_money"),
        ("Take our 2 minute survey and get $50 credit", "unexpected_money"),
        ("We can help you write off up to 80% of your debts", "unexpected_money"),
        ("Your parcel cannot be delivered. Outstanding balance: $1.45", "small_fee"),
        ("Your debit card has been disabled. Re-enable it today.", "account_problem"),
        ("We noticed alarming activity on your account.", "account_problem"),
        ("Your phone has been comprimised!", "account_problem"),
        ("Review an attempt to charge £450.00 on your card", "account_problem"),
        ("We found an incorrect door number on your order.", "account_problem"),
        ("BREAKING NEWS: presenter leaves the show", "curiosity_bait"),
        ("Try this revolutionary way to pay off your mortgage", "curiosity_bait"),
        ("Hi, want to meet up? View my photos here", "sexual_bait"),
        ("Sophie sent you a kiss", "sexual_bait"),
        ("We pay US$300-US$800 for rating hotels", "easy_money_job"),
        ("Mystery shoppers wanted in your area", "easy_money_job"),
        ("I'm Lily, not sure if the number is correct", "wrong_number"),
        ("Hey, we met on tinder last year, remember me?", "wrong_number"),
        ("Hi Sarah, are we still on for lunch tomorrow?", "name_opener"),
        ("Tom, aren't you coming tonight?", "name_opener"),
        ("hi Rachel, it's been a long time, how are you?", "name_opener"),
        ("Your bill was p.aid. H.ere's our t.iny pr.esent f.or you", "disguised_letters"),
    ],
)
def test_round_seven_general_signs(text, sign, snap):
    found = check(text, snap.checker)
    assert sign in found.sign_keys, found.sign_keys
    assert all(ev in text for s in found.signs for ev in s.evidence)  # the message's own words


def test_round_seven_signs_leave_ordinary_messages_alone(snap):
    for text, not_these in (
        ("Start using HMRC Inheritance Tax Online Service", {"unexpected_money"}),
        ("Ok.i will call you later.home.now", {"disguised_letters", "bare_link"}),
        ("Wife.how she knew the time of murder exactly", {"bare_link", "threat"}),
        ("now i m blogging at magicalsongs.blogspot.com", {"bare_link"}),
        ("Tickets are £20 to £30 at the box office", {"easy_money_job", "ticket_offer"}),
        ("You have a new secure message. Log in to online banking to read it.", {"attachment"}),
        ("Hi all, are we still on for Friday?", {"name_opener"}),
        ("Hi Mum, are we still on for Sunday lunch?", {"name_opener"}),
        ("I compromised everything for my love", {"account_problem"}),
        ("Yo dude guess who just got arrested the other day", {"secrecy"}),
        ("I'll reply to your email tomorrow and confirm the dates", {"reply_to_activate"}),
    ):
        assert not not_these & set(keys(text, snap)), (text, keys(text, snap))
    # a link pasted on its own to be checked says nothing about itself either way: not a "bare link"
    assert "bare_link" not in keys("https://www.example.co.uk/news/article-123", snap)
    assert "bare_link" not in keys("Your refund is ready at https://www.gov.uk/sign-in", snap)


def test_a_first_name_and_plans_is_a_sign_worded_as_a_condition_never_a_verdict(snap):
    result = check("Hi John, are we still on for dinner tonight?", snap.checker)
    text = "\n".join(m["text"] for m in compose(result, snap))
    assert result.sign_keys == ["name_opener"]
    assert "If that isn't your name or you don't know the number" in text
    assert not SAYS_SAFE.search(text) and "platform_report" in result.routes  # kind unclear: the app's button too
    # the same with the person's own question or a quote in front (the action checks the whole chat message)
    assert "name_opener" in keys("is this a scam? Hi John, are we still on for dinner tonight?", snap)
    assert "name_opener" in keys('I got this: "Mike, aren\'t you coming to the party tomorrow?"', snap)


def test_signs_added_since_round_seven_name_their_source_and_review_date(snap):
    for key in ("name_opener", "reply_to_activate", "attachment", "ticket_offer", "bare_link"):
        pairs = snap.checker.sign_sources.get(key)
        assert pairs and all(url.startswith("https://") or url.startswith("http://") for url, _ in pairs), key
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", date) for _, date in pairs), key
    bundle = read_local_bundle(PROJECT_ROOT / "content")
    broken = copy.deepcopy(bundle["checker"])
    broken["sign_sources"]["no_such_sign"] = [{"url": "https://example.org", "reviewed": "2026-12-04"}]
    with pytest.raises(ContentError):
        parse_checker(broken, snap.routes, "test")
    broken = copy.deepcopy(bundle["checker"])
    broken["sign_sources"]["bare_link"] = [{"url": "https://example.org"}]
    with pytest.raises(ContentError):
        parse_checker(broken, snap.routes, "test")


# Round 8 (4 Dec 2026): UK premium-rate, prize and per-message-charge texts (the UCI spam kind), written for the tests.
@pytest.mark.parametrize(
    "text,sign",
    [
        ("Hot chat line 0870123456150p per msg reply stop to end", "reply_charges"),
        ("Welcome to the club! msgs@150p 16+ only", "reply_charges"),
        ("ALL MSGS RECEIVED 150P INC VAT", "reply_charges"),
        ("Daily horoscope, enjoy @ two gbp/sms", "reply_charges"),
        ("Thanks, you have been billed 150p for your tone", "reply_charges"),
        ("Your mobile will be charged £4.50/month until you reply STOP", "reply_charges"),
        ("Call now, calls cost £1.50 min from a landline", "reply_charges"),
        ("Text88066 for more games", "reply_charges"),
        ("You have been selected to stay in one of 100 hotels", "unexpected_money"),
        ("To claim, call our hotline today", "unexpected_money"),
        ("For your chance to win an iPad just reply WIN", "unexpected_money"),
        ("You are entitled to upgrade to the latest camera phone", "unexpected_money"),
        ("Get a FREE Bluetooth headset with every order", "unexpected_money"),
        ("This stock is up over 400% this month", "unexpected_money"),
        ("To get your credit pls reply with your full name, house number and postcode", "asks_for_details"),
        ("We billed your phone by mistake, call us to get it refunded", "account_problem"),
        ("Hey, horny single female near you, text me", "sexual_bait"),
        ("Dates4U: Jess99 is 24/f from Leeds, check her out", "wrong_number"),
    ],
)
def test_round_eight_general_signs(text, sign, snap):
    found = check(text, snap.checker)
    assert sign in found.sign_keys, found.sign_keys
    assert all(ev in text for s in found.signs for ev in s.evidence)


def test_round_eight_signs_leave_ordinary_messages_alone(snap):
    for text, not_these in (
        ("Download the free mobile app to see your tax letters", {"unexpected_money"}),
        ("Got a new phone, same number", {"unexpected_money"}),
        ("Prices are up 10% this year", {"unexpected_money"}),
        ("I was charged for parking again, so annoying", {"reply_charges"}),
        ("Thanks for the lift, I'll text you 2morrow", {"reply_charges"}),
    ):
        assert not not_these & set(keys(text, snap)), (text, keys(text, snap))
