"""Builds the credentials file Rasa reads from credentials.yml (the one list of channels) and the
environment: a channel is kept only when every `${VAR}` it mentions is set and non-empty, so Telegram or
Twilio is on exactly when its variables are exported. Values stay as `${VAR}` in the output (Rasa fills
them in when it reads the file), so no secret is ever written to disk.

    python -m channels.credentials credentials.yml state/credentials.yml   # prints which channels are on
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple

import yaml

VAR = re.compile(r"\$\{([^}]+)\}")


def variables(value: Any) -> List[str]:
    """Every ${VAR} named anywhere in a channel's settings, in order."""
    if isinstance(value, str):
        return VAR.findall(value)
    if isinstance(value, dict):
        return [v for item in value.values() for v in variables(item)]
    if isinstance(value, list):
        return [v for item in value for v in variables(item)]
    return []


def enabled_channels(
    channels: Mapping[str, Any], env: Mapping[str, str]
) -> Tuple[Dict[str, Any], Dict[str, List[str]]]:
    """(channels to keep, {dropped channel: its missing variables})."""
    keep, dropped = {}, {}
    for name, settings in channels.items():
        missing = [v for v in variables(settings) if not env.get(v)]
        if missing:
            dropped[name] = missing
        else:
            keep[name] = settings
    return keep, dropped


def short_name(channel: str) -> str:
    """ "channels.telegram.TelegramVerifiedInput" -> "telegram"; "rest" -> "rest"."""
    return channel.split(".")[-2] if "." in channel else channel


def main(argv: List[str], env: Mapping[str, str]) -> int:
    source, target = Path(argv[0]), Path(argv[1])
    channels = yaml.safe_load(source.read_text()) or {}
    keep, dropped = enabled_channels(channels, env)
    target.parent.mkdir(parents=True, exist_ok=True)
    header = (
        f"# Generated from {source.name} by channels/credentials.py; do not edit. ${{VAR}}s are filled in by Rasa.\n"
    )
    target.write_text(header + yaml.safe_dump(keep, sort_keys=False, default_flow_style=False))
    on = ", ".join(short_name(c) for c in keep) or "none"
    off = "; ".join(f"{short_name(c)} off (set {', '.join(m)})" for c, m in dropped.items())
    print(f"channels: {on} on" + (f"; {off}" if off else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    import os

    raise SystemExit(main(sys.argv[1:], os.environ))
