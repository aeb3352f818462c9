"""Runtime fixes applied before Rasa starts (see startup/__main__.py). Each one is small, keeps Rasa's
behaviour, and says why it exists. `apply()` is idempotent.

1. Action results are validated against Rasa's JSON schema on every custom action call. Rasa 3.6 calls
   `jsonschema.validate`, which re-checks the schema itself each time; profiling showed that took ~30 % of the
   Rasa server's time per message. We build the validator once and validate with it: same schema, same
   draft, same errors.

2. Sanic 21.12.2 (pinned by Rasa 3.6) passes a bare coroutine to `asyncio.wait()` in its websocket
   `recv()` / `recv_burst()`. Python 3.11 forbids that (`TypeError: Passing coroutines is forbidden`), so
   every socket.io client on the websocket transport (the website widget) is dropped after the upgrade.
   Sanic fixed it in 22.3 (PR #2383) by wrapping the coroutine in a task; we do the same, with the rest
   of both methods unchanged. Skipped when the installed Sanic already has the fix.

3. Rasa 3.6's socket.io channel calls `sio.enter_room(...)` without `await`; in python-socketio 5.x
   (5.18.1 pinned here) it is a coroutine, so with `session_persistence: true` the browser never joins its
   session's room and never receives a bot message ("coroutine 'AsyncServer.enter_room' was never
   awaited"). We make `AsyncServer.enter_room` join the room at once (the in-memory and Redis managers
   do it synchronously anyway) and return an awaitable, so both Rasa's bare call and `await` work.

4. Privacy and limits (issue 20):
   - (startup/__main__.py also installs the logging filter of startup/log_privacy.py: no message text, phone
     numbers or tracebacks in any log);
   - the SQL tracker store's engine is created with `hide_parameters=True`, so SQLAlchemy errors never print
     the sender id or the event JSON;
   - telemetry off and the action server on loopback (SANIC_HOST=127.0.0.1) unless set otherwise;
   - the Rasa server's Sanic app takes request bodies up to REQUEST_MAX_SIZE (64 KB; Sanic's default is 100 MB);
   - custom actions time out after ACTION_TIMEOUT seconds (10; Rasa's is a fixed 300), and an action that fails
     or times out gives the domain response `utter_service_trouble` (999, Report Fraud, Police Scotland,
     "please try again") instead of silence;
   - conversations older than RETENTION_DAYS (30) are deleted at start and every hour (startup/privacy.py);
   - the action server refuses /webhook and /actions without `Authorization: Bearer $ACTION_SERVER_TOKEN` when
     that variable is set (endpoints.yml sends it);
   - the action server runs sync actions in a thread pool, off its event loop, under a time budget
     (startup/action_threads.py), so one slow message no longer holds up everyone else's.

5. Speed (issue 22): the SQL tracker store reuses its SQLite connections, writes a WAL journal and reads and writes
   with Core statements built once (startup/tracker_speed.py).

   RulePolicy remembers which rules fit each conversation state (startup/rule_speed.py).

6. Several servers (issue 25): a turn answered while the SQL tracker store is down is kept in an outbox and written
   when the store answers again, in order and once (startup/tracker_outbox.py), instead of Rasa's in-memory
   fall-back that nothing reads. A message with an id from outside (REST `message_id`, nginx's X-Request-Id, a
   socket.io client's `message_id`) that arrives again is answered from the tracker, not handled twice
   (startup/once.py).
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import json
import logging
import os
from typing import Any, Dict, Optional

logger = logging.getLogger(__name__)
REQUEST_MAX_SIZE = 64 * 1024
FALLBACK_RESPONSE = "utter_service_trouble"
_applied = False
_replaced: Dict[str, Any] = {}  # "Class.method" -> the original, kept for tests and for reading


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


async def _ws_recv(self, timeout: Optional[float] = None):
    """Sanic 21.12.2 `WebsocketImplProtocol.recv`, with the assembler's coroutine wrapped in a task."""
    from sanic.exceptions import ServerError
    from sanic.server.websockets.impl import CLOSED, WebsocketClosed

    if self.recv_lock.locked():
        raise ServerError("cannot call recv while another task is already waiting for the next message")
    await self.recv_lock.acquire()
    if self.connection.state is CLOSED:
        self.recv_lock.release()
        raise WebsocketClosed("Cannot receive from websocket interface after it is closed.")
    try:
        self.recv_cancel = asyncio.Future()
        done, pending = await asyncio.wait(
            (self.recv_cancel, asyncio.ensure_future(self.assembler.get(timeout))),
            return_when=asyncio.FIRST_COMPLETED,
        )
        done_task = next(iter(done))
        if done_task is self.recv_cancel:
            for p in pending:
                p.cancel()
            raise asyncio.CancelledError()
        self.recv_cancel.cancel()
        return done_task.result()
    finally:
        self.recv_cancel = None
        self.recv_lock.release()


