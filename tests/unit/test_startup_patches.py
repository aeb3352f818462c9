"""The start-up fix for action-result validation keeps Rasa's behaviour: valid results pass, invalid fail."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from startup import patches


@pytest.fixture(scope="module", autouse=True)
def patched():
    patches.apply()


def test_patch_is_installed():
    assert RemoteAction._validate_action_result is patches._validate_action_result


def test_valid_action_result_passes():
    action = RemoteAction("action_give_advice", None)
    result = {"events": [{"event": "slot", "name": "topic", "value": "smishing"}],
              "responses": [{"text": "hi", "buttons": []}]}
    assert action._validate_action_result(result) is True


def test_invalid_action_result_fails_like_rasa():
    action = RemoteAction("action_give_advice", None)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"no_event_key": 1}], "responses": "not a list"})
