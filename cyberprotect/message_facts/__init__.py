"""What a message says about the person, read from the text they typed (pure Python, no Rasa): one small module
per kind of fact. The actions call them through this package (`message_facts.read(text)`, `message_facts.situation`).

child.py       a child's age, "my son", a young person writing ("I'm 14"), the age band of a reply, the app named
images.py      whether a story mentions nude or sexual images (Report Remove is for those only)
nation.py      which UK nation the writer is in, from a place they name ("I live in Dundee")
situation.py   what the person already did (clicked, paid, gave details, let someone in, still in contact),
               and the signs of grooming in a parent's story
refinement.py  the topic the facts call for when the classifier's topic is a near neighbour
text.py        the one normalised text form the patterns read
"""

from cyberprotect.message_facts.child import (
    CHILD_WORDS,
    ChildContext,
    about_a_child,
    age_band,
    band_from_reply,
    child_age,
    find_platform,
    read,
    says_adult,
    says_young_person,
    user_age,
)
from cyberprotect.message_facts.images import mentions_sexual_images
from cyberprotect.message_facts.nation import find_nation
from cyberprotect.message_facts.refinement import corrected_channel, refined_topic
from cyberprotect.message_facts.situation import (
    PAID_WITH,
    SITUATIONS,
    SOMEONE_ELSE,
    grooming_signs,
    paid_with,
    situation,
    told_for_someone_else,
)

__all__ = [
    "CHILD_WORDS",
    "ChildContext",
    "PAID_WITH",
    "SITUATIONS",
    "SOMEONE_ELSE",
    "about_a_child",
    "age_band",
    "band_from_reply",
    "child_age",
    "corrected_channel",
    "find_nation",
    "find_platform",
    "grooming_signs",
    "mentions_sexual_images",
    "paid_with",
    "read",
    "refined_topic",
    "says_adult",
    "says_young_person",
    "situation",
    "told_for_someone_else",
    "user_age",
]
