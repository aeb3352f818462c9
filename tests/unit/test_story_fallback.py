"""Issue 18: a long story whose best reading is a topic is answered tentatively instead of "didn't understand";
short messages keep Rasa's fallback rule. The advice then says "It sounds like …" and offers the next readings."""
from actions.advice_actions import ActionGiveAdvice
from components.story_fallback import is_story_topic
from tests.unit.action_helpers import all_text, run, titles, tracker

STORY = ("I got a text saying my parcel could not be delivered and I had to pay a small fee, so I clicked "
         "the link and put in my card details and now I am worried")


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
    ranking = [intent("threat_smishing", 0.3), intent("greet", 0.2), intent("threat_phishing_email", 0.15),
               intent("threat_purchase_scam", 0.1), intent("threat_vishing", 0.05)]
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
    flight = ("Our flight was cancelled two days before we were due to fly and the airline will only give us "
              "vouchers, can you tell me how to get a refund")
    assert is_story_topic(intent("out_of_scope", 0.35), flight, 15, 0.2, out_of_scope_threshold=0.3)
    assert not is_story_topic(intent("out_of_scope", 0.25), flight, 15, 0.2, out_of_scope_threshold=0.3)
    assert not is_story_topic(intent("out_of_scope", 0.9), "flight cancelled", 15, 0.2, out_of_scope_threshold=0.3)


def test_listed_non_threat_intents_count_as_story_answers():
    question = ("My daughter is about to turn eleven and wants her first phone, how do I talk to her about "
                "staying safe online without scaring her")
    assert is_story_topic(intent("ask_talk", 0.3), question, 15, 0.2, also=["ask_talk"])
    assert not is_story_topic(intent("ask_talk", 0.3), question, 15, 0.2)
