"""Custom actions of the Cyber Protect Assistant (run by `rasa run actions`): the thin Rasa adapter around the pure
domain package `cyberprotect/`. Each module reads the tracker, asks cyberprotect for content, routes and replies, and
sends them; tests/unit/test_package_boundaries.py keeps domain logic out of here."""