async def _ws_recv_burst(self, max_recv: int = 256):
    """Sanic 21.12.2 `WebsocketImplProtocol.recv_burst`, with the assembler's coroutine wrapped in a task."""
    from sanic.exceptions import ServerError
    from sanic.server.websockets.impl import CLOSED, WebsocketClosed

    if self.recv_lock.locked():
        raise ServerError("cannot call recv_burst while another task is already waiting for the next message")
    await self.recv_lock.acquire()
    if self.connection.state is CLOSED:
        self.recv_lock.release()
        raise WebsocketClosed("Cannot receive from websocket interface after it is closed.")
    messages = []
    try:
        self.can_pause = False
        self.recv_cancel = asyncio.Future()
        while True:
            done, pending = await asyncio.wait(
                (self.recv_cancel, asyncio.ensure_future(self.assembler.get(timeout=0))),
                return_when=asyncio.FIRST_COMPLETED,
            )
            done_task = next(iter(done))
            if done_task is self.recv_cancel:
                for p in pending:
                    p.cancel()
                raise asyncio.CancelledError()
            m = done_task.result()
            if m is None:
                break
            messages.append(m)
            if len(messages) >= max_recv:
                break
            await asyncio.sleep(0)
        self.recv_cancel.cancel()
    finally:
        self.recv_cancel = None
        self.can_pause = True
        self.recv_lock.release()
    return messages


class _Done:
    """An awaitable that is already finished (await gives None); never warns when not awaited."""

    def __await__(self):
        return iter(())


def _enter_room(self, sid, room, namespace=None):
    """`AsyncServer.enter_room` that joins immediately; awaitable like the original."""
    from socketio.async_manager import AsyncManager

    namespace = namespace or "/"
    if type(self.manager).enter_room is AsyncManager.enter_room:  # the join itself is synchronous
        self.manager.basic_enter_room(sid, namespace, room)
        return _Done()
    return asyncio.ensure_future(self.manager.enter_room(sid, namespace, room))  # a manager doing real I/O


def sanic_needs_websocket_fix() -> bool:
    """True for Sanic releases before 22.3, whose websocket recv passes a coroutine to asyncio.wait."""
    import sanic

    major, minor = (int(x) for x in sanic.__version__.split(".")[:2])
    return (major, minor) < (22, 3)


def action_timeout(env=os.environ) -> float:
    return float(env.get("ACTION_TIMEOUT") or 10)


async def _run_remote_action(self, output_channel, nlg, tracker, domain):
    """RemoteAction.run; on failure or timeout, the fixed fallback reply instead of silence."""
    from rasa.core.actions.action import ActionExecutionRejection, create_bot_utterance

    try:
        return await _replaced["RemoteAction.run"](self, output_channel, nlg, tracker, domain)
    except ActionExecutionRejection:
        raise
    except Exception as e:  # noqa: BLE001 - a timeout, a connection error or a bad response
        logger.error("action %s failed (%s): sent %s", self.name(), type(e).__name__, FALLBACK_RESPONSE)
        response = await nlg.generate(FALLBACK_RESPONSE, tracker, output_channel.name())
        response = response or _fallback_from_domain_file()  # a model trained before the response existed
        if not response:
            raise
        response["utter_action"] = FALLBACK_RESPONSE
        return [create_bot_utterance(response)]


