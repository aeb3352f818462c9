"""The safeguarding detector (pure): normalisation, vocabulary expansion, priority and long messages.
Recall and false alarms on the full lists are measured by scripts/safeguarding_report.py in `make test`."""

import pytest

from components.safeguarding_rules import SafeguardingRules, normalise, _expand


@pytest.fixture(scope="module")
def rules():
    return SafeguardingRules.from_file()


def test_normalise_drops_apostrophes_and_punctuation():
    assert normalise("He’s OUTSIDE—my house!!") == " hes outside my house "


def test_unknown_vocabulary_is_an_error():
    with pytest.raises(ValueError, match="unknown vocabulary"):
        _expand(r"\b{nope}\b", {"child": "son"})


def test_regex_quantifiers_are_not_vocabulary():
    assert _expand(r"a.{0,40}{child}", {"child": "(?:son)"}) == r"a.{0,40}(?:son)"


@pytest.mark.parametrize(
    "text,kind",
    [
        ("a man is meeting my daughter tonight", "child_danger"),
        ("he's outside my house now", "generic"),  # someone outside, no type: the short 999 reply
        ("the courier is on the way to collect my card", "crime_at_door"),
        ("I want to end it all", "self_harm"),
        ("my ex says he'll kill me", "danger"),
        # forms missed on development set 2 (2 Dec 2026), reworded here
        ("some adult is messaging my son naked pics as we speak", "child_danger"),
        ("a man keeps asking my 11 year old for nudes at this moment on snapchat", "child_danger"),
        ("the courier will be here any minute for my bank card", "crime_at_door"),
        ("he texted saying hell jump me on the way home tonight", "danger"),
    ],
)
def test_examples_from_the_issue_and_the_development_set_escalate(rules, text, kind):
    assert rules.detect(text).kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "I got a scam text about a parcel",
        "my instagram was hacked",
        "this password reset is killing me",
        "a courier collected my card yesterday",
        "my daughter was sent a rude photo last year, can i still report it",
        "how do i stop my son sending nudes",
    ],
)
def test_ordinary_messages_do_not_escalate(rules, text):
    assert rules.detect(text) is None


def test_what_should_i_do_now_is_a_question_not_urgency(rules):
    # found by the courier_fraud rehearsal script: "... gave my card to the courier ... what should I do now?"
    assert rules.detect("Yesterday I gave my card to the courier they sent. What should I do now?") is None
    assert rules.detect("the courier is coming now to collect my card").kind == "crime_at_door"


def test_being_asked_to_send_photos_is_not_a_scam_payment_in_progress(rules):
    # found by the child_asked_for_photos rehearsal script: "asking ... to send photos ... now" used to match
    # the "telling her to send money, she's going now" pattern and gave the courier-fraud emergency text
    text = "Someone online has been asking my 13 year old son to send photos of himself and now says he'll share them"
    detection = rules.detect(text)
    assert detection is None or not detection.kind.startswith("crime")
    assert rules.detect("theyre telling my mum to send the money now, shes putting her coat on").kind == "crime_at_door"


def test_self_harm_wins_over_urgency_with_no_type(rules):
    assert rules.detect("he's outside my house and I want to kill myself").kind == "self_harm"


def test_emergency_buried_in_a_very_long_message_is_found(rules):
    text = "I had a scam text about a parcel. " * 400 + "Honestly I want to end my life. " + "Thanks. " * 300
    assert len(text) > 15000
    assert rules.detect(text).kind == "self_harm"


def _nlu_examples(path):
    import re
    import yaml

    for block in yaml.safe_load(path.read_text())["nlu"]:
        if "intent" in block and not block["intent"].startswith("emergency_") and block["intent"] != "distress":
            for line in block["examples"].splitlines():
                text = re.sub(
                    r"\[([^\]]*)\]\{[^}]*\}|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or m.group(2), line.strip()[2:]
                )
                yield block["intent"], text


def test_ordinary_training_and_held_out_examples_rarely_escalate(rules):
    """The patterns must not fire on the everyday messages the bot is built for (at most 1 %)."""
    from tests.conftest import ROOT

    files = sorted((ROOT / "data" / "nlu").glob("*.yml")) + sorted((ROOT / "tests" / "nlu").glob("*.yml"))
    examples = [e for f in files for e in _nlu_examples(f)]
    flagged = [(intent, text) for intent, text in examples if rules.detect(text)]
    assert len(examples) > 1000
    assert len(flagged) / len(examples) <= 0.01, flagged


