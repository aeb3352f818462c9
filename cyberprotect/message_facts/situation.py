"""What the person says has already happened (issue 18: answer the situation, not only the topic): remote
access given, paid, details or a password given, clicked, still in contact with the scammer (unless the
contact has ended), a scam call that has ended. content/situations.yml holds the first steps for each."""

from __future__ import annotations

import re
from typing import Iterable, Tuple

from cyberprotect.message_facts.child import about_a_child, says_young_person
from cyberprotect.message_facts.text import normalise

# Each pattern runs on the normalised text (lower case, apostrophes and punctuation as spaces). Every repetition
# is bounded, so each search is linear in the length of the message (4,000+ characters are normal for a story).
# A match does not count when the few words before it deny or suppose it ("I haven't clicked", "if I paid").
SITUATIONS = (
    "remote_access",
    "paid",
    "sold",
    "details_given",
    "password_given",
    "clicked",
    "replied",
    "in_contact",
    "call_ended",
)
# Not a situation: a marker in the said-so-far keys when the story is someone else's ("my mum got a call and she
# paid them"), so the advice names what happened without "you" (content/situations.yml `said_other`).
SOMEONE_ELSE = "someone_else"
_W = r"(?: [a-z0-9]+){0,4}"  # up to four words in between ("sent him another 200", "put all my card")
# Who did it, or the "and" / "then" of a story told in order ("I saw a puppy advertised and paid a deposit").
_PRONOUN = r"(?:i|we|i ve|ive|i have|we ve|we have|i d|she|he|they|mum|dad|my mum|my dad|already|just|and|then|so)"
_REMOTE_APPS = (
    r"(?:anydesk|any desk|teamviewer|team viewer|quicksupport|quick support|quick assist|quickassist|"
    r"rustdesk|supremo|ultraviewer|logmein|splashtop|remote access|remote desktop|remote control|"
    r"screen ?share|screen sharing|an app|the app|a program|software)"
)
# A relative named the way people write about them ("he got dad to move £6,000"), as "my dad" is
_FAMILY = r"(?:mum|mom|dad|nan|nana|gran|granny|grandma|grandad|grandpa)"
_DEVICE = r"(?:computer|laptop|pc|mac|phone|tablet|ipad|screen|device|desktop|bank account|online banking)"
# A number that counts something other than money ("they sent 3 texts", "it sent 2 codes")
_NOT_A_SUM = (
    r"(?! (?:texts?|messages?|emails?|links?|times?|photos?|pictures?|pics?|videos?|days?|weeks?|hours?|"
    r"minutes?|mins?|months?|years?|codes?|calls?|people|friends|reminders?|letters?)\b)"
)
# What was sent when it was not money ("she sent him a photo", "sent them a message back")
_NOT_MONEY_SENT = (
    r"(?! (?:a |an |the |some |my |her |his |their |more |another |back )?(?:photos?|pics?|pictures?|videos?|vids?|"
    r"nudes?|selfies?|snaps?|images?|messages?|texts?|links?|emails?|screenshots?|voice notes?|location|address|"
    r"friend requests?)\b)"
)
_SITUATION_PATTERNS = {
    "remote_access": [
        re.compile(
            rf"\b(?:installed|downloaded|let them install|let him install|let her install|put){_W} "
            rf"{_REMOTE_APPS}\b"
        ),
        re.compile(
            rf"\b(?:got|made|had|talked|persuaded|convinced|tricked) (?:me|us|her|him|my \w+)(?: into| to)? "
            rf"(?:install|download|installing|downloading|put|putting|open|opening|let){_W} {_REMOTE_APPS}\b"
        ),
        # software the scammer told them to install, left unnamed ("they got her to download something"): a caller
        # who has someone install anything is after control of the device, so the remote-access steps come first
        re.compile(
            rf"\b(?:got|made|had|talked|persuaded|convinced|tricked|told|asked|instructed) (?:me|us|her|him|them|"
            rf"my \w+|{_FAMILY})(?: into| to)? (?:install|download|installing|downloading) (?:something|some "
            rf"(?:thing|app|program|programme|file|software)|an? (?:application|programme|file|link))\b"
        ),
        re.compile(
            rf"\b(?:let|allowed|gave|given|granted)(?: them| him| her)?{_W} (?:remote )?(?:access|control)"
            rf"(?: to| of| over| on| into)(?: my| our| the| his| her){{0,1}} {_DEVICE}\b"
        ),
        re.compile(
            rf"\b(?:let|allowed)(?: them| him| her) (?:on|onto|into|in to|access|control|remote)"
            rf"(?: to)?(?: my| our){{0,1}}(?: {_DEVICE})?\b"
        ),
        re.compile(
            rf"\b(?:took|taken|had|got|gained|has|have) (?:remote )?(?:control|access) (?:of|to|over|on)"
            rf" (?:my|our|the|his|her) {_DEVICE}\b"
        ),
        re.compile(
            r"\b(?:they|he|she|the scammer) (?:were|was) (?:on|in|inside) (?:my|our|the) "
            r"(?:computer|laptop|pc|screen|device)\b"
        ),
    ],
    "paid": [
        re.compile(
            rf"\b{_PRONOUN} (?:already |just |have |had )?(?:paid|sent|transferred|moved|handed over|"
            rf"wired|lost|gave|spent|invested|deposited|bought){_W} (?:\d[\d,.]*(?: ?k)?{_NOT_A_SUM}|money|cash|"
            rf"pounds|quid|grand|deposit|savings|payment|payments|fee|fees|bitcoin|crypto|btc|usdt|"
            rf"gift ?cards?|vouchers?|amazon cards?|itunes cards?|steam cards?|pension|life savings)\b"
        ),
        re.compile(rf"\b{_PRONOUN} (?:already |just |have |had )?paid\b(?! (?:back|nothing|anything)\b)"),
        # the payment named as a thing done ("I did it by bank transfer", "she made the transfer", "we approved
        # the payments"); a denial between verb and noun ("I did not make any payment") stops the match
        re.compile(
            rf"\b{_PRONOUN} (?:already |just |then |have |had )?(?:made|did|done|completed|authorised|"
            rf"authorized|approved|confirmed|set up)(?: (?!not\b|never\b|no\b|any\b)[a-z0-9]+){{0,3}} "
            rf"(?:transfer|transfers|payment|payments)\b"
        ),
        # talked into it, told about someone else ("they talked him into moving 4000 pounds to a safe account")
        re.compile(
            rf"\b(?:talked|persuaded|convinced|tricked|pressured|got|made) (?:me|us|him|her|them|my \w+|{_FAMILY})"
            rf"(?: into| to) (?:paying|sending|transferring|moving|handing over|pay|send|transfer|move|"
            rf"hand over){_W} (?:\d[\d,.]*(?: ?k)?|money|cash|pounds|quid|grand|deposit|savings|payment|"
            rf"fee|bitcoin|crypto|gift ?cards?|vouchers?|pension|life savings)\b"
        ),
        # a story whose subject is left out after a comma ("bought a campervan on marketplace, paid £4,000
        # deposit by bank transfer"): the payment verb straight before a sum or a deposit
        re.compile(
            rf"\b(?<!been )(?<!get )(?<!got )(?<!be )(?<!being )(?:paid|sent|transferred|wired) (?:a |an |the |"
            rf"them |him |her |over |out )?(?:\d[\d,.]*(?: \d{{3}})*(?: ?k)?{_NOT_A_SUM}|deposit|deposits)\b"
        ),
        re.compile(
            r"\b(?<!been )(?<!get )(?<!got )(?<!be )(?<!being )(?:paid|sent|transferred) (?:them|him|her|it|"
            r"the money|via|by|with|through|using|for|over|on)\b"
            # "she sent him a photo", "I sent them a message": something other than money was sent
            rf"{_NOT_MONEY_SENT}"
        ),
        re.compile(
            rf"\b(?:took|taken|stole|stolen|withdrew|withdrawn|emptied|drained|cleaned out|debited)"
            rf"{_W} (?:\d[\d,.]*|money|savings|account|accounts|pension)\b"
        ),
        re.compile(
            r"\b(?:scammed|conned|cheated|defrauded|robbed) (?:me |us |her |him |them )?(?:out of|of) "
            r"(?:\d|my|our|her|his|all|money|savings|about|over|nearly|almost|around)"
        ),
        re.compile(
            r"\b(?:money|savings|cash|payment|transfer|deposit) (?:is |has |s |was |have |had )?"
            r"(?:gone|been taken|been stolen|went through|gone through|left my account)\b"
        ),
        re.compile(r"\b(?:lost|losing) (?:\d[\d,.]*|my money|all my|our money|thousands|hundreds|money)\b"),
        # the sum told in words: "lost a significant amount of money", "we've lost everything"
        re.compile(
            r"\b(?:lost|losing) (?:a |an )?(?:(?:lot|lots|significant amount|large amount|huge amount|large sum|"
            r"big sum|fair amount|substantial amount|considerable amount|sum|great deal) of (?:money|cash|savings)|"
            r"(?:small )?fortune|everything)\b"
        ),
    ],
    # The person was the seller: a fake "you've been paid" email or a buyer's claim is the scam (selling scams)
    "sold": [
        re.compile(
            r"\b(?:i|we) (?:was |were |am |m |have been |ve been |had been )?(?:selling|sold|listed|advertised)"
            r"(?: [a-z0-9]+){0,4} (?:on|through|via|in) (?:facebook|marketplace|ebay|gumtree|vinted|depop|"
            r"shpock|preloved|etsy|amazon|the app|an app|a site|a website|the site|online)\b"
        ),
        re.compile(r"\b(?:i|we) (?:was |were |am |m )?selling (?:my|our|a|an|some)\b"),
        re.compile(r"\b(?:i|we) (?:have |ve |had )?(?:sold|listed|put up) (?:my|our|a|an|some)\b"),
        # "no, I was the seller", "the buyer sent me a fake payment email": the person names themselves the seller,
        # or the other side as the buyer who did something to them (a correction after shopping-scam advice)
        re.compile(r"\b(?:i|we) (?:was |were |am |m |are )?(?:the|a) (?:seller|sellers|one selling)\b"),
        re.compile(
            r"\b(?:the|a|this|my) buyer (?:sent|said|claimed|told|asked|paid|wanted|messaged|emailed|texted|"
            r"never paid|didn t pay|did a chargeback|says|sends|keeps)\b"
        ),
    ],
    "details_given": [
        re.compile(
            rf"\b(?:entered|put|putting|typed|gave|given|filled|input|inputted|submitted|handed over)"
            rf"{_W} (?:card|bank|banking|account number|account details|sort code|pin|cvv|cvc|"
            rf"security number|security code|long number|payment details|credit card|debit card|expiry)\b"
        ),
        re.compile(
            rf"\b(?:provided|shared|read out|told them|told him|told her|confirmed|sent|texted|emailed)"
            rf"{_W} (?:(?:card|bank|banking|account|payment|login) (?:details|number|numbers|info|information)|"
            rf"sort code|pin|cvv|cvc|security number|security code|long number|expiry)\b"
        ),
        re.compile(
            r"\b(?:entered|put|putting|typed|filled|input|inputted|submitted)(?: in| out)?(?: all)? "
            r"(?:my|our|her|his|their) (?:details|info|information)\b"
        ),
        re.compile(r"\b(?:gave|given) (?:them|him|her|it) (?:my|our|her|his|all my) (?:details|info|information)\b"),
        re.compile(
            r"\b(?:(?:logged|signed)|(?:made|got|had) (?:me|us|her|him)(?: to)? (?:log|sign)) (?:in|into|on)"
            r"(?: to)?(?: my| her| his| our| the)? (?:bank|banking|online banking|bank account|bank app|"
            r"banking app)\b"
        ),
    ],
    "password_given": [
        re.compile(
            rf"\b(?:entered|put|typed|gave|given|shared|input|inputted|told them|told him|told her|"
            rf"logged in|signed in){_W} (?:password|passwords|passcode|login details|log in details|"
            rf"sign in details|username and password)\b"
        ),
        re.compile(
            r"\b(?:logged|signed) (?:in|into|on)(?: to)?(?: my| her| his)?(?: [a-z0-9]+){0,2} "
            r"(?:on|through|via|from) (?:the|that|their|it|this)\b"
        ),
    ],
    "clicked": [
        re.compile(
            rf"\b(?:clicked|pressed|tapped|followed|opened|visited|went on|went onto|went to|used)"
            rf"(?: on)?{_W} (?:link|links|url|attachment|attachments|file|the site|the website|the page|"
            rf"their site|their website|that site|that website|qr code)\b"
        ),
        re.compile(r"\b(?:clicked|tapped|pressed)(?: on)?(?: it| them| this| that| through)?\b"),
        re.compile(r"\b(?:scanned) (?:the|a|their|that) qr\b"),
    ],
    # the person answered the scam message: "I replied to it", "I texted back STOP" (not "they replied")
    "replied": [
        re.compile(
            r"(?:^|\b(?:i|we|i ve|ive|i have|we have|i had|and|then|so|just|already|also|accidentally|stupidly) )"
            r"(?:already |just |then |also |accidentally |stupidly )?(?:replied|responded|texted back|messaged back|"
            r"wrote back|emailed back|replied back|sent a reply|answered (?:it|the text|the message|the email))\b"
        ),
    ],
    "in_contact": [
        re.compile(
            r"\bstill (?:talking|speaking|chatting|messaging|texting|emailing|writing|in touch|in contact|"
            r"on the phone|on the line|on the call|replying|answering|seeing|dating|speak|talk|chat)\b"
        ),
        re.compile(
            r"\b(?:keep|keeps|kept|keeping) (?:on )?(?:calling|ringing|phoning|messaging|texting|emailing|"
            r"contacting|writing to|asking)\b"
        ),
        re.compile(
            r"\b(?:they re|theyre|they are|he s|hes|he is|she s|shes|she is|scammer is|scammers are) "
            r"(?:still |now )?(?:messaging|texting|calling|ringing|contacting|emailing|asking|chasing|"
            r"pressuring|pushing|demanding)\b"
            # ... the person, not others: "they're messaging my followers asking for money" (a fake or hacked account)
            r"(?! (?:all |some of |loads of |lots of )?(?:my|our|his|her|their) (?:followers|friends|contacts|"
            r"family|mates|customers|clients|colleagues)\b| (?:people|others|everyone|everybody|other people)\b)"
        ),
        re.compile(
            r"\b(?:we|i) (?:still )?(?:talk|speak|chat|message|text)(?: [a-z]+){0,2} (?:every day|daily|"
            r"every night|all the time)\b"
        ),
    ],
    # the scam call is over, told as past ("I moved it while they were on the phone", "then he hung up"): its advice
    # does not start with "Hang up now" (issue 19, hand-found); a call still going on is in_contact (_CALL_GOES_ON)
    "call_ended": [
        re.compile(
            r"\b(?:they|he|she|caller|scammer|scammers|man|woman|guy|bloke|lady|fraudster|fraudsters) "
            r"(?:was|were) on the (?:phone|line|call)\b"
        ),
        re.compile(
            r"\b(?:hung up|hang up on (?:me|us|her|him)|put the phone down|rang off|ended the call|the call "
            r"(?:ended|dropped|was over)|after the call|once the call (?:ended|was over)|when the call (?:ended|was over))\b"
        ),
    ],
}
_CALL_GOES_ON = re.compile(
    r"\b(?:still|now|currently|right now) (?:on|in) (?:the|a) (?:phone|line|call)\b|\bon hold\b|"
    r"\b(?:theyre|they are|hes|he is|shes|she is) on the (?:phone|line|call)\b"
)
# Words just before a match that deny or suppose it: "I haven't clicked", "in case I paid", "they want me to pay".
_NOT_DONE = re.compile(
    r"\b(?:not|never|no|didn t|didnt|don t|dont|haven t|havent|hasn t|hasnt|hadn t|hadnt|"
    r"wasn t|wasnt|won t|wont|without|almost|nearly|before|if|unless|in case|should|shall|"
    r"would|could|can|might not|to|stopped|no longer|refused|avoid|avoided|careful not)"
    r"(?: [a-z0-9]+){0,2} $"
)
_NEGATION_WINDOW = 40  # characters before a match that are checked for _NOT_DONE
# Someone else did it, not the person or their family: "a few friends have already sent money" after a hacked
# account, "the buyer said he had paid through PayPal" in a selling scam (a claimed payment is the scam, not a
# loss). Up to four words may come between, none of them the person's own ("my friends told me so I paid" is theirs).
_SOMEONE_ELSE = re.compile(
    r"\b(?:friends|people|others|followers|contacts|customers|victims|members|some of them|a few of them|"
    r"buyer|buyers|purchaser)(?: (?!(?:i|we|me|us|my|our)\b)[a-z0-9]+){0,4} $"
)


