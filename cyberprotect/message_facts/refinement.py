"""Which topic the facts of a message point to when the classifier's topic is a near neighbour
(a young person "romanced" online is grooming; a faked nude "of me" is the deepfake images topic; ...)."""

from __future__ import annotations

import re

from cyberprotect.message_facts.child import about_a_child, age_band, child_age, says_young_person
from cyberprotect.message_facts.images import SHARE_THREAT
from cyberprotect.message_facts.situation import grooming_signs
from cyberprotect.message_facts.text import normalise

_AI_MADE = re.compile(
    r"\b(?:ai|a i|deepfake|deep fake|deepfaked|fake|faked|edited|photoshopped|nudif\w*|undress\w*|"
    r"generated|made up)\b"
)
_SIM_LOST = re.compile(
    r"\b(?:sim|sim card|esim|e sim|no signal|lost signal|lost all signal|no service|sos only|"
    r"emergency calls only|phone (?:went|was) dead|number (?:was |has been )?(?:ported|transferred|moved)|"
    r"port(?:ed|ing) my number|new sim)\b"
)
_EMAIL_WORDS = re.compile(r"\b(?:e ?mails?|emailed|inbox|gmail|outlook|hotmail|spam folder|junk folder)\b")
_CALL_WORDS = re.compile(
    r"\b(?:recorded message|automated call|robocall|voicemail|voice mail|"
    r"phone call|cold call|rang me|called me|phoned me|on the phone|the caller|press 1|press one)\b"
)
_CALLER_RELATIVE = (
    r"(?:grandson|granddaughter|grandchild|grandkid|son|daughter|nephew|niece|brother|sister|"
    r"grandma|grandmother|granny|nan|nana|nanna|gran|grandad|grandpa|grandfather|mum|mom|mam|dad)"
)
# Someone on the phone or in a message claiming to be a relative: the family impersonation ("grandparent") scam.
_CLAIMS_RELATIVE = re.compile(
    r"\b(?:hi|hello|hey|hiya) (?:grandma|granny|nan|nana|nanna|gran|grandad|grandpa|mum|mom|mam|mummy|dad|daddy)\b"
    r"|\b(?:this is|it s|its) (?:me )?(?:your )?(?:oldest |eldest |youngest |favourite )?"
    r"(?:grandson|granddaughter|grandchild|son|daughter|nephew|niece)\b"
    rf"|\b(?:pretending|claiming|pretended|claimed) (?:to be|he was|she was|it was) (?:my|our|her|his) (?:\w+ )?"
    rf"{_CALLER_RELATIVE}\b"
)
# The message says the person's own account sent what they never wrote, or that an account was taken over.
_ACCOUNT_USED = re.compile(
    r"\b(?:supposed to be|supposedly|pretending to be|claiming to be) from me\b"
    r"|\b(?:contacts|friends|people|everyone)(?: [a-z]+){0,4} (?:have |has |had )?(?:received|got|getting|been getting)"
    r"(?: [a-z]+){0,3} (?:e ?mails?|messages?|texts?)(?: [a-z]+){0,3} from (?:me|my (?:account|e ?mail|number|phone|whatsapp|facebook|instagram|messenger|snapchat))\b"
    r"|\b(?:account|e ?mail|facebook|instagram|whatsapp|messenger)(?: account)? (?:has|had|was|got|has been|had been) "
    r"(?:been )?(?:hacked|taken over|compromised|hijacked)\b"
)
# Reported speech: what the caller or the email said ("a man rang saying ... that his account had been compromised"
# is the bank-call script, not an account taken over).
_REPORTED = re.compile(r"\b(?:said|saying|says|told|telling|claimed|claiming|warned|warning|informed|stating)\b")


def _account_used(text: str, key: str) -> bool:
    """_ACCOUNT_USED in a sentence of the message; for a scam call or email, not as what the scammer said
    earlier in that sentence (the sentence ends are read before normalise drops the punctuation)."""
    for sentence in re.split(r"[.!?\n]+", text):
        norm = normalise(sentence)
        for match in _ACCOUNT_USED.finditer(norm):
            if key in ("vishing", "phishing_email") and _REPORTED.search(norm[: match.start()]):
                continue
            return True
    return False


