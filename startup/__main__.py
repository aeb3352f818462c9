"""`python -m startup ARGS` = `rasa ARGS` with the project's runtime fixes applied first.
`python -m startup run actions ARGS` = `rasa run actions ARGS` without importing Rasa (rasa_sdk only).
`python -m startup serve ARGS` = `rasa run ARGS` with the channels and HTTP API chosen from the environment
(startup/launch.py).
The Rasa server (serve, run, shell) starts without TensorFlow unless a component needs it (startup/no_tensorflow.py).
Files the servers create (the SQLite tracker store, the conversation-id key, caches) are readable by their owner
only (umask 077): the tracker store holds what victims typed, redacted or not."""

import os
import sys

from startup import log_privacy, patches

if __name__ == "__main__":
    os.umask(0o077)
    log_privacy.install()
    if sys.argv[1:3] == ["run", "actions"]:
        # The action server: rasa_sdk alone, with the same arguments `rasa run actions` takes. Importing Rasa
        # (and with it TensorFlow) cost ~9 s of CPU and ~400 MB of memory at every start, for nothing. spaCy
        # (rehearsal matching) would still import TensorFlow through thinc's probe for it: marking it absent
        # makes thinc skip it (measured: start-up 10.5 -> 5.3 s CPU, 558 -> 174 MB, same lemmas).
        sys.modules.setdefault("tensorflow", None)
        patches.apply_action_server()
        import rasa_sdk.__main__ as sdk
        from rasa_sdk.endpoint import create_argument_parser

        args = create_argument_parser().parse_args(sys.argv[3:])
        args.actions = args.actions or "actions"
        sdk.main_from_args(args)
        sys.exit(0)
    # `-m PATH` that does not exist: Rasa would quietly load the newest model in models/ instead (its CLI falls
    # back to the default folder), so `make run` or a test could serve another model than the one asked for.
    args = sys.argv[1:]
    if "-m" in args[:-1] and args[0] in ("run", "serve") and not os.path.exists(args[args.index("-m") + 1]):
        print(f"startup: no trained model at {args[args.index('-m') + 1]}: run 'make train' first", file=sys.stderr)
        sys.exit(1)
    if sys.argv[1:2] in (["serve"], ["run"], ["shell"]):
        # The Rasa server without TensorFlow: no component of config.yml computes with it, and importing it cost
        # ~360 MB of the server's memory (issue 22; startup/no_tensorflow.py keeps it when a component needs it).
        from startup import no_tensorflow

        no_tensorflow.install_unless_needed(os.environ)
    patches.apply()
    from rasa.__main__ import main

    if sys.argv[1:2] == ["serve"]:
        from startup import launch

        sys.argv[1:] = launch.prepare(sys.argv[2:], os.environ)
    sys.argv[0] = "rasa"
    main()
