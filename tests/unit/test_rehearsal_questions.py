"""How the rehearsal persona reads an officer's turn (cyberprotect/rehearsal/questions.py, table
scenarios/_questions.yml), table by table. The phrasings are how officers and call handlers ask in practice,
including typed shorthand; each table also lists look-alikes that must NOT be read as that question."""

import pytest

from cyberprotect.rehearsal.questions import blame_sentence, is_question, normalise, read, reassure_sentence

QUESTIONS = {
    "what_happened": [
        "Can you tell me what happened?",
        "What's happened?",
        "Talk me through it from the start.",
        "In your own words, what happened?",
        "Could you explain what went on",
        "How can I help today?",
        "tell me everything",
    ],
    "when": [
        "When did this happen?",
        "What time was the call?",
        "How long ago was that?",
        "When did you send the money?",
        "what day was it",
    ],
    "money": [
        "Did you send any money?",
        "Have you lost any money?",
        "How much did you send?",
        "Are you out of pocket?",
        "Has any money gone from your account?",
        "did you pay them",
        "Have you paid the fee?",
    ],
    "how_paid": [
        "How did you pay?",
        "How did you send it?",
        "Was it by card or bank transfer?",
        "What payment method did you use?",
        "was that a bank transfer?",
    ],
    "details_given": [
        "Did you give them your card details?",
        "Have you shared any passwords?",
        "Did you read out any codes?",
        "What personal information did they get?",
    ],
    "where_live": [
        "Where do you live?",
        "Whereabouts are you?",
        "Which area are you in?",
        "What's your postcode?",
        "Are you in Scotland?",
        "where are you based",
        "Where is the business based?",
        "Can I ask where you live?",
    ],
    "age": ["How old are you?", "Can I ask your age?", "how old r u", "Are you over 18?"],
    "child_age": ["How old is your son?", "How old is she?"],
    "feelings": ["How are you feeling?", "Are you OK?", "How are you coping?", "How is your son doing?"],
    "told_bank": [
        "Have you told your bank?",
        "Have you been in touch with your bank yet?",
        "Does your bank know?",
        "Did you ring the bank?",
        "have u contacted your bank",
    ],
    "reported": [
        "Have you reported it?",
        "Have you told the police?",
        "Did you report this to anyone?",
        "Have you told anyone else?",
    ],
    "danger": [
        "Are you safe?",
        "Is anyone in danger right now?",
        "Is the courier still outside?",
        "Are they coming back?",
        "Have you had any thoughts of harming yourself?",
        "Is he safe right now?",
    ],
    "checked": [
        "Have you spoken to your daughter?",
        "Did you check with the supplier?",
        "Have you called her on her old number?",
        "Was it really her?",
    ],
    "contact": [
        "How did they contact you?",
        "What did the message say?",
        "Who rang you?",
        "How did you meet her?",
        "What did they ask for?",
    ],
    "still_in_contact": [
        "Are you still in contact with them?",
        "Have they been in touch again?",
        "Did you reply?",
        "Is he still on the line?",
    ],
    "evidence": ["Do you still have the messages?", "Have you kept the emails?", "Did you take any screenshots?"],
    "device": ["Did you install anything?", "Is the computer still on?", "Did they get remote access to your laptop?"],
    "accounts": ["Do you use the same password anywhere else?", "Have you got two-step verification on?"],
    "anything_else": ["Is there anything else?", "Any other questions?", "Anything else I can do for you?"],
    "name": ["What's your name?", "Can I take your name?"],
}

NOT_QUESTIONS = [
    "Call your bank now.",
    "You should report it to Report Fraud.",
    "Ring 159 to reach your bank.",
    "Don't send any more money.",
    "Keep the messages as evidence.",
    "I'm sorry to hear that.",
    "Okay.",
    "Thanks for that.",
]


@pytest.mark.parametrize("key,text", [(k, t) for k, ts in QUESTIONS.items() for t in ts])
def test_each_question_is_read_as_its_own_kind(key, text):
    reading = read(text)
    assert reading.asks and reading.asks[0] == key, (text, reading.asks, reading.why)


@pytest.mark.parametrize("text", NOT_QUESTIONS)
def test_advice_and_remarks_are_not_questions_about_facts(text):
    assert read(text).asks == []


def test_two_questions_in_one_turn_are_both_read_in_order():
    assert read("When was that, and how did you pay?").asks == ["when", "how_paid"]
    assert read("Where do you live? And how old are you?").asks == ["where_live", "age"]
    assert read("How much have you lost and when?").asks == ["money", "when"]


def test_a_question_suppresses_another_only_in_the_same_clause():
    assert read("When did you send the money?").asks == ["when"]


INVITES = [
    "Go on.",
    "Carry on",
    "And then what?",
    "What happened next?",
    "Tell me more.",
    "Take your time.",
    "what did you do then?",
]


@pytest.mark.parametrize("text", INVITES)
def test_invitations_to_go_on(text):
    assert read(text).invites


REASSURE = [
    "It's not your fault.",
    "You've done the right thing calling us.",
    "This happens to lots of people.",
    "These criminals are very convincing.",
    "Please don't blame yourself.",
    "You're not stupid at all.",
    "That must have been frightening.",
    "I'm so sorry this has happened to you.",
    "We can help you with this.",
    "Thank you for telling me.",
]
BLAME = [
    "Why did you send money to a number you didn't know?",
    "You should have checked first.",
    "That was a bit careless.",
    "I can't believe you fell for that.",
    "It was obviously a scam.",
    "Well, it's your own fault really.",
    "You need to be more careful.",
    "What were you thinking?",
    "Didn't you think to call her first?",
]


@pytest.mark.parametrize("text", REASSURE)
def test_reassurance(text):
    reading = read(text)
    assert reading.reassures and not reading.blames, reading.why
    assert reassure_sentence(text)


@pytest.mark.parametrize("text", BLAME)
def test_blame(text):
    reading = read(text)
    assert reading.blames and not reading.reassures, reading.why
    assert blame_sentence(text)


def test_a_blaming_question_is_not_answered_as_a_question():
    assert read("Why did you send money to a number you didn't know?").asks == []


ADVICE = [
    "Call your bank now.",
    "Please ring 159.",
    "You should report it.",
    "Don't reply to them.",
    "My advice is to keep the messages.",
    "Make sure you change your password.",
]


@pytest.mark.parametrize("text", ADVICE)
def test_advice_wording(text):
    assert read(text).advises


def test_questions_and_normalising():
    assert normalise("What’s   happened? You’ve") == "what is happened? you have"
    assert is_question("did you pay") and is_question("So, where do you live") and not is_question("Call the bank")
    assert read("").asks == [] and read("x" * 100_000).asks == []  # empty or huge: no crash
    assert read("<b>Where do you live?</b>").asks == ["where_live"]