@functools.lru_cache(maxsize=1)
def _fallback_text() -> str:
    import yaml
    from pathlib import Path

    domain = yaml.safe_load((Path(__file__).resolve().parents[1] / "domain.yml").read_text(encoding="utf-8"))
    return domain["responses"][FALLBACK_RESPONSE][0]["text"]


def _fallback_from_domain_file() -> Optional[Dict[str, Any]]:
    try:
        return {"text": _fallback_text()}
    except Exception:  # noqa: BLE001
        return None


def _hidden_parameters(original):
    @functools.wraps(original)
    def create_engine_kwargs(url):
        # pool_pre_ping: after a database restart, a pooled connection is tested and replaced before use
        return {**original(url), "hide_parameters": True, "pool_pre_ping": True}

    return create_engine_kwargs


def _capped_app(original):
    @functools.wraps(original)
    def configure_app(*args, **kwargs):
        app = original(*args, **kwargs)
        app.config.REQUEST_MAX_SIZE = int(os.environ.get("REQUEST_MAX_SIZE") or REQUEST_MAX_SIZE)
        from sanic import response
        from sanic.exceptions import PayloadTooLarge

        from channels.gate import TOO_BIG

        def too_large(_request, _exception):
            """A body over REQUEST_MAX_SIZE gets a reply the REST channel's callers can show."""
            return response.json([{"recipient_id": None, "text": TOO_BIG}], status=413)

        app.error_handler.add(PayloadTooLarge, too_large)

        @app.get("/health/ready")
        async def ready(request):
            """Model, tracker store, lock store and action server (startup/readiness.py): 200 or 503."""
            from startup import readiness

            status, body = await readiness.check(getattr(request.app.ctx, "agent", None))
            return response.json(body, status=status)

        @app.listener("after_server_start")
        async def start_retention(app_, _loop):
            app_.add_task(_retention_loop())

        @app.listener("after_server_start")
        async def start_outbox_flush(app_, _loop):
            from startup import tracker_outbox

            app_.add_task(tracker_outbox.flush_loop(app_))

        @app.listener("after_server_start")
        async def let_the_gate_see_callback_requests(app_, _loop):
            """The gate reads the `handover` slot for a message with a phone number or email address, so the
            contact the bot asked for goes to the team and nowhere else (cyberprotect/handover/callback.py)."""
            try:
                from channels.gate import shared_gate
            except Exception as e:  # noqa: BLE001 - never stop the server for this: numbers are still given
                logger.error("callback requests off: gate not loaded (%s)", type(e).__name__)
                return

            async def handover_slot(conversation):
                agent = getattr(app_.ctx, "agent", None)
                tracker = await agent.tracker_store.retrieve(conversation) if agent and agent.tracker_store else None
                return tracker.get_slot("handover") if tracker is not None else None

            shared_gate().handover_slot = handover_slot

        return app

    return configure_app


async def _retention_loop() -> None:
    """Deletes events older than RETENTION_DAYS (startup/privacy.py) at start and then every hour, in a thread."""
    from startup import privacy

    url = os.environ.get("TRACKER_STORE_URL", "")
    if not url.startswith(("sqlite", "postgresql")):
        return
    while True:
        try:
            from channels import options

            options.purge_all()  # SMS/WhatsApp numbered options: expired and erased ones
            deleted = await asyncio.to_thread(privacy.purge, url, privacy.retention_days())
            logger.info("retention: deleted %d events older than %g days", deleted, privacy.retention_days())
        except Exception as e:  # noqa: BLE001 - try again next hour
            logger.error("retention: purge failed (%s)", type(e).__name__)
        await asyncio.sleep(3600)