@pytest.mark.parametrize(
    "text,kind",
    [
        ("my mate said hes gonna kill me if i lose his fifa account lmao", None),  # {not_joking}
        ("he says hes gonna kill me lol im so scared", "danger"),  # joke word, but scared
        (
            "heard theres a scam where they send a taxi to take you to the bank, is that a real thing?",
            None,
        ),  # {not_hypothetical}
        ("the man from the bank is sending a taxi now to take me to the branch", "crime_at_door"),
        ("my knife block from amazon never turned up", None),
        ("cant go on holiday now because I lost the deposit", None),
        (
            "a lad at college pays people to let money go into their account and take it out as cash",
            None,
        ),  # not bare "take it"
        ("i just want to take my own life", "self_harm"),
        ("my passport was nicked and now theres a loan in my name", None),  # stolen earlier, consequences now
        ("someone just nicked my bag and now hes off down the road", "generic"),
        ("the builder is driving my nan to the bank to get the money out", "crime_at_door"),
        ("the builder drove my nan to the bank last week", None),
    ],
)
def test_guards_shared_through_the_vocabulary(rules, text, kind):
    found = rules.detect(text)
    assert (found.kind if found else None) == kind


# --- issue 19: the type decides the reply ---
@pytest.mark.parametrize(
    "text,kind",
    [
        # the issue's mis-typed messages
        ("my daughter is 12 and a man on roblox keeps asking her to move to snapchat", None),  # not the courier script
        (
            "my mum got a call from someone saying they were from her bank and they're sending a courier round to collect "
            "her card this afternoon",
            "crime_at_door",
        ),  # not the child script
        (
            "I had a call last week from someone saying they were my bank and my accounts were in danger. I hung up. "
            "How do I report it?",
            None,
        ),  # a story, not danger
        ("I feel so ashamed, I lost all my savings to a scam and my life is ruined", "distress"),
        # fraud on the phone or computer gets its own reply
        ("the scammer is still on the phone and he has remote access to my laptop", "crime_remote"),
        ("payments are going out of my account right now", "crime_remote"),
        ("hes on the phone right now telling me to approve the payment in my banking app", "crime_remote"),
        ("im still on the phone with the police officer, he says to take out 5000 cash", "crime_at_door"),
        # two types at once: the generic reply, never one of the two scripts
        ("my son is 14 and says hes going to jump off the bridge", "generic"),
        ("he's outside my house and I want to kill myself", "self_harm"),
        ("my neighbours kid is screaming and the dad is yelling hes gonna kill him", "generic"),
    ],
)
def test_the_type_decides_the_reply(rules, text, kind):
    found = rules.detect(text)
    assert (found.kind if found else None) == kind, found


def test_every_kind_has_a_type_with_an_intent_and_a_domain_reply(rules):
    import yaml
    from tests.conftest import ROOT

    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    for name, cfg in rules.types.items():
        assert cfg["intent"] in domain["intents"], name
        assert cfg["reply"] in domain["responses"], name


# --- issue 19, afternoon: context (past stories, questions, figures of speech), distress, typing slips ---
@pytest.mark.parametrize(
    "text",
    [
        "last week a courier came to collect my card, what do i do now",
        "the malware had control of my laptop for days before i noticed, its wiped now",
        "i got bullied at school last year and people told me to kill myself, can i still report it",
        "a taxi turned up last month to take my mum to the bank but she didnt go",
        "what should my dad do if a courier turns up for his card",
        "my boss is gonna kill me if i dont fix this phishing mess",
        "this scam text is killing me, they spelled paypal wrong",
        "aight im out",
    ],
)
def test_stories_questions_and_figures_of_speech_get_no_999_script(rules, text):
    found = rules.detect(text)
    assert found is None or found.kind == "distress", found