def _done(norm: str, patterns: Iterable[re.Pattern[str]]) -> bool:
    for pattern in patterns:
        for match in pattern.finditer(norm):
            before = norm[max(0, match.start() - _NEGATION_WINDOW) : match.start()]
            if not _NOT_DONE.search(before) and not _SOMEONE_ELSE.search(before):
                return True
    return False


# The contact has ended: "they kept asking for more and now they have blocked me" is not "still in touch".
_CONTACT_ENDED = re.compile(
    r"\b(?:blocked (?:me|us|her|him|my \w+)|(?:deleted|closed) (?:their|his|her) (?:account|profile)|"
    r"(?:stopped|stop) (?:replying|answering|responding)|(?:gone|went) (?:quiet|silent)|"
    r"disappeared|vanished|never heard (?:from|back)|no longer (?:in touch|in contact|talking))\b"
)


# Someone else's story: a relative or friend named ("my mum", "dad", "my husband") and nothing the writer did
# themselves ("I paid", "I clicked"): "Because you said you have paid" would be wrong for them.
_OTHER_PERSON = re.compile(
    rf"\b(?:(?:my|our) (?:mum|mom|mother|dad|father|nan|nana|gran|granny|grandma|grandmother|grandad|grandpa|"
    rf"grandfather|husband|wife|partner|son|daughter|brother|sister|aunt|auntie|uncle|friend|neighbour|neighbor|"
    rf"boyfriend|girlfriend|parents|grandparents|mother in law|father in law|elderly \w+|\w+ year old)|{_FAMILY})\b"
)
_WRITER_DID = re.compile(
    r"\b(?:i|we)(?: (?:have|had|ve|d|just|then|already|also|stupidly|accidentally|foolishly|actually|even))* "
    r"(?:paid|sent|transferred|moved|clicked|tapped|gave|entered|typed|put|downloaded|installed|let|lost|"
    r"handed|bought|invested|replied|responded|logged|signed|shared|told|read out|opened|filled)\b"
)


