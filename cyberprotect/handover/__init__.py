"""Talk to a person (issue 27), the pure part: hand the conversation to the force's team when they are on duty.

content.py (the settings in content/handover.yml), hours.py (is the team on duty now?), summary.py (what the
agent sees, redacted), providers.py (Chatwoot, or none), email_provider.py (a callback request to the team's inbox
by SMTP), callback.py (callback requests: the contact goes from the channel gate to the provider only), errors.py.
The Rasa actions are in actions/handover/actions.py.
"""