# A "friend" asking for a code sent to your phone: the code takes over your account.
_CODE_ASKED = re.compile(
    r"\b(?:send|forward|give|pass|share|read out)(?: [a-z]+){0,3} (?:a |the |that |him |her |them )?"
    r"(?:security |verification |six digit |6 digit |login |one time |whatsapp )?code\b"
)
_OF_ME = re.compile(r"\b(?:of me|me naked|my face|my head|my photo|my photos|my picture|my pictures|my body)\b")


# Words a message uses when it came as a text (or another written message), not a call.
_TEXT_WORDS = re.compile(
    r"\b(?:text|texts|texted|text message|sms|imessage|whatsapp|messenger|dm|link|clicked|click)\b"
)
# What makes a call a voice-clone or deepfake: a known person's voice or face, or the words for copying one.
_CLONE_SIGNS = re.compile(
    r"\b(?:ai|a i|artificial intelligence|clone|cloned|cloning|deepfake\w*|deep fake\w*|fake voice|synthetic|"
    r"computer generated|computer copy|(?:copy|copies|copied|copying|copy of|fake|faked|faking) (?:\w+ ){0,3}voices?|mimic\w*|imitat\w*|sound(?:s|ed)? (?:\w+ ){0,2}like|"
    r"voice (?:of|was|sounded)|voice note|could have sworn|swear it was|face|video|facetime|celebrity|famous|"
    rf"{_CALLER_RELATIVE}s?|boss|manager|ceo|director|colleague|friend|husband|wife|partner|boyfriend|girlfriend)\b"
)
_SEXUAL = re.compile(
    r"\b(?:porn\w*|sex|sexual|sexually|nude|nudes|naked|explicit|intimate|topless|undress\w*|nudif\w*)\b"
)
_INVEST_WORDS = re.compile(
    r"\b(?:invest\w*|crypto\w*|bitcoin|btc|trading|trader|forex|shares|stocks?|returns?|profits?|portfolio|"
    r"pension|dividends?|cash out|value|scheme|opportunity|yield)\b"
)
_PRIZE_WORDS = re.compile(
    r"\b(?:lottery|lotto|won|win|winner|winning|winnings|prize\w*|jackpot|raffle|sweepstakes?|competition|"
    r"giveaway|congratulations)\b"
)
# A "prize scam" needs a prize or a deal: these words keep it one.
_PRIZE_OR_DEAL = re.compile(
    _PRIZE_WORDS.pattern[:-3]
    + r"|lucky|vouchers?|rewards?|gift cards?|free gift|deal|offer|cheap|discount\w*|bargain|too good|half price)\b"
)
# Buying goods: a purchase, not an investment.
_BOUGHT = re.compile(
    r"\b(?:paid (?:\w+ ){0,6}for (?:a|an|the|my|some|two|three)|bought|buying|purchas\w*|ordered|"
    r"never (?:arrived|came|turned up|been delivered|delivered)|in my possession|seller|dealer|delivery)\b"
)
# A parcel held for a fee: the delivery scam message (usually a text), not goods bought from a fake seller.
_PARCEL = re.compile(r"\b(?:parcel|package|courier|royal mail|evri|hermes|dpd|dhl|ups|fedex|yodel|post office|depot)\b")
_HELD_FOR_A_FEE = re.compile(
    r"\b(?:re ?deliver\w*|missed (?:delivery|parcel)|tried to deliver|(?:could not|couldn t|cannot|can t) be delivered|"
    r"(?:held|stuck|on hold)(?: up)? (?:at|in|because|until|due)|unpaid (?:postage|shipping|duty|customs|fee)|"
    r"(?:shipping|postage|delivery|customs|import) (?:cost|fee|charge|duty|duties)s? (?:hadn t|had not|has not|hasn t|"
    r"was not|wasn t) been paid|(?:customs|import|redelivery|delivery|handling) (?:fee|charge|duty))\b"
)
# Using the person's account to move money (a money mule), as against money put into a scheme.
_MULE_SIGNS = re.compile(
    r"\b(?:(?:into|through|use|using|borrow) (?:my|his|her|their) (?:bank )?account|"
    r"(?:send|transfer|pass|move|forward)(?:ing)? (?:it|the money|them|the funds) on|keep (?:a|some|\d+)|"
    r"commission|jobs?|recruit\w*|paid into|receive (?:a |the )?(?:money|payments?|funds)|mov(?:e|ing) (?:the )?money|"
    r"money for (?:them|him|her)|tasks?|get paid|work from home|"
    r"account (?:has been |had been |was |got )?(?:closed|frozen|blocked|shut)(?: down)?)\b"
)
_PUT_IN = re.compile(r"\b(?:put|putting|puts) (?:in )?(?:\d[\d ]*|all|my|our|his|her)(?: \w+){0,2} in\b")
# A video or an advert (a deepfake of a famous face), not a call.
_SEEN = re.compile(
    r"\b(?:video\w*|advert\w*|ads?|mouth|lips|look\w*|watch\w*|saw|seen|clip|screen|youtube|tiktok|facebook|"
    r"instagram|celebrit\w*|famous|martin lewis|elon musk)\b"
)
# "When I was 14": a story a young person lived through, told later.
_WAS_YOUNG = re.compile(r"\bwhen i was (?:(?:[1-9]|1[0-7])|a (?:teen\w*|child|kid)|in (?:year|primary|secondary))\b")
# A young person's game or social account lost to a trick ("he got scammed out of his Roblox account").
_ACCOUNT_LOST = re.compile(
    r"\b(?:scammed|tricked|conned|cheated) (?:\w+ )?out of (?:his|her|their|my) (?:\w+ ){0,2}account"
    r"|\b(?:his|her|their) (?:\w+ ){0,2}account (?:was |got |has been |had been )?(?:hacked|stolen|taken)"
    r"|\b(?:hacked|stole|stolen|took|taken|lost) (?:access to )?(?:his|her|their) (?:\w+ ){0,2}account\b"
)
# An unwanted explicit picture or video sent to an adult (cyber-flashing), not a child groomed.
_EXPLICIT_SENT = re.compile(
    r"\b(?:masturbat\w*|penis|dick pics?|genitals|naked (?:photo|picture|pic|video|selfie)s?|"
    r"explicit (?:photo|picture|pic|image|video)s?|unsolicited)\b"
)
_ADULT_DATING = re.compile(
    r"\b(?:dating (?:app|site|website)s?|hinge|tinder|bumble|grindr|plenty of fish|match com|my date)\b"
)
# Threatening to share intimate images unless paid (images.SHARE_THREAT with a money demand): sextortion, however
# the rest of the story reads.
_PAY_DEMAND = re.compile(r"\b(?:pay|paid|money|bitcoin|gift cards?|ransom|\d+ (?:pounds|dollars))\b")
# A boss or company head asking, out of the blue, for a payment: CEO fraud (invoice and mandate fraud).
_BOSS = re.compile(
    r"\b(?:the|our|my|your|his|her) (?:company s )?(?:president|ceo|chief executive|managing director|"
    r"finance director|boss|director|owner)\b"
)
_PAY_ASKED = re.compile(r"\b(?:transaction|transfer|payment|invoice|wire|bank details|pay)\b")
_OFFICIAL = re.compile(
    r"\b(?:police|officer|detective|hmrc|tax|dwp|court|government|council|customs|border force|home office|"
    r"national crime agency|nca|fca|tv licen[cs]\w*)\b"
)
# The person was called by someone (a scam call), as against calling their bank themselves.
_CALLED_BY = re.compile(
    r"\b(?:(?:rang|called|phoned|rung|ringing|calling|phoning) (?:me|him|her|us|them|mum|dad|my (?:mum|mom|dad|nan|"
    r"gran|grandma|grandad|husband|wife|partner|son|daughter|mother|father|parents?))|"
    r"(?:someone|somebody|a man|a woman|a lady|a guy|they|he|she|scammers?|fraudsters?|bank|security|team) "
    r"(?:\w+ ){0,2}(?:rang|called|phoned|rung)|(?:rang|called|phoned) (?:claiming|saying|pretending|to say|from)|"
    r"(?:a|the|had a|got a|received a) (?:\w+ )?call|caller|cold call\w*|voicemail|voice mail|"
    r"recorded message|automated|robocall|press 1|press one|answered|on the phone (?:to|with) (?:a|someone|him|her|them|the))\b"
)
_IDENTITY_SIGNS = re.compile(
    r"\b(?:identity (?:fraud|theft)|stolen identity|in my name|not opened by me|never (?:opened|applied|took out|"
    r"signed up)|redirected|credit (?:file|report|check))\b"
)
# A fake profile made with the person's name or photos (harassment), as against their own account taken over.
_FAKE_PROFILE = re.compile(
    r"\b(?:fake (?:\w+ )?(?:account|profile|page)s?|(?:made|created|set up|opened|started) (?:a |an )?(?:new |second |"
    r"copy )?(?:\w+ )?(?:account|profile|page) (?:in my name|using my|with my|as me|pretending)|"
    r"pretending to be me with my (?:photos?|pictures?|pics?))\b"
)
_TAKEOVER = re.compile(
    r"\b(?:hacked (?:into )?my|my (?:\w+ )?account (?:was|has been|had been|got) (?:hacked|taken|compromised)|"
    r"locked (?:me )?out|can t (?:log|get) (?:in|back)|cannot (?:log|get) (?:in|back)|changed (?:my )?(?:password|email)|"
    r"password (?:was |has been )?changed|logged (?:into|in to) my|got into my|access to my account)\b"
)