@pytest.mark.parametrize(
    "text,kind",
    [
        ("a courier is coming now to collect my card", "crime_at_door"),
        ("the malware man has control of my laptop right now and is in my banking", "crime_remote"),
        ("he said if i go to the police hell kill me", "danger"),
        ("my ex threatened me last week and hes outside now with a knife", "danger"),
        ("the caller says i need to buy gift cards now or ill be arrested", "crime_remote"),
        ("im on the phone with the bank fraud team and they want me to move my savings", "crime_remote"),
        # typing slips
        ("i want to kil myslef", "self_harm"),
        ("somone stabed my brother outside", "danger"),
    ],
)
def test_the_same_words_now_are_an_emergency(rules, text, kind):
    assert rules.detect(text).kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "im so angry at myself for giving them the code",
        "i feel sick, i sent them 12 thousand pounds and its all gone",
        "i cant believe i fell for it, im such a mug",
        "how do i tell my husband ive lost our savings",
    ],
)
def test_shame_and_despair_get_the_support_reply(rules, text):
    assert rules.detect(text).kind == "distress"


def test_typo_fixer_corrects_one_slip_to_a_pattern_word_and_leaves_words_alone():
    from components.safeguarding_rules import TypoFixer, _osa_distance_at_most_one

    assert _osa_distance_at_most_one("myslef", "myself") and _osa_distance_at_most_one("kil", "kill")
    assert not _osa_distance_at_most_one("thretning", "threatening")
    fixer = TypoFixer({"kill", "myself", "someone", "shes", "alight"}, frozenset({"kill", "myself", "hes", "the"}))
    assert fixer.fix(" i want to kil myslef ") == " i want to kill myself "
    assert fixer.fix(" hes the one ") == " hes the one "  # known words are never changed
    assert fixer.fix(" somone ") == " someone "
    assert fixer.fix(" aight ") == " alight "  # a missing letter is read in, unless the slang word is listed:
    assert rules_not_typo_is_known()


def rules_not_typo_is_known():
    rules = SafeguardingRules.from_file()
    return rules._typos.fix(" aight im out ") == " aight im out "


@pytest.mark.parametrize(
    "text",
    [
        "Someone I met online recorded me on a video call and says they'll send it to all my friends unless I pay £500.",
        "a man filmed me on a video call and is asking for money or he will post it",
    ],
)
def test_a_recording_made_on_a_call_is_sextortion_not_a_live_call(rules, text):
    """The live-call pattern ('on a video call ... says ... pay') must not read a sextortion threat as a scam call
    in progress: its script ('hang up, turn off the wi-fi') is the wrong advice (make scenarios: sextortion_adult)."""
    found = rules.detect(text)
    assert found is None or found.kind != "crime_remote"


def test_a_live_video_call_asking_for_money_is_still_a_call_in_progress(rules):
    assert rules.detect("im on a video call with a man who says i need to pay him now").kind == "crime_remote"


def test_being_recorded_on_a_call_that_is_still_going_on_is_a_call_in_progress(rules):
    text = "im on a video call with a woman and she's recorded me and now a man says pay £800 in 20 minutes"
    assert rules.detect(text).kind == "crime_remote"


# --- issue 19, evening: conditional questions, jokes, more distress (sg-tune) ---
@pytest.mark.parametrize(
    "text",
    [
        "what happens if someone is still on the phone pretending to be the police",
        "what do i do if someone from the bank says theyre sending a courier",
        "is it a scam if someone says theyll send a courier for my card",
        "should i be worried if a stranger keeps adding my son on fortnite",
    ],
)
def test_the_now_words_of_a_conditional_question_are_the_questions_not_the_writers(rules, text):
    ctx = rules.context(text)
    assert ctx.hypothetical and not ctx.now
    assert ctx.rules_out("crime_remote") and ctx.rules_out("crime_at_door", classifier_only=True)


@pytest.mark.parametrize(
    "text",
    [
        "what do i do if hes outside right now",
        "a courier is coming round now what do i do if he asks for my pin",
    ],
)
def test_a_conditional_question_asked_in_the_middle_of_it_is_still_now(rules, text):
    assert rules.context(text).now


@pytest.mark.parametrize(
    "text",
    [
        "if the bank puts me on hold again ill jump out the window haha",
        "my wife will murder me when she sees this bill 😂",
    ],
)
def test_a_joke_rules_out_the_classifiers_danger_but_never_self_harm(rules, text):
    ctx = rules.context(text)
    assert ctx.joke and ctx.rules_out("danger", classifier_only=True)
    assert ctx.rules_out("generic", classifier_only=True)
    assert not rules.context("i want to die lol").rules_out("self_harm", classifier_only=True)
    assert not rules.context("hes outside with a knife lol im scared").rules_out("danger")


