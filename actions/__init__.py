"""Custom actions of the Cyber Protect Assistant (run by `rasa run actions`)."""
