"""One public bot (action server + Rasa server, rehearsal off, started by startup/stack.py's Bot as the tests start it) shared by the
`make test` stages that only need a running bot: the rehearsal scenarios and the real-phrasing yardstick
(scripts/scenarios.py and scripts/eval_real.py take --url). Started once instead of once per stage, and in the
background while the conversation and safeguarding stages run, so its start-up costs no wall time of its own.

  test_bot.py start STATE.json   starts it, waits until it answers, writes its URL and process ids to STATE.json
  test_bot.py stop STATE.json    stops both servers and deletes its folder (its tracker store holds the messages,
                                 the sealed real-phrasing ones too)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start(state: Path) -> int:
    from startup.stack import MODEL, Bot

    if not MODEL.exists():
        print("test-bot: no trained model: run `make train`")
        return 1
    started = time.time()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stopped while starting: clean up below
    bot = Bot(Path(tempfile.mkdtemp(prefix="test-bot-")))
    bot.env.pop("REHEARSAL_CODE", None)  # the public bot, as members of the public see it
    info = {"url": bot.url, "tmp": str(bot.tmp), "pids": []}
    try:
        bot.launch_actions()  # both load at once; their ids are written first so `stop` can end them meanwhile
        bot.launch_rasa()
        info["pids"] += [bot.actions.pid, bot.rasa.pid]
        state.write_text(json.dumps(info))
        bot.start(extra_wait=600)  # a busy machine can take longer than the harness's 300 s to load the model
    except BaseException:
        bot.stop()
        shutil.rmtree(bot.tmp, ignore_errors=True)
        state.unlink(missing_ok=True)
        raise
    info["ready"] = True
    state.write_text(json.dumps(info))
    print(f"test-bot: ready at {bot.url} in {time.time() - started:.0f} s")
    return 0


def stop(state: Path) -> int:
    if not state.exists():
        return 0
    info = json.loads(state.read_text())
    for pid in info.get("pids", []):
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
        for _ in range(120):
            try:
                os.killpg(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.5)
    shutil.rmtree(info["tmp"], ignore_errors=True)
    state.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        sys.exit(__doc__)
    sys.exit({"start": start, "stop": stop}[sys.argv[1]](Path(sys.argv[2])))