@pytest.mark.parametrize(
    "text",
    [
        "i cant believe how gullible i was, it was all my savings",
        "my whole world has come crashing down since the investment turned out to be fake",
        "my head is all over the place since they took the money",
        "im 80 and feel like a daft old man",
        "the shame of it, i cant tell anyone",
        "how did i not see it, it was so obvious",
        "i cant face going out since the photos were shared",
    ],
)
def test_more_ways_of_saying_shame_get_the_support_reply(rules, text):
    assert rules.detect(text).kind == "distress"


def test_goodbye_note_words_are_not_a_distress_pattern(rules):
    """'I've let everyone down' is also goodbye-note language: a distress pattern there turned a self-harm message
    the classifier saw into the support reply. The classifier decides it."""
    assert rules.detect("ive let everyone down") is None
    assert rules.detect("i have let my family down") is None


def test_dialect_and_dropped_gs_are_read_in_standard_english(rules):
    assert rules._typos.fix(normalise("sumdy's tryin tae jimmy ma windae")) == " somebodys trying to jimmy my window "
    assert rules._typos.fix(normalise("my ma is greetin")) == " my mum is crying "
    assert rules.detect("sumdy's tryin tae jimmy ma windae").kind == "generic"
    assert rules.detect("scunnered wi masel for fallin for it").kind == "distress"


@pytest.mark.parametrize(
    "text,kind",
    [
        ("my wee boy has run off in the retail park and we cant find him", "child_danger"),
        ("lost my 3 year old at the swimming baths", "child_danger"),
        ("im 13 and a man says if i dont send more pics he will show my dad", "child_danger"),
        ("the woman on the landline says shes from the bank and wont let me hang up", "crime_remote"),
        ("theyre in my laptop now looking at my banking", "crime_remote"),
        ("he says wait here while i go to the cashpoint and get the 3000", "crime_at_door"),
        ("two fellas tryin to force the back door of the garage", "generic"),
    ],
)
def test_development_list_6_forms(rules, text, kind):
    assert rules.detect(text).kind == kind


def test_danger_words_in_a_fraud_story_get_the_generic_reply_not_dangers_script(rules):
    # '10 mins away' and 'waiting outside' are danger patterns; with fraud words and no violence: generic
    assert rules.detect("a man from the fraud team is coming for my card and laptop, hes 10 mins away").kind in (
        "generic",
        "crime_at_door",
    )
    assert rules.detect("hes 10 mins away and says hell kill me").kind == "danger"


def test_panic_about_money_is_distress_not_a_medical_emergency(rules):
    assert rules.detect("i cant breathe im panicking so much about my bank account").kind == "distress"
    assert rules.detect("my dad cant breathe and his lips are blue").kind == "danger"


def test_watching_on_my_own_phone_is_not_a_scammer_on_my_phone(rules):
    found = rules.detect(
        "the doorbell camera shows someone going through my mums drawers, im watching it on my phone now"
    )
    assert found is not None and found.kind != "crime_remote"


def test_crying_and_laughing_emoji_are_read(rules):
    assert rules.detect("😭😭 all gone").kind == "distress"
    assert rules.context("my brother will murder me 😂").joke


def test_killing_an_essay_is_a_figure_of_speech_for_the_classifier(rules):
    assert rules.context("gonna kill this exam tomorrow then sleep").rules_out("self_harm", classifier_only=True)
    assert not rules.context("gonna kill myself tomorrow").rules_out("self_harm", classifier_only=True)


@pytest.mark.parametrize(
    "text",
    [
        "im beating myself up about that email",
        "it left us skint before christmas",
        "i dont know where to turn, the bank wont help",
    ],
)
def test_common_british_ways_of_saying_distress(rules, text):
    assert rules.detect(text).kind == "distress"


# General rules, issue 19 (3 Dec 2026 evening): tense, who is at risk, negation. Each fails without its rule.
STORY = (
    "A man rang my dad and said he was from the bank fraud team. He told him his savings were not safe and said "
    "a courier would collect his card. Dad believed him and took out the lot, then the man came to the door and "
    "took the envelope. The bank is looking into it."
)


