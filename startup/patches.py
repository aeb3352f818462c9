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
"""
from __future__ import annotations

import asyncio
import functools
import json
from typing import Any, Dict, Optional

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


def apply() -> None:
    global _applied
    if _applied:
        return
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