def told_for_someone_else(texts: Iterable[str]) -> bool:
    """The story is about what happened to someone else (a relative or friend named, and no "I paid", "we clicked"
    of the writer's own in any of `texts`)."""
    norms = [normalise(t) for t in texts]
    return any(_OTHER_PERSON.search(n) for n in norms) and not any(_WRITER_DID.search(n) for n in norms)


# A one-time code handed over ("I gave them the code from my phone"): with a bank, a card or a payment in the story
# it lets them approve payments (the bank first, as for card details); otherwise it takes over an account (WhatsApp,
# email), as a password does.
_CODE_GIVEN = [
    re.compile(
        r"\b(?:gave|given|read out|told (?:them|him|her)|shared|passed on|typed in|entered|put in|"
        r"sent (?:them|him|her|it)|forwarded (?:them|him|her|it))(?: [a-z0-9]+){0,4} (?:code|codes|passcode|"
        r"passcodes|otp|one time code|verification code|6 digit code|six digit code)\b"
    ),
    # the code named first ("she asked for the code so I gave it to her")
    re.compile(
        r"\b(?:code|codes|passcode|otp)(?: [a-z0-9]+){0,6} (?:and|so|then) (?:i|we|she|he|mum|dad|my \w+) "
        r"(?:gave|read|told|passed|forwarded|typed|entered) (?:it|them|her|him|the numbers)\b"
    ),
]
_BANK_CONTEXT = re.compile(
    r"\b(?:bank|banks|banking|card|cards|payment|payments|account number|sort code|santander|barclays|lloyds|"
    r"halifax|natwest|hsbc|nationwide|monzo|starling|tsb|rbs|metro bank|first direct|co op bank|revolut|paypal)\b"
)


