"""`python -m startup ARGS` = `rasa ARGS` with the project's runtime fixes applied first.
`python -m startup serve ARGS` = `rasa run ARGS` with the channels and HTTP API chosen from the environment
(startup/launch.py).
Files the servers create (the SQLite tracker store, the conversation-id key, caches) are readable by their owner
only (umask 077): the tracker store holds what victims typed, redacted or not."""
import os
import sys

from startup import log_privacy, patches

if __name__ == "__main__":
    os.umask(0o077)
    log_privacy.install()
    patches.apply()
    from rasa.__main__ import main

    if sys.argv[1:2] == ["serve"]:
        from startup import launch

        sys.argv[1:] = launch.prepare(sys.argv[2:], os.environ)
    sys.argv[0] = "rasa"
    main()
