"""Talk to a person (issue 27): hand the conversation to the force's team when they are on duty.

content.py (the settings in content/handover.yml), hours.py (is the team on duty now? pure), summary.py (what the
agent sees, redacted; pure), providers.py (Chatwoot, or none), email_provider.py (a callback request to the team's inbox by SMTP),
callback.py (callback requests: the contact goes from the channel gate to the provider only), errors.py,
actions.py (the Rasa actions).
"""
