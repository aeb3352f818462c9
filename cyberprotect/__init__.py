"""The Cyber Protect Assistant's domain, in pure Python (issue 26): no Rasa, no rasa_sdk, nothing from `actions`.

content_schema.py, content_store.py  the content format and the one loader of content/
routing.py        the one route engine: which reporting and support routes, in what order, for a case
replies.py        turns content and route decisions into short messages with buttons
message_facts.py  what a message says about the person (a child's age, a place, what they already did)
questions.py      which questions a message asks
checker/          the "Is this a scam?" checker's logic
handover/         talk to a person: the team's hours, the summary, the providers (Chatwoot, email)
rehearsal/        officer rehearsal: scenarios, persona, matching, key points, engine, records

`actions/` is the thin Rasa adapter around it (reads the tracker, calls these modules, sends the reply);
tests/unit/test_package_boundaries.py keeps the line between them.
"""
