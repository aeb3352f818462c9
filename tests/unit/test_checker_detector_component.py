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


def test_an_unsure_check_message_from_the_classifier_becomes_sure():
    """The classifier's own check_message under the fallback threshold (0.41 for a pasted bank text with a premium
    number, 3 Dec 2026) would be answered as "didn't understand": the detector makes it the decision."""
    text = (
        "is this real? HSBC: your card has been blocked. Call [phone number removed: premium-rate] now to unblock it."
    )
    message = CheckerDetector().process([_message(text, intent="check_message", confidence=0.41)])[0]
    assert message.get("intent") == {"name": "check_message", "confidence": 1.0}