# How the money went, for its own step (content/situations.yml `paid` `by_method`; content_schema.PAYMENT_METHODS)
PAID_WITH = {
    "gift_card": re.compile(
        r"\b(?:gift ?cards?|vouchers?|(?:itunes|apple|google play|steam|amazon|ebay|paysafe ?card|razer gold) "
        r"(?:gift )?(?:cards?|vouchers?|codes?))\b"
    ),
    "money_transfer": re.compile(
        r"\b(?:western union|money ?gram|ria money transfer|world ?remit|money transfer (?:service|company|shop|app))\b"
    ),
    "crypto": re.compile(
        r"\b(?:crypto\w*|bitcoins?|btc|usdt|tether|ethereum|litecoin|coinbase|binance|kraken|bitcoin atm)\b"
    ),
}


def paid_with(text: str) -> Tuple[str, ...]:
    """The ways of paying a story names ("through Western Union and gift cards" -> ("gift_card",
    "money_transfer")), in PAID_WITH order; () when it names none. Read only when the story says they paid."""
    norm = normalise(text)
    return tuple(key for key, pattern in PAID_WITH.items() if pattern.search(norm))


def situation(text: str) -> Tuple[str, ...]:
    """What the person says has already happened, in SITUATIONS order: ("paid", "clicked"), or ()."""
    norm = normalise(text)
    found = tuple(key for key in SITUATIONS if _done(norm, _SITUATION_PATTERNS[key]))
    if _done(norm, _CODE_GIVEN):
        code = "details_given" if _BANK_CONTEXT.search(norm) else "password_given"
        found = tuple(key for key in SITUATIONS if key in found or key == code)
    if "in_contact" in found and _CONTACT_ENDED.search(norm):
        found = tuple(key for key in found if key != "in_contact")
    if "call_ended" in found and _CALL_GOES_ON.search(norm):
        found = tuple(key for key in found if key != "call_ended")
    return found


