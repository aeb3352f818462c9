"""components/checker_detector.py: a pasted message becomes check_message whatever the classifier guessed; the
other intents stay ranked (capped at 0.9) so safeguarding can still override and the fallback's ambiguity check
does not; people's own stories are left alone."""

from rasa.shared.nlu.training_data.message import Message

from components.checker_detector import CheckerDetector


def _message(text, intent="threat_smishing", confidence=0.97):
    ranking = [{"name": intent, "confidence": confidence}, {"name": "emergency_danger", "confidence": 0.02}]
    return Message(data={"text": text, "intent": {"name": intent, "confidence": confidence}, "intent_ranking": ranking})


def test_pasted_message_goes_to_the_checker():
    message = CheckerDetector().process(
        [_message("Royal Mail: your parcel is held, pay the £1.99 fee at royalmail-fee.com")]
    )[0]
    assert message.get("intent") == {"name": "check_message", "confidence": 1.0}
    ranking = message.get("intent_ranking")
    assert ranking[0]["name"] == "check_message" and ranking[1] == {"name": "threat_smishing", "confidence": 0.9}
    assert ranking[0]["confidence"] - ranking[1]["confidence"] >= 0.05


def test_own_story_keeps_its_topic():
    message = CheckerDetector().process([_message("I got a text from Royal Mail and paid £1.99, what now?")])[0]
    assert message.get("intent")["name"] == "threat_smishing"
