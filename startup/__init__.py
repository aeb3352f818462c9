"""Start-up of the Rasa server and action server: applies the project's runtime fixes, then runs Rasa's CLI.

Use `python -m startup <rasa arguments>` (e.g. `python -m startup run --enable-api`) instead of `rasa`.
The fixes themselves are in startup/patches.py, each with the reason it exists.
"""