def test_a_story_told_in_the_past_gets_no_999_script(rules):
    ctx = rules.context(STORY)
    assert ctx.story and not ctx.now
    assert rules.detect(STORY) is None


def test_a_story_that_says_it_is_still_happening_escalates(rules):
    text = STORY.replace("The bank is looking into it.", "Now another courier is on his way right now for the rest.")
    assert not rules.context(text).story
    assert rules.detect(text).kind in ("crime_at_door", "generic")


def test_tense_counts_the_present_perfect_and_progressive_as_present(rules):
    # "has stabbed", "is scared": not the past; "is waiting": the present progressive counts twice
    past, present, _ = rules._tense.counts(" he has stabbed my son and she is scared and he is waiting outside ")
    assert (past, present) == (0, 4)
    past, present, _ = rules._tense.counts(" he stabbed my son and she was scared ")
    assert (past, present) == (2, 0)


@pytest.mark.parametrize(
    "text",
    [
        "my 84 year old dad is meeting a woman he met online tonight",  # a child is under 18
        "some hackers have attacked my computer and all my files are locked",  # a computer is not a person
        "kids at school told me to kill myself. I won't kill myself but it upsets me",  # someone else's words, the writer's no
        "the scam text said my mum was going to die of covid unless we paid",  # not the writer, not a wish
    ],
)
def test_who_is_at_risk_and_negation(rules, text):
    d = rules.detect(text)
    assert d is None or d.kind in ("distress", "generic") and "child_danger" not in d.matched, d


def test_without_the_writers_no_being_told_to_kill_yourself_stays_self_harm(rules):
    assert rules.detect("kids at school keep telling me to kill myself and I think I might").kind == "self_harm"


def test_the_writer_poisoning_themselves_is_self_harm(rules):
    assert rules.detect("i drank bleach an hour ago").kind == "self_harm"


def test_a_present_state_keeps_a_short_past_story_an_emergency(rules):
    # "there's blood", "he won't wake up": present-tense verbs outweigh "fell", "found", "was"
    text = (
        "nan fell in the garden after she found out the savings were gone theres blood on her head and she wont wake up"
    )
    assert not rules.context(text).story
    assert rules.detect(text).kind in ("danger", "generic")


@pytest.mark.parametrize(
    "text",
    [
        "my son got a call from the police asking for his card, he hung up and rang 101, so what now",  # over; a question
        "shot myself in the foot clicking that link on friday, what now",  # a figure of speech
    ],
)
def test_no_999_script_for_a_finished_call_or_a_figure_of_speech(rules, text):
    d = rules.detect(text)
    assert d is None or d.kind == "distress"


@pytest.mark.parametrize(
    "text",
    [
        "well gutted, lost my rent money on a fake festival ticket",  # a feeling word on its own
        "😭😭 why did i send him the money",  # tears and self-blame
        "i cant trust anyone anymore after this",  # trust lost
        "they took my pride along with my savings",  # dignity lost
    ],
)
def test_distress_categories(rules, text):
    assert rules.detect(text).kind == "distress"


def test_someone_elses_tears_on_a_call_are_not_the_writers_distress(rules):
    assert rules.detect("got a call from my daughters voice crying saying she needed money, it was a fake") is None


def test_the_fast_signs_of_a_stroke_whoever_is_named(rules):
    assert rules.detect("grandads mouth is drooping and he cant lift his arm").kind in ("danger", "generic")


def test_a_fake_officer_who_has_just_turned_up_is_the_door_script(rules):
    text = "a man has just turned up saying hes from the police to take my cards as evidence"
    assert rules.live_fraud_kind(text, "official_impersonation") == "crime_at_door"
    assert (
        rules.live_fraud_kind("the ransomware is still spreading across the office pcs", "ransomware") == "crime_remote"
    )


@pytest.mark.parametrize(
    "text, kind",
    [
        # a young writer, or a sextortion victim, who wants to disappear: the self-harm reply (issue 19, hand-found)
        (
            "im 15 and someone got pics of me and says theyll send them to everyone. i just want to disappear",
            "self_harm",
        ),
        ("he leaked my pics and i wanna just disappear", "self_harm"),
        # an adult's embarrassment: the support reply; a break from social media: nothing
        ("so embarrassed i just want to disappear", "distress"),
        ("i want to disappear from social media, deleting my pics", None),
    ],
)
def test_wanting_to_disappear_after_sextortion_or_as_a_child_is_self_harm_risk(rules, text, kind):
    detection = rules.detect(text)
    assert (detection.kind if detection else None) == kind