# --- Signs that a child is being groomed, in a parent's or young person's story (issue 18) -----------------------
_GROOMING_SIGNS = re.compile(
    r"\b(?:nudes?|naked|sexual|sexually|explicit|sext\w*|inappropriate (?:pictures|photos|messages|images|things)"
    r"|(?:send|sending|sent) (?:him|her|them|me) (?:pics|pictures|photos|a picture|a photo|images|videos)"
    r"|(?:pics|pictures|photos|videos) of (?:herself|himself|themselves|myself)"
    r"|(?:meet|meeting|met) (?:up|him|her|them|in person|in real life|irl)|keep (?:it|this|us|them|our chats?) (?:a )?secret"
    r"|(?:don t|dont|not to|never) tell (?:anyone|your parents|your mum|your dad|her parents|his parents|us|my parents)"
    r"|groom(?:ing|ed|er|ers)?|predators?|paedophiles?|pedophiles?|older (?:man|men|guy|guys|boy|boys|male))\b"
)


def grooming_signs(text: str) -> bool:
    """True when a message about a child, or from a young person, tells signs of grooming: sexual pictures asked
    for or traded, a meeting, secrecy, an older man ("he asked her to send pictures and not tell us")."""
    norm = normalise(text)
    return bool(_GROOMING_SIGNS.search(norm)) and (about_a_child(text) or says_young_person(text))
