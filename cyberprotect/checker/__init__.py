"""The "Is this a scam?" checker (issue 23): pure Python, no Rasa.

content.py  the checker's content (sign wording, where to send each kind, official domains), parsed from
            content/checker.yml by the one content loader (cyberprotect/content_store.py)
links.py    finds links and phone numbers in a message and judges them (public suffix list via tldextract,
            punycode via idna, look-alike letters via confusable-homoglyphs, phone numbers via phonenumbers judged
            by the channel gate's Ofcom-range table)
signs.py    finds the warning signs in a message, each with the exact words that show it, and its kind
reply.py    turns a check into the chat reply (never says "safe", never says "scam" with certainty)
detect.py   says whether a chat message looks like a pasted message rather than a question
Nothing here opens a link or calls any service.
"""
