"""The start-up fix for action-result validation keeps Rasa's behaviour: valid results pass, invalid fail."""

import asyncio
from types import SimpleNamespace

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
    result = {
        "events": [{"event": "slot", "name": "topic", "value": "smishing"}],
        "responses": [{"text": "hi", "buttons": []}],
    }
    assert action._validate_action_result(result) is True


def test_invalid_action_result_fails_like_rasa():
    action = RemoteAction("action_give_advice", None)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"no_event_key": 1}], "responses": "not a list"})


# --- Sanic websocket recv on Python 3.11 -------------------------------------------------------------


class _FakeAssembler:
    """Stands in for Sanic's WebsocketFrameAssembler: hands out queued messages, None when empty."""

    def __init__(self, messages):
        self.messages = list(messages)

    async def get(self, timeout=None):
        await asyncio.sleep(0)
        return self.messages.pop(0) if self.messages else None


def _fake_ws(messages):
    from sanic.server.websockets.impl import OPEN

    return SimpleNamespace(
        recv_lock=asyncio.Lock(),
        connection=SimpleNamespace(state=OPEN),
        assembler=_FakeAssembler(messages),
        recv_cancel=None,
        can_pause=True,
    )


def test_websocket_patch_is_installed_on_old_sanic():
    from sanic.server.websockets.impl import WebsocketImplProtocol

    assert patches.sanic_needs_websocket_fix()  # Sanic 21.12.2 is pinned
    assert WebsocketImplProtocol.recv is patches._ws_recv
    assert WebsocketImplProtocol.recv_burst is patches._ws_recv_burst


def test_unpatched_sanic_recv_fails_on_this_python():
    """The bug the patch exists for: Sanic 21.12's own recv raises on Python 3.11."""
    original = patches._replaced["WebsocketImplProtocol.recv"]
    assert original is not patches._ws_recv
    with pytest.raises(TypeError, match="coroutines is forbidden"):
        asyncio.run(original(_fake_ws(["hello"]), timeout=1))


def test_patched_recv_returns_the_next_message():
    assert asyncio.run(patches._ws_recv(_fake_ws(["hello", "again"]), timeout=1)) == "hello"


def test_patched_recv_burst_returns_every_queued_message():
    assert asyncio.run(patches._ws_recv_burst(_fake_ws(["a", "b", "c"]))) == ["a", "b", "c"]


def test_patched_recv_is_cancellable_and_releases_its_lock():
    async def scenario():
        ws = _fake_ws([])

        async def never(timeout=None):
            await asyncio.sleep(3600)

        ws.assembler.get = never
        task = asyncio.ensure_future(patches._ws_recv(ws))
        await asyncio.sleep(0.01)
        ws.recv_cancel.set_result(None)
        with pytest.raises(asyncio.CancelledError):
            await task
        return ws.recv_lock.locked()

    assert asyncio.run(scenario()) is False


def test_apply_twice_is_harmless():
    patches.apply()
    patches.apply()
    from sanic.server.websockets.impl import WebsocketImplProtocol

    assert WebsocketImplProtocol.recv is patches._ws_recv


# --- socket.io rooms: Rasa calls enter_room without await ----------------------------------------------


def test_enter_room_without_await_joins_the_room_and_awaiting_also_works():
    import warnings

    from socketio import AsyncServer

    assert AsyncServer.enter_room is patches._enter_room
    sio = AsyncServer(async_mode="asgi")

    async def scenario():
        sio.manager.initialize()
        sid = await sio.manager.pre_connect("eio-1", "/")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "coroutine ... was never awaited" would be an error
            sio.enter_room(sid, "session-a")  # Rasa 3.6's bare call
        await sio.enter_room(sid, "session-b")
        return sid, set(sio.rooms(sid))

    sid, rooms = asyncio.run(scenario())
    assert {"session-a", "session-b"} <= rooms


def test_unpatched_enter_room_is_a_coroutine_so_a_bare_call_does_nothing():
    original = patches._replaced["AsyncServer.enter_room"]
    assert asyncio.iscoroutinefunction(original)
