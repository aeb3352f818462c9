"""Readable names for the keys the figures use: topic titles and route names from the advice content
(content/topics/*.yml, content/routes/routes.yml), and fixed names for the rest. Pure; reads YAML only."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Dict

import yaml

FIXED = {
    "nation": {
        "england": "England",
        "wales": "Wales",
        "scotland": "Scotland",
        "northern_ireland": "Northern Ireland",
        "unknown": "Not said",
    },
    "child": {"about_a_child": "About a child (parent, carer)", "young_person": "A young person themselves"},
    "emergency": {
        "danger": "Danger to life",
        "crime_in_progress": "Crime in progress",
        "crime_at_door": "Crime at the door",
        "crime_remote": "Crime on the phone or computer now",
        "child_danger": "Child in danger",
        "self_harm": "Self-harm (Samaritans)",
        "generic": "999, type unclear",
        "distress": "Distress: support reply (not 999)",
    },
    "channel": {
        "website": "Website",
        "rest": "REST API",
        "telegram": "Telegram",
        "sms": "SMS",
        "twilio": "SMS or WhatsApp",
        "whatsapp": "WhatsApp",
        "shell": "Shell",
        "unknown": "Unknown",
    },
}


@functools.lru_cache(maxsize=4)
def _content_labels(content_dir: str) -> Dict[str, Dict[str, str]]:
    topics: Dict[str, str] = {}
    routes: Dict[str, str] = {}
    root = Path(content_dir)
    for path in sorted((root / "topics").glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            topics[str(data.get("key") or path.stem)] = str(data.get("title") or path.stem)
        except (OSError, yaml.YAMLError):
            continue
    try:
        data = yaml.safe_load((root / "routes" / "routes.yml").read_text(encoding="utf-8")) or {}
        routes = {str(k): str((v or {}).get("name") or k) for k, v in (data.get("routes") or {}).items()}
    except (OSError, yaml.YAMLError, AttributeError):
        pass
    return {"topic": topics, "route": routes}


def label(kind: str, key: str) -> str:
    names = dict(FIXED.get(kind, {}))
    names.update(_content_labels(os.environ.get("CONTENT_DIR") or "content").get(kind, {}))
    return names.get(key) or key.replace("_", " ").capitalize()