def _token_checked_app(original):
    @functools.wraps(original)
    def create_app(*args, **kwargs):
        app = original(*args, **kwargs)
        from sanic import response

        @app.get("/health/content")
        async def content_health(_request):
            """ "ok", or "content stale since <time>" with the error, when an edit failed validation."""
            from cyberprotect.content_store import default_store

            store = default_store()
            try:
                store.current()
            except Exception as e:  # noqa: BLE001 - no good content at all
                return response.json({"status": "no content", "error": type(e).__name__}, status=503)
            return response.json(store.status())

        def action_failed(_request, exception):
            """rasa-sdk's own handler sends the whole request (the tracker, with what people typed) back in the
            error and logs the request: only the exception type here."""
            logger.error("action server: a request failed (%s)", type(exception).__name__)
            return response.json({"error": type(exception).__name__}, status=500)

        app.error_handler.add(Exception, action_failed)

        token = os.environ.get("ACTION_SERVER_TOKEN", "")
        if token:

            @app.middleware("request")
            async def require_token(request):
                if request.path.rstrip("/") in ("/health", "/health/content"):
                    return None
                given = request.headers.get("Authorization", "")
                if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                    return response.json({"error": "not allowed"}, status=401)
                return None

        return app

    return create_app


def apply_action_server() -> None:
    """The action server's part only (loopback, the token check, /health/content): it needs rasa_sdk, not Rasa,
    so `python -m startup run actions` starts without importing Rasa and TensorFlow. Idempotent."""
    os.environ.setdefault("SANIC_HOST", "127.0.0.1")
    try:
        import rasa_sdk.endpoint as sdk_endpoint
    except ImportError:
        return
    if "rasa_sdk.create_app" not in _replaced:
        _replaced["rasa_sdk.create_app"] = sdk_endpoint.create_app
        sdk_endpoint.create_app = _token_checked_app(sdk_endpoint.create_app)
        from startup import action_threads

        action_threads.install()


def apply() -> None:
    global _applied
    if _applied:
        return
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("SANIC_HOST", "127.0.0.1")
    import rasa.core.actions.action as rasa_action
    import rasa.core.run as rasa_run
    import rasa.core.tracker_store as rasa_tracker_store
    import rasa.utils.endpoints as rasa_endpoints

    rasa_action.DEFAULT_REQUEST_TIMEOUT = rasa_endpoints.DEFAULT_REQUEST_TIMEOUT = action_timeout()
    _replaced["RemoteAction.run"] = rasa_action.RemoteAction.run
    rasa_action.RemoteAction.run = _run_remote_action
    _replaced["create_engine_kwargs"] = rasa_tracker_store.create_engine_kwargs
    rasa_tracker_store.create_engine_kwargs = _hidden_parameters(rasa_tracker_store.create_engine_kwargs)
    from startup import tracker_speed

    tracker_speed.install()  # after _hidden_parameters: SQLite connections are pooled, not pinged
    from startup import tracker_outbox

    tracker_outbox.install()  # turns answered while the tracker store is down are written when it is back
    from startup import once

    once.install()  # a message that arrives again (nginx's retry, a client's) is answered from the tracker, once
    from startup import rule_speed

    rule_speed.install()  # RulePolicy looks each conversation state up once, not on every message
    _replaced["configure_app"] = rasa_run.configure_app
    rasa_run.configure_app = _capped_app(rasa_run.configure_app)
    apply_action_server()
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = _validate_action_result
    if sanic_needs_websocket_fix():
        from sanic.server.websockets.impl import WebsocketImplProtocol

        _replaced["WebsocketImplProtocol.recv"] = WebsocketImplProtocol.recv
        _replaced["WebsocketImplProtocol.recv_burst"] = WebsocketImplProtocol.recv_burst
        WebsocketImplProtocol.recv = _ws_recv
        WebsocketImplProtocol.recv_burst = _ws_recv_burst
    from socketio import AsyncServer

    _replaced["AsyncServer.enter_room"] = AsyncServer.enter_room
    AsyncServer.enter_room = _enter_room
    _applied = True
