"""Issue 18: a long story whose best reading is a topic is answered tentatively instead of "didn't understand";
short messages keep Rasa's fallback rule. The advice then says "It sounds like …" and offers the next readings."""

from actions.advice_actions import ActionGiveAdvice
from components.story_fallback import is_story_topic
from tests.unit.action_helpers import all_text, run, titles, tracker

STORY = (
    "I got a text saying my parcel could not be delivered and I had to pay a small fee, so I clicked "
    "the link and put in my card details and now I am worried"
)


def intent(name, confidence):
    return {"name": name, "confidence": confidence}


def test_long_story_with_a_moderate_topic_is_kept():
    assert is_story_topic(intent("threat_smishing", 0.3), STORY, 15, 0.2)


def test_short_message_and_non_topics_keep_the_fallback_rule():
    assert not is_story_topic(intent("threat_smishing", 0.3), "a parcel text", 15, 0.2)
    assert not is_story_topic(intent("out_of_scope", 0.3), STORY, 15, 0.2)
    assert not is_story_topic(intent("greet", 0.3), STORY, 15, 0.2)
    assert not is_story_topic(intent("threat_smishing", 0.1), STORY, 15, 0.2)


def test_tentative_answer_says_it_sounds_like_and_offers_other_readings():
    ranking = [
        intent("threat_smishing", 0.3),
        intent("greet", 0.2),
        intent("threat_phishing_email", 0.15),
        intent("threat_purchase_scam", 0.1),
        intent("threat_vishing", 0.05),
    ]
    messages, _ = run(ActionGiveAdvice(), tracker("threat_smishing", text=STORY, ranking=ranking, confidence=0.3))
    assert all_text(messages).startswith("It sounds like this is about")
    assert "7726" in all_text(messages)  # the advice and routes still follow
    shown = titles(messages)
    assert any("mail" in t.lower() for t in shown) and "Something else" in shown


def test_confident_answer_is_not_tentative():
    messages, _ = run(ActionGiveAdvice(), tracker("threat_smishing", text=STORY, confidence=0.9))
    assert "It sounds like" not in all_text(messages)
    assert "Or was it one of these?" not in all_text(messages)


def test_empty_message_gets_the_fallback_intent_not_an_error():
    """No classifier scores an empty or blank message; the fallback must still give it an intent (the polite
    'please rephrase' reply), not raise on the missing intent."""
    from rasa.shared.nlu.training_data.message import Message
    from components.story_fallback import StoryAwareFallbackClassifier

    component = StoryAwareFallbackClassifier({**StoryAwareFallbackClassifier.get_default_config()})
    for text in ("", "   "):
        message = Message(data={"text": text})
        component.process([message])
        assert message.get("intent")["name"] == "nlu_fallback"


def test_long_out_of_scope_story_gets_the_out_of_scope_reply_from_its_own_threshold():
    """A long story about a cancelled flight or a landlord is out of scope: from story_out_of_scope_threshold it is
    answered as such instead of 'didn't understand' (issue 18); below it, or short, the fallback rule stays."""
    flight = (
        "Our flight was cancelled two days before we were due to fly and the airline will only give us "
        "vouchers, can you tell me how to get a refund"
    )
    assert is_story_topic(intent("out_of_scope", 0.35), flight, 15, 0.2, out_of_scope_threshold=0.3)
    assert not is_story_topic(intent("out_of_scope", 0.25), flight, 15, 0.2, out_of_scope_threshold=0.3)
    assert not is_story_topic(intent("out_of_scope", 0.9), "flight cancelled", 15, 0.2, out_of_scope_threshold=0.3)


def test_listed_non_threat_intents_count_as_story_answers():
    question = (
        "My daughter is about to turn eleven and wants her first phone, how do I talk to her about "
        "staying safe online without scaring her"
    )
    assert is_story_topic(intent("ask_talk", 0.3), question, 15, 0.2, also=["ask_talk"])
    assert not is_story_topic(intent("ask_talk", 0.3), question, 15, 0.2)


SIM_STORY = (
    "My phone suddenly showed no service on Tuesday and I felt sick when I logged into my bank the next "
    "morning and saw thousands gone. What should I do?"
)


def ranking(*pairs):
    return [intent(n, c) for n, c in pairs]


def test_a_storys_topic_outranks_unsure_feelings_and_follow_up_questions():
    """Issue 18: 'distress 0.18, sim swap 0.12' in a long story is the SIM swap, not "didn't understand"."""
    from components.story_fallback import topic_under_feelings

    rank = ranking(("distress", 0.18), ("ask_what_now", 0.15), ("threat_sim_swap", 0.12), ("threat_vishing", 0.1))
    assert topic_under_feelings(rank[0], rank, SIM_STORY, 15, 0.1, 0.45)["name"] == "threat_sim_swap"
    # not when: the message is short, the feeling is sure, the topic is too weak, or out_of_scope, an emergency or a
    # greeting ranks above the topic (Rasa's rule decides), or the top intent does not yield
    assert topic_under_feelings(rank[0], rank, "no signal, what now?", 15, 0.1, 0.45) is None
    sure = ranking(("distress", 0.5), ("threat_sim_swap", 0.3))
    assert topic_under_feelings(sure[0], sure, SIM_STORY, 15, 0.1, 0.45) is None
    weak = ranking(("distress", 0.18), ("threat_sim_swap", 0.08))
    assert topic_under_feelings(weak[0], weak, SIM_STORY, 15, 0.1, 0.45) is None
    for blocker in ("out_of_scope", "emergency_self_harm", "greet"):
        blocked = ranking(("distress", 0.18), (blocker, 0.15), ("threat_sim_swap", 0.12))
        assert topic_under_feelings(blocked[0], blocked, SIM_STORY, 15, 0.1, 0.45) is None, blocker
    greeting = ranking(("greet", 0.2), ("threat_sim_swap", 0.12))
    assert topic_under_feelings(greeting[0], greeting, SIM_STORY, 15, 0.1, 0.45) is None


def test_the_component_answers_the_topic_tentatively_instead_of_the_fallback():
    from rasa.shared.nlu.training_data.message import Message
    from components.story_fallback import StoryAwareFallbackClassifier

    config = {**StoryAwareFallbackClassifier.get_default_config(), "threshold": 0.45, "story_threshold": 0.1}
    component = StoryAwareFallbackClassifier(config)
    rank = ranking(("distress", 0.18), ("threat_sim_swap", 0.12), ("threat_vishing", 0.1))
    message = Message(data={"text": SIM_STORY, "intent": dict(rank[0]), "intent_ranking": rank})
    component.process([message])
    assert message.get("intent")["name"] == "threat_sim_swap"
    assert [r["name"] for r in message.get("intent_ranking")][:2] == ["threat_sim_swap", "distress"]
    short = Message(data={"text": "I feel sick", "intent": dict(rank[0]), "intent_ranking": list(rank)})
    component.process([short])
    assert short.get("intent")["name"] == "nlu_fallback"  # short: Rasa's rule, as before
    off = StoryAwareFallbackClassifier({**config, "story_yield_intents": []})
    again = Message(data={"text": SIM_STORY, "intent": dict(rank[0]), "intent_ranking": list(rank)})
    off.process([again])
    assert again.get("intent")["name"] == "nlu_fallback"