def _one_channel(norm: str) -> "str | None":
    """The topic of the one way a scam came that the message names (a text, an email or a call), else None."""
    named = {key for key, pattern in _CHANNELS if pattern.search(norm)}
    return next(iter(named)) if len(named) == 1 else None


def _refined_neighbour(key: str, text: str, norm: str) -> str:
    """Second round (issue 18, 4 Dec 2026): a topic read from a story's surface words that its facts contradict.
    Each rule needs the fact that defines the other topic and the absence of the one that defines `key`."""
    if (
        key == "smishing"
        and _CALL_WORDS.search(norm)
        and not _TEXT_WORDS.search(norm)
        and not _EMAIL_WORDS.search(norm)
    ):
        return "vishing"  # "a recorded message, supposedly from Amazon": a call, not a text
    if key == "voice_clone_deepfake":
        if _SEXUAL.search(norm):
            return "deepfake_images"  # "that's me in a porn video": a sexual deepfake of the person
        if not _CLONE_SIGNS.search(norm) and not _SEEN.search(norm):
            return "vishing"  # a stranger's voice with a bank's script: a scam call, no clone
    if key == "investment_scam" and not _INVEST_WORDS.search(norm):
        if _PRIZE_WORDS.search(norm):
            return "prize_scam"  # "when I saw the lottery logo I began to dream"
        if _BOUGHT.search(norm):
            return "purchase_scam"  # "I paid a broker $41,000 for a car and it's never been in my possession"
    if key == "money_mule" and not _MULE_SIGNS.search(norm) and (_INVEST_WORDS.search(norm) or _PUT_IN.search(norm)):
        return "investment_scam"  # "I put $5000 in ... a fee when you try to cash out"
    if key == "prize_scam" and not _PRIZE_OR_DEAL.search(norm):
        way = _one_channel(norm)
        if way is not None:
            return way  # a text about a vaccine pass, with no prize in it: the scam text
    if key == "purchase_scam" and _PARCEL.search(norm) and _HELD_FOR_A_FEE.search(norm):
        return _one_channel(norm) or "smishing"  # "my parcel was held up because the shipping cost hadn't been paid"
    if key == "child_grooming" and not (
        about_a_child(text) or says_young_person(text) or child_age(text) or _WAS_YOUNG.search(norm)
    ):
        if _EXPLICIT_SENT.search(norm) or (_ADULT_DATING.search(norm) and _SEXUAL.search(norm)):
            return "cyber_flashing"  # an adult sent an explicit video by a man from a dating app
    if key == "child_grooming" and _ACCOUNT_LOST.search(norm) and not grooming_signs(text):
        return "hacked_account"  # "he got scammed out of his Roblox account"
    if key in ("romance_scam", "harassment", "cyberbullying", "hacked_account", "money_mule") and (
        SHARE_THREAT.search(norm) and _PAY_DEMAND.search(norm)
    ):
        return "sextortion"  # "I'm going to send them to all your followers ... you better figure it out"
    if (
        key == "official_impersonation"
        and _BOSS.search(norm)
        and _PAY_ASKED.search(norm)
        and not _OFFICIAL.search(norm)
    ):
        return "invoice_fraud"  # "an email from the president ... a very confidential transaction": CEO fraud
    if key == "vishing" and not (_CALLED_BY.search(norm) or _CALL_WORDS.search(norm)):
        if _IDENTITY_SIGNS.search(norm):
            return "identity_theft"  # "a debit card I never asked for ... I called the bank"
        way = _one_channel(norm)
        if way in ("smishing", "phishing_email"):
            return way  # no one rang: the scam came as a text or an email
        if _BOUGHT.search(norm):
            return "purchase_scam"  # "I contacted my bank to report a purchase as a scam"
    if key == "hacked_account" and _FAKE_PROFILE.search(norm) and not _TAKEOVER.search(norm):
        return "cyberbullying" if says_young_person(text) else "harassment"  # a fake profile with my photo
    return key


