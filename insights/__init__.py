"""Insights for the Cyber Protect team: figures from the bot's tracker store, as a dashboard
(insights/server.py), an HTML report (insights/report.py) and a CSV. No Rasa imports anywhere here."""
