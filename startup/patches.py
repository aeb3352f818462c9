"""Runtime fixes applied before Rasa starts (see startup/__main__.py). Each one is small, keeps Rasa's
behaviour, and says why it exists. `apply()` is idempotent.

1. Action results are validated against Rasa's JSON schema on every custom action call. Rasa 3.6 calls
   `jsonschema.validate`, which re-checks the schema itself each time; profiling showed that took ~30 % of the
   Rasa server's time per message. We build the validator once and validate with it: same schema, same
   draft, same errors.
"""
from __future__ import annotations

import functools
import json
from typing import Any, Dict

_applied = False


@functools.lru_cache(maxsize=4)
def _validator(schema_json: str):
    from jsonschema.validators import validator_for

    schema = json.loads(schema_json)
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self, result: Dict[str, Any]) -> bool:
    from jsonschema import ValidationError
    from rasa.shared.constants import DOCS_BASE_URL

    validator = _validator(json.dumps(self.action_response_format_spec(), sort_keys=True))
    try:
        validator.validate(result)
        return True
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise e


def apply() -> None:
    global _applied
    if _applied:
        return
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = _validate_action_result
    _applied = True