def refined_topic(key: str, text: str) -> str:
    """The topic the message's own facts call for, given the classifier's topic `key` (issue 18):
    - a young person romanced online ("I'm 15 and a guy I've been talking to wants to meet") is grooming, not a
      romance scam (child protection: CEOP, Childline);
    - an AI-made or faked nude "of me" is the deepfake images topic, not child abuse images found online.
    - an account takeover told with the phone losing its signal or the SIM moved ("my phone suddenly said SOS only,
      then my bank account was emptied") is a SIM swap: the mobile provider comes first.
    - a "phishing email" told as a call ("a recorded message, supposedly from Amazon") with no email in it is a
      scam call.
    - a call or message from someone claiming to be a relative ("Hi Grandma", "this is your oldest grandson") read
      as a bank call or courier fraud is family impersonation;
    - a "friend"'s message read as family impersonation, or a scam email or call, is a hacked account when the
      message says an account sent what its owner never wrote ("an email supposedly from me") or was taken over, or
      (for family impersonation) that a code was asked for;
    - then the second round (_refined_neighbour): a "text" told as a call, a "voice clone" with no known voice (a
      scam call) or with sex in it (sexual deepfake), an "investment" with a lottery or a purchase and nothing
      invested, a "money mule" whose money was put in and grew, a "prize" with no prize (the way it came), "grooming"
      of an adult (cyber-flashing) or a child's game account lost (hacked account), a threat to send pictures to
      someone's followers for money (sextortion), a boss asking for a transfer (CEO fraud), a "bank call" where no
      one rang (identity theft, the text or email, a purchase), and a fake profile read as a hacked account.
    Anything else keeps its key."""
    if key == "romance_scam" and (says_young_person(text) or age_band(child_age(text)) is not None):
        return "child_grooming"
    norm = normalise(text)
    if key == "phishing_email" and _CALL_WORDS.search(norm) and not _EMAIL_WORDS.search(norm):
        key = "vishing"  # and a caller who claims to be a relative is family impersonation (below)
    if key in ("vishing", "courier_fraud") and _CLAIMS_RELATIVE.search(norm):
        return "family_impersonation"
    if key in ("family_impersonation", "phishing_email", "vishing") and _account_used(text, key):
        return "hacked_account"
    if key == "family_impersonation" and _CODE_ASKED.search(norm) and not _CLAIMS_RELATIVE.search(norm):
        return "hacked_account"
    if key == "hacked_account" and _SIM_LOST.search(norm):
        return "sim_swap"
    if key == "child_abuse_images" and _AI_MADE.search(norm) and _OF_ME.search(norm):
        return "deepfake_images"
    return _refined_neighbour(key, text, norm)


