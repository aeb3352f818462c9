"""Channel credentials from credentials.yml + environment, and the start-up decision on the HTTP API."""

from pathlib import Path

import pytest
import yaml

from channels import credentials
from startup import launch

ROOT = Path(__file__).resolve().parents[2]
TELEGRAM = "channels.telegram.TelegramVerifiedInput"
TWILIO = "channels.twilio.TwilioVerifiedInput"
REST = "channels.rest.SafeRestInput"
SOCKETIO = "channels.socketio.SignedSocketIOInput"
CHATWOOT = "channels.handover.ChatwootWebhookInput"  # talk to a person (issue 27): agents' replies come back here
TELEGRAM_ENV = {"TELEGRAM_TOKEN": "1:x", "TELEGRAM_WEBHOOK_URL": "https://x", "TELEGRAM_SECRET_TOKEN": "s"}
TWILIO_ENV = {
    "TWILIO_ACCOUNT_SID": "AC1",
    "TWILIO_AUTH_TOKEN": "t",
    "TWILIO_NUMBER": "+44",
    "TWILIO_WEBHOOK_URL": "https://y",
}


def load():
    return yaml.safe_load((ROOT / "credentials.yml").read_text())


def test_credentials_yml_lists_every_channel():
    assert set(load()) == {REST, SOCKETIO, TELEGRAM, TWILIO, CHATWOOT}


def test_without_variables_only_rest_and_socketio_are_on():
    keep, dropped = credentials.enabled_channels(load(), {})
    assert set(keep) == {REST, SOCKETIO}
    assert dropped[TELEGRAM] == ["TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_SECRET_TOKEN"]


def test_a_channel_is_on_only_when_all_its_variables_are_set():
    keep, _ = credentials.enabled_channels(load(), {**TELEGRAM_ENV, **TWILIO_ENV, "TWILIO_NUMBER": ""})
    assert TELEGRAM in keep and TWILIO not in keep
    keep, _ = credentials.enabled_channels(load(), {**TELEGRAM_ENV, **TWILIO_ENV})
    assert TELEGRAM in keep and TWILIO in keep


def test_generated_file_keeps_placeholders_not_secrets(tmp_path, capsys):
    out = tmp_path / "c.yml"
    credentials.main([str(ROOT / "credentials.yml"), str(out)], {**TWILIO_ENV, "TWILIO_AUTH_TOKEN": "SECRET123"})
    text = out.read_text()
    assert "SECRET123" not in text and "${TWILIO_AUTH_TOKEN}" in text
    assert yaml.safe_load(text)[TWILIO]["auth_token"] == "${TWILIO_AUTH_TOKEN}"
    err = capsys.readouterr().err
    assert "rest, socketio, twilio on" in err and "telegram off (set TELEGRAM_TOKEN" in err


def test_rasa_reads_the_generated_file_and_fills_in_the_variables(tmp_path, monkeypatch):
    from rasa.shared.utils.io import read_config_file  # what `rasa run --credentials` uses

    out = tmp_path / "c.yml"
    credentials.main([str(ROOT / "credentials.yml"), str(out)], TWILIO_ENV)
    for k, v in TWILIO_ENV.items():
        monkeypatch.setenv(k, v)
    assert read_config_file(out)[TWILIO]["auth_token"] == "t"


def test_http_api_is_off_without_a_token():
    args = launch.serve_args(["-p", "5005"], {}, "state/credentials.yml")
    assert "--enable-api" not in args and "--auth-token" not in args
    assert args[:3] == ["run", "-p", "5005"] and args[-2:] == ["--credentials", "state/credentials.yml"]


def test_http_api_is_on_with_the_token_and_requires_it():
    token = "t" * 32
    args = launch.serve_args([], {"RASA_API_TOKEN": token}, "c.yml")
    assert args[-3:] == ["--enable-api", "--auth-token", token]


def test_a_short_api_token_is_refused():
    with pytest.raises(SystemExit, match="at least 32"):
        launch.serve_args([], {"RASA_API_TOKEN": "secret123"}, "c.yml")
