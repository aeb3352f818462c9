"""Whether a story mentions nude or sexual images (or a threat to share pictures), for Report Remove: it is for
nude or sexual images of under-18s, so it is offered only when such images are mentioned or the topic is about
them (cyberprotect/routing.py). "Someone made an account with my photos and is asking my friends for money" is not."""

from __future__ import annotations

import re
from typing import Iterable, Optional

from cyberprotect.message_facts.text import normalise

_PICS = r"(?:pics?|pictures?|photos?|images?|videos?|vids?|selfies?|snaps?)"
_SEXUAL_IMAGES = re.compile(
    r"\b(?:nudes?|nudity|naked|topless|undress\w*|nudif\w*|sexual|sexually|sexy|sext\w*|explicit|intimate|porn\w*"
    r"|indecent|csam|child abuse (?:images?|material|videos?)|underwear|in my bra"
    rf"|(?:private|rude|dirty|inappropriate|compromising|personal) {_PICS}"
    r"|blackmail\w*|sextort\w*"
    # a threat to share pictures: "he's threatening to send them to my friends", "says he'll post my pics"
    r"|threat\w*(?: [a-z]+){0,4} (?:share|send|post|leak|expose|show|spread|upload)"
    rf"|(?:share|send|post|leak|expose|show|spread|upload)\w*(?: [a-z]+){{0,2}} {_PICS}(?: [a-z]+){{0,6}} "
    r"(?:unless|if i don t|if i dont|if we don t|or else)"
    r")\b"
)
# A threat to send something to the people the person knows ("or they'll send it to his mates", "I'll post it to all
# your followers"). The one pattern for it: refinement.py reads it with a money demand as sextortion; here, with a
# picture named anywhere in the story, it means pictures are being threatened.
SHARE_THREAT = re.compile(
    r"\b(?:send|share|post|leak|release|show|spread|forward|expose|upload)\w*(?: \w+){0,3} "
    r"(?:to|with|on|online to|round|around) (?:all (?:of )?)?(?:your|his|her|my|their|our) (?:\w+ )?"
    r"(?:followers|friends|mates|family|contacts|parents|school|class|classmates|employer|boss|colleagues|workmates)\b"
)
_A_PICTURE = re.compile(rf"\b{_PICS}\b")
# A story this long that mentions none of them is not about such images; shorter messages ("how do I report it?")
# leave it to the topic.
STORY_WORDS = 15


def mentions_sexual_images(texts: Iterable[str]) -> Optional[bool]:
    """True when the person's messages mention nude or sexual images or a threat to share pictures; False when they
    told a story (STORY_WORDS or more, button presses aside) that mentions none; None when too little was typed."""
    typed = [t for t in texts if t and not t.startswith("/")]
    norm = normalise(" ".join(typed))
    if _SEXUAL_IMAGES.search(norm) or (SHARE_THREAT.search(norm) and _A_PICTURE.search(norm)):
        return True
    return False if len(norm.split()) >= STORY_WORDS else None