def test_a_child_writers_own_self_harm_gets_the_self_harm_reply_and_a_childs_the_generic(rules):
    assert rules.detect("im 14 and i want to kill myself").kind == "self_harm"
    assert rules.detect("my daughter is 14 and she says she wants to kill herself").kind == "generic"


@pytest.mark.parametrize(
    "text, live",
    [
        # a past fraud (a date, its events) whose "now" words are the aftermath: no 999 script (issue 19, hand-found)
        (
            "Hi, last Tuesday I had a call from Santander fraud team, they said someone was trying to take money from "
            "my account and I needed to move it to keep it safe. I moved £4,200 while they were on the phone with me. "
            "Now the bank says it wasn't them. I live in Edinburgh",
            False,
        ),
        # the same kind of story with the crime still going on
        ("last week they called and took £300, now theyre still on the phone with my dad asking for more", True),
        ("yesterday a courier collected my nans card and now the courier is on his way back to collect her cash", True),
    ],
)
def test_a_past_fraud_needs_a_live_cue_for_the_fraud_scripts(rules, text, live):
    detection = rules.detect(text)
    got = detection.kind if detection else None
    assert (got in ("crime_at_door", "crime_remote", "generic")) == live, got


# issue 19, 4 Dec 2026 (helper safe19): general cues written from development lists 8 and 9 (no list's wording)
@pytest.mark.parametrize(
    "text",
    [
        "not an emergency, just wanted advice: my 14 year old son is talking to a girl online he has never met",
        "can the police ring you and ask for your pin? just want to know for my dad",
        "scared to tell my dad i used his card, hes going to kill me when he sees the statement",
        "my nan wont leave the house since the scam, she thinks everyone is out to get her",
        "they phoned on tuesday and had remote access to my laptop, i fell for it but the bank has stopped it now",
    ],
)
def test_worries_questions_and_stories_told_after_get_no_999_script(rules, text):
    found = rules.detect(text)
    assert found is None or found.kind == "distress", found


@pytest.mark.parametrize(
    "text",
    [
        "im in a right state, someone has opened loans in my name",
        "my hands wont stop shaking since i found the money gone",
        "ive been sitting in the bathroom at work crying about it",
        "i feel like ive failed my dad, i should have seen it coming",
    ],
)
def test_shock_and_guilt_get_the_support_reply(rules, text):
    assert rules.detect(text).kind == "distress"


@pytest.mark.parametrize(
    "text,kind",
    [
        ("started self harming again after the scam, its worse every night", "self_harm"),
        ("im frightened of what i might do, i cant see past the debt", "self_harm"),
        ("my brother sent a message saying sorry for everything and now hes not answering", "self_harm"),
        # the live cues: a collection arranged for later today, a payment demanded with a clock on it
        ("the bank courier is collecting my gold at 4pm today, they said its for safe keeping", "crime_at_door"),
    ],
)
def test_new_general_forms_are_an_emergency(rules, text, kind):
    found = rules.detect(text)
    if kind == "crime_at_door":  # no pattern: the live rule with the classifier's courier topic decides
        assert rules.live_fraud_kind(text, "courier_fraud") == kind
    else:
        assert found is not None and found.kind == kind, found


def test_a_sextortion_deadline_in_hours_is_a_live_threat(rules):
    assert rules.live_child_kind("im 15 and they say i have 2 hours to pay or theyll post it", "sextortion") == (
        "child_danger"
    )
    assert rules.live_child_kind("im 15 and someone sent me a creepy message last year", "sextortion") is None


def test_a_phone_scam_with_someone_at_the_door_too_gets_the_generic_reply_not_the_phone_script(rules):
    text = "a man is at the door with a card reader and the caller on the phone is telling me to read him my pin"
    found = rules.detect(text)
    assert found is not None and found.kind in ("generic", "crime_at_door"), found
    phone_only = rules.detect("the caller on the phone is telling me to read him my pin right now")
    assert phone_only is not None and phone_only.kind == "crime_remote", phone_only
