"""Officer rehearsal (issue 7), the pure part: scenarios.py (load and validate scenarios/), questions.py (what an
officer's turn asks), persona.py (the member of the public's answers), matching.py (does a reply say a key point),
keypoints.py (the key points and mistakes of a case), engine.py (the state machine of one rehearsal), records.py
(the training lead's record). The Rasa actions are in actions/rehearsal_actions.py.
"""