# How a scam message reached the person, for a correction after the advice ("no, it was a text not an email"):
# the topic of each way in, and the words that name it.
_CHANNELS = (
    ("smishing", re.compile(r"\b(?:text|texts|texted|text message|sms|imessage)\b")),
    ("phishing_email", _EMAIL_WORDS),
    ("vishing", re.compile(r"\b(?:call|calls|phone call|rang|phoned|called|voicemail|voice mail)\b")),
)
_NOT_CHANNEL = re.compile(
    r"\b(?:not|wasn t|wasnt|isn t|isnt|never|didn t|didnt) (?:(?:an?|by|via|through|over|get|got|come by|come as|arrive by|receive) ){0,2}"
    r"(?:e ?mails?|emailed|texts?|texted|text message|sms|calls?|phone call|rang|phoned|called)\b"
)


def corrected_channel(current: str, text: str) -> "str | None":
    """The topic a correction asks for when the topic under discussion is a scam email, text or call and the message
    says it came another way ("no it was a text not an email", "it was a phone call actually"); else None. The ways
    it did not come ("not an email") are left out; a message naming two other ways is not a correction."""
    if current not in {key for key, _ in _CHANNELS}:
        return None
    norm = _NOT_CHANNEL.sub(" ", normalise(text))
    named = {key for key, pattern in _CHANNELS if pattern.search(norm)}
    if len(named) != 1:
        return None
    (key,) = named
    return key if key != current else None
