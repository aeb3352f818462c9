"""Finds the warning signs of a scam in a pasted message, each with the exact words that show it, and says
what kind of message it is (text, email, WhatsApp, social media DM, voicemail, a link alone, a number alone).

The patterns are general signs named by the NCSC, Report Fraud, Which? and the banks (content/checker.yml has
the sources and the plain-words explanations); they were written before the corpus was split and tuned only on
its development part (tests/checker/dev.yml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Pattern, Sequence, Tuple

from cyberprotect.checker import links as L
from cyberprotect.checker.content import CheckerContent, Organisation
from cyberprotect.checker.detect import ASK, HIDDEN_NUMBERS, acted_on_it
from components.text_normaliser import plain_same_length

MAX_TEXT = 6000  # longer pastes are checked on their first 6,000 characters
CHATTY_MAX_WORDS = 40  # a message this short with no link or number may be a stranger's opener: the reply says so


def _rx(*parts: str) -> Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.I | re.M)


PATTERNS: Dict[str, Pattern[str]] = {
    "urgency": _rx(
        r"\b(?:within(?: the next)?|in the next)\s+\d+\s*(?:hours?|hrs?|minutes?|mins?)\b",
        r"\b(?:extremely |very |highly )?time[- ]sensitive\b",
        r"\b(?:pay|respond|reply|act|verify|confirm|update|apply|claim|complete)\b[^.\n]{0,40}\bwithin\s+\d+\s*days?\b",
        r"\bdeadline\b",
        r"\btoday is (?:ur|your) lucky day\b",
        r"\bdon'?t miss out\b",
        r"\b\d+\s*(?:hours?|hrs)\b(?=[^.]{0,40}\b(?:return|expire|delet|clos|suspend|lost|cancel))",
        r"\burgent(?:ly)?\b",
        r"\bimmediate(?:ly)?\b",
        r"\bact now\b",
        r"\bas soon as possible\b",
        r"\b(?:final|last)[- ](?:notice|reminder|chance|request|warning)\b",
        r"\bexpire[sd]? (?:in|today|on)\b",
        r"\bbefore (?:the )?deadline\b",
        r"\btoday only\b",
        r"\bby midnight\b",
        r"\bright away\b",
        r"\bwill (?:be )?(?:returned|cancelled|canceled|deleted|closed|suspended|blocked) (?:to sender|within|if|unless)\b",
        r"\breturn(?:ed)?[- ]to[- ]sender\b",
        r"\bwill be (?:deleted|closed|suspended|removed|cancelled|canceled|locked|disabled|blocked) in \d+ (?:days?|hours?|hrs|minutes?|mins)\b",
        r"\bif no action is taken\b",
        r"\bfailure to (?:pay|apply|respond|update)\b",
        r"\bno longer (?:be )?eligible\b",
        r"\bbefore your item is returned\b",
        r"\bit'?s urgent\b",
        r"\b(?:final|last) (?:attempt|notice)\b",
        r"\b2nd attempt\b",
        r"\btime is running out\b",
        r"\bit'?s an emergency\b",
        r"\bbefore it'?s too late\b",
    ),
    "threat": _rx(
        r"\barrest(?:ed)?\b",
        r"\bwarrant\b",
        r"\blegal actions?\b",
        r"\b(?:action|proceedings|case)s? (?:will be |has been |is )?(?:taken|initiated|filed|registered) against (?:you|your name)\b",
        r"\bprosecut\w*",
        r"\blawsuit\b",
        r"\bcriminal case\b",
        r"\bdebt collect\w*",
        r"\b(?:fine|penalty) of\b",
        r"\brisk (?:facing )?a £?\d+ fine\b",
        r"\bcourt\b",
        r"\bpolice (?:will|are)\b",
        r"\b(?:account|licen[cs]e) (?:will be )?(?:closed|cancelled|suspended|deleted)\b",
        r"\bforced to cancel\b",
        r"\bpermanently deleted\b",
        r"\bclosed within\b",
        r"\billegal to drive\b",
        r"\b(?:will|shall) be (?:terminated|shut down|disconnected|cut off|revoked)\b",
        r"\billegal (?:activit\w+|theft)\b",
        r"\blegal (?:troubles?|disputes?)\b",
        r"\bunpaid (?:parking )?(?:fines?|penalt\w+)\b",
        r"\b(?:additional|further) (?:fines?|penalt\w+|charges)\b",
        r"\bto avoid (?:\w+ )?(?:suspension|closure|prosecution|legal)\b",
        r"\bpenalty charge\b",
        r"\b(?:will be|may be|being) suspended\b",
        r"\bbailiffs?\b",
        r"\benforcement (?:agents?|officers?|action)\b",
        r"\blegal consequences\b",
        r"\bruin your (?:life|reputation|career|future|family)\b",
        r"\b(?:enough|everything) (?:i need )?to destroy you\b",
        r"\byou(?:'d| had)? better listen\b",
        r"\b(?:page|account|profile|channel)\b[^.\n]{0,25}\b(?:has been|will be|may be|is being|is) (?:\w+ )?(?:disabled|deleted|removed|unpublished)\b",
        r"\b(?:breach|violation)\w* of (?:our |the )?(?:\w+ )?(?:community standards|terms|policies|guidelines)\b",
        r"\bviolat\w+ (?:our |the )?(?:\w+ )?(?:community standards|terms(?: of (?:use|service))?|policies|guidelines)\b",
        # threats of violence sent to strangers ("I've been paid to kill you"; police: delete it)
        r"\b(?:been )?paid (?:me )?to (?:kill|hurt|harm|shoot)\b",
        r"\b(?:wish to|want to|will|can|get) (?:be )?spare(?:d)?(?: you| your life)?\b(?=[^\n]{0,80}\b(?:pay|kill|die|police)\b)",
        r"\byou will (?:die|be killed|be hurt)\b",
        r"\bdeath is promised\b",
    ),
    "payment_method": _rx(
        r"\bgift ?cards?\b",
        r"\b(?:itunes|google play|amazon|steam) (?:gift )?(?:cards?|vouchers?)\b",
        r"\bbitcoin\b",
        r"\bbtc\b",
        r"\bcrypto(?:currency)?\b",
        r"\busdt\b",
        r"\b(?:eth|ethereum|doge(?:coin)?)\b",
        r"\bwallet address\b",
        r"\b(?:safe|secure|holding|new) account\b",
        r"\bmove (?:your )?money\b",
        r"\bscratch[- ]off\b",
        r"\bcourier (?:will )?collect\b",
        r"\bsend (?:the )?money to\b",
        r"\btransfer (?:the )?money\b",
    ),
    "new_number": _rx(
        r"\b(?:hi|hello|hey|hiya)\s+(?:mum|mam|mom|mummy|dad|daddy|nan|gran)\b",
        r"\bnew number\b",
        r"\bmy phone (?:just )?(?:broke|is broken|died|smashed)\b",
        r"\b(?:lost|broke|broken|smashed) (?:my )?phone\b",
        r"\bfriend'?s (?:old )?phone\b",
        r"\bsave this (?:one|number)\b",
        r"\bdelete (?:that|my old) number\b",
        r"\bchanged (?:my )?(?:number|provider)\b",
        r"\b(?:got|have) a new phone\b",
        r"\btemporary number\b",
        r"\bmy old (?:phone|number)\b",
        r"\bthis is my new\b",
        r"\bsome(?:one)? else'?s? phone\b",
        r"\b(?:i'?m|i am) (?:texting |messaging )?(?:you )?(?:on|from) this (?:mobile|number|phone)\b",
        r"\b(?:reply|text me back) (?:to|on) this number\b",
        r"\bnew number you can save\b",
    ),
    "unexpected_money": _rx(
        r"\byou(?:'ve| have)? won\b",
        r"\bwinner\b",
        r"\bprizes?",
        r"\bawarded?\b",
        r"\blucky day\b",
        r"\bclaim\b[^.\n]{0,50}\b(?:cash|prize|reward|refund|award|holiday|voucher)\b",
        r"\bcash (?:prize|award)\b",
        r"\bgiving away\b",
        r"\bwinter fuel payment\b",
        r"\bguaranteed (?:returns?|profits?|income)\b",
        r"\bcongratulations\b",
        r"\b(?:tax )?refund\b",
        r"\brebate\b",
        r"\byou are owed\b",
        r"\bowed £?\d",
        r"\boverpa(?:id|yment)\b",
        r"\beligible (?:for|to receive) (?:an? |the |your )?(?:£|payment|refund|rebate|grant|discount|discounted|subsidy|prize|compensation|reward|voucher|energy|tax)",
        r"\breward points?\b",
        r"\bfree (?:£?\d+ )?(?:vouchers?|coupons?|gift)\b",
        r"\b£\d+ (?:vouchers?|coupons?)\b",
        r"\bsubsidy\b",
        r"\bliving (?:expense|allowance|payment)\b",
        r"\bclaim (?:your|now|it)\b",
        r"\bcompensation\b",
        r"\byou(?:'ve| have) qualified\b",
        r"\bchosen few\b",
        r"\bexclusively selected\b",
        r"\bfinal draw\b",
        r"\bselected (?:2|to) receive\b",
        r"\bfree entry\b",
        r"\bpre-?approved (?:for )?(?:a )?(?:loan|credit)\b",
        r"\bapproved for a loan\b",
        r"\binheritance\b(?! tax)",
        r"\bunclaimed (?:funds?|money|inheritance|estate)\b",
        r"\bnext of kin\b",
        r"\b\d+(?:\.\d+)? ?million (?:dollars|pounds|usd|gbp|euros?)\b",
        r"\bdouble your (?:money|investment)\b",
        r"\b(?:going to|about to|set to|will) (?:double|triple|explode|skyrocket|soar)\b[^.\n]{0,25}\b(?:days?|weeks?|hours?|soon)\b",
        r"\bgoing up \d+ ?%",
        r"\binvestment (?:opportunit\w+|platform)\b",
        r"\b(?:new |free )?government grant\b",
        r"\bgrant (?:of|worth) £?\d",
        r"\b(?:crypto|trading|forex|investment) (?:platform|app|mentor|account manager|signals?|group)\b",
        r"\b\d+ ?% (?:profit|returns?|interest)\b[^.\n]{0,15}\b(?:daily|a day|per day|weekly|a week|per week)\b",
        r"\bselected\b(?=[^.]{0,40}(?:draw|prize|voucher|win))",
        r"\bfree £\d+ (?:\w+ )?(?:vouchers?|coupons?|gift ?cards?)\b",
        r"\bto celebrate (?:our |its |the )?\d+(?:st|nd|rd|th) (?:anniversary|birthday)\b",
        r"\bgiveaway\b",
        r"\b(?:entitled|owed) to £\s?\d",
        r"\bmake (?:a lot of|lots of|big|easy|quick|extra) money\b",
        r"\bsend\b[^.\n]{0,40}\b(?:and|to) (?:get|receive) (?:from )?[^.\n]{0,30}\bback\b",
        # a gift, reward or survey prize for nothing ("here's a little gift for you", "$100 for a quick survey")
        r"\bhere'?s (?:a |our )?(?:little |tiny |small )?(?:loyalty )?(?:gift|present|reward|thank you gift)\b",
        r"\b(?:loyalty|anniversary|christmas|black friday) (?:reward|gift|present|bonus)\b",
        r"\b(?:gift|present|reward|bonus|prize) (?:to|for) (?:express|show|thank)\w*\b",
        r"\bsurvey\b[^.\n]{0,60}(?:[£$€]\s?\d|\b\d+\s?(?:usd|gbp|eur)\b|\bgift|\breward|\bcredit\b|\bwin\b)",
        r"(?:[£$€]\s?\d+|\b\d+\s?(?:usd|gbp|eur))\b[^.\n]{0,60}\bsurvey\b",
        r"\byou'?ll (?:soon )?be rich\b",
        # prize and free-phone texts (round 8): "selected to stay in 1 of 250 hotels", "chance to WIN", "FREE Bluetooth"
        r"\bhave been selected to (?:stay|receive|win|get|claim)\b",
        r"\bto claim,? (?:call|text|reply|ring)\b",
        r"\b(?:chance|opportunity) to win\b",
        r"\bentitled to (?:an? )?(?:update|upgrade|free|new)\b",
        r"\bfree (?:call )?credit\b",
        r"\bfree (?:video |camera |colour |bluetooth )?(?:phones?|mobiles?|bluetooth|headsets?|camcorders?)\b(?! app)",
        r"\bnew video phone\b",
        r"\bany ?time any network (?:mins|minutes)\b",
        r"\breply for delivery\b",
        r"\bup (?:over |by )?[1-9]\d{2,3} ?%",
        r"\b(?:explosive|hot|strong-?buy) (?:pick|stock|tip)s?\b",
        # debt help nobody asked for ("eliminating 90 to 95% of your debt", "struggling due to current economic conditions?")
        r"\b(?:eliminat\w+|wip(?:e|ing) out|writ(?:e|ing) off)\b[^.\n]{0,40}\bdebts?\b",
        r"\bstruggling\b[^.\n]{0,30}\b(?:economic|cost of living|bills|debts?)\b",
    ),
    "small_fee": _rx(
        r"\b(?:shipping|delivery|redelivery|re-delivery|customs|postage|release|processing|settlement) (?:fee|charge)\b",
        r"\bunpaid (?:shipping |delivery |customs )?(?:fee|charge|toll)\b",
        r"\bfee of £?\$?\d",
        r"\bsettlement of\b",
        r"\bpay (?:a )?£\d+(?:\.\d\d)?\b",
        r"£[0-3]\.\d\d\b(?=[^.]{0,60}\b(?:fee|pay|parcel|deliver|postage))",
        r"\b[0-3]\.\d\d \(?GBP\)?",
        r"\b(?:outstanding|unpaid) (?:tax |customs |shipping |delivery )?(?:balance|amount)\b[^.\n]{0,25}[£$€]\s?[0-9]",
        r"[$€][0-3]\.\d\d\b(?=[^.]{0,60}\b(?:fee|pay|parcel|deliver|postage|balance))",
    ),
    "asks_for_details": _rx(
        r"\b(?:one[- ]time|verification|security|log-?in|6[- ]digit|six[- ]digit|otp) (?:pass)?code\b",
        r"\bsend (?:it|the code) back\b",
        r"\btransfer it to me\b",
        r"\bforward (?:it|the code) (?:to me|back)\b",
        r"\b(?:your )?pin\b(?! code)",
        r"\bpassword\b",
        r"\b(?:card|bank|banking|payment|billing|personal) (?:details|information|info)\b",
        r"\bconfirm (?:your|the) (?:details|identity|address|correct)\b",
        r"\bverify (?:your|the) (?:account|identity|details|device)\b",
        r"\bupdate (?:your )?(?:payment|billing|information|details|account)\b",
        r"\bre-?authenticat\w+",
        r"\bremote access\b",
        r"\banydesk\b",
        r"\bteamviewer\b",
        r"\bsort code\b",
        r"\bcvv\b",
        r"\benter (?:new )?payment\b",
        r"\bretry payment\b",
        r"\bset up (?:your )?new direct debit\b",
        r"\bcomplete the form\b",
        r"\bfill (?:out|in) the (?:following )?form\b",
        r"\b(?:confirm|verify|update)\b[^.\n]{0,30}\b(?:account|bank|card|personal|billing) (?:details|information)\b",
        r"\bupdate (?:your |their )?(?:account )?information\b",
        r"\bverify (?:your |the )?(?:account|details)\b",
        r"\bre-?activate (?:your )?(?:account|apple pay|card)\b",
        r"\bpassphrase\b",
        r"\bvalidation process\b",
        r"\bverify your details\b",
        r"\bconfirm (?:your|the) account\b",
        r"\bre-?validate\b",
        r"\b(?:reply|text|send)\b[^.\n]{0,40}\bname,? (?:house (?:no|number)|address|postcode|date of birth)\b",
    ),
    "account_problem": _rx(
        r"\baccount (?:has been |is |was )?(?:locked|suspended|limited|restricted|on hold|deactivated|blocked|flagged|compromised)\b",
        r"\b(?:id|icloud id|apple id) has been deactivated\b",
        r"\bnew (?:device|payee|standing order|direct debit)\b",
        r"\b(?:payment|transaction|attempt) (?:was |has been )?(?:attempted|flagged|declined|failed|held)\b",
        r"\b(?:have|has) (?:held|blocked|stopped|frozen) (?:a|your|the) (?:recent |suspicious )?(?:payment|transaction|transfer)\b",
        r"\bunusual (?:activity|login|sign-?in|pattern)\b",
        r"\bunable to (?:process|collect|deliver)\b",
        r"\bcould not be (?:delivered|processed|renewed|automatically renewed)\b",
        r"\bhaving (?:some )?trouble\b",
        r"\b(?:payment|direct debit) (?:has )?failed\b",
        r"\bno longer taxed\b",
        r"\bcopyright (?:violation|infringement)\b",
        r"\bproblem with your\b",
        r"\bsuspicious (?:activity|attempt|login)\b",
        r"\bunauthori[sz]ed (?:purchase|transaction|payment)\b",
        r"\b(?:your )?(?:card|account) (?:has been |was |is being )?(?:charged|debited|billed)\b(?: with)?\s*(?:[£$€]|\d+(?:\.\d\d)? ?(?:gbp|usd|eur)\b)",
        r"\bis about to expire\b",
        r"\bnot (?:be )?able to access\b",
        r"\b(?:sorry )?we miss(?:ed)? you\b",
        r"\battempted to deliver\b",
        r"\bmissed (?:your )?deliver\w*",
        r"\b(?:parcel|package|item|shipment) (?:is |has been )?(?:being )?held\b",
        r"\brestricted access\b",
        r"\bfailed log-?in attempts?\b",
        r"\bif (?:this|it) (?:was|is) not you\b",
        r"\bif this wasn'?t you\b",
        r"\bif you did not (?:do|make|authori[sz]e|recogni[sz]e)\b",
        r"\bif you do not recogni[sz]e\b",
        r"\b(?:problems? with|virus on|infected) your (?:computer|device|pc|laptop|phone)\b",
        r"\bcontracted a virus\b",
        r"\byour computer has\b",
        r"\b(?:blocked|suspended|frozen|locked|restricted) your (?:card|account)\b",
        r"\bverify (?:some )?recent activity\b",
        r"\b(?:purchase|payment|transaction)\b[^.]{0,30}\bdeclined\b",
        r"\b(?:access|online services?|online banking|apple pay|service)\b[^.\n]{0,40}\b(?:has been|is|was) (?:suspended|locked|restricted|blocked|disabled|frozen)\b",
        r"\bcould not log you in",
        r"\bsecurity reasons\b",
        r"\bunusual attempts?\b",
        r"\bunregistered (?:mobile|device)\b",
        r"\b(?:failed|unable) to validate\b",
        r"\bif this (?:attempt|transaction|payment|request) was not\b",
        r"\b(?:not yet|have not|haven'?t) (?:yet )?(?:applied|submitted|claimed)\b",
        r"\btried to deliver\b",
        r"\bno one was available\b",
        r"\bunable to deliver\b",
        r"\brestore your (?:account|access)\b",
        r"\b(?:parcel|package|item|shipment)\b[^.\n]{0,40}\b(?:on hold|awaiting|pending|could not|couldn'?t|failed|suspended)\b",
        r"\b(?:has been|have been|will be|is being) (?:compromised|terminated)\b",
        r"\bstorage (?:is )?(?:full|almost full)\b",
        r"\b(?:subscription|membership|licen[cs]e) (?:has )?(?:expired|ended|lapsed)\b",
        r"\b(?:exceeded|reached) (?:its |it |the |your )?(?:storage|quota|mailbox) ?(?:limit|quota)?\b",
        r"\bstorage limit\b",
        r"\b(?:temporar(?:il)?y|permanently) (?:suspend|lock|limit|disabl|restrict|block)\w* (?:your |the )?(?:account|access)\b",
        r"\bmultiple (?:failed |unsuccessful )?log-?in attempts?\b",
        r"\bsomeone (?:other than you|else) (?:is |was )?(?:trying|tried|attempting|attempted) to (?:access|log|sign|use)\b",
        r"\bclose contact with\b[^.\n]{0,40}\b(?:positive|case|covid|omicron|virus)\b",
        # cards and accounts "disabled", "locked", "on hold"; alarming activity; a charge you didn't make
        r"\b(?:card|account|debit|acc|profile|online access)\b[^.\n]{0,25}\b(?:has been|is|was|been) (?:temporar(?:il)?y |permanently )?(?:disabled|locked|suspended|restricted|frozen|on hold|blocked)\b",
        r"\b(?:debit|account|card|acc)[\s.:_-]{1,3}(?:locked|frozen|suspended|disabled)\b",
        r"\b(?:alarming|irregular|strange) (?:activit\w+|behaviou?r|transactions?)\b",
        r"\b(?:has been|have been|is|was|been) compr[io]mi[sz]ed\b",
        r"\b(?:an? )?attempt(?:ed)? (?:to )?charge\b",
        r"\bdid you attempt a (?:charge|purchase)\b",
        r"\bhas (?:been )?charged (?:on|to) your card\b",
        r"\bwe (?:have )?(?:billed|charged) your (?:mobile|phone|number|account)\b",
        # a delivery held for a wrong or incomplete address
        r"\b(?:incomplete|incorrect|wrong|invalid|missing|misinformation on your) (?:\w+ )?(?:address|door number|street number|house number|postcode|zip code|forwarding address)\b",
        r"\b(?:package|parcel|shipment|goods|item)\b[^.\n]{0,40}\b(?:temporarily suspended|cannot be approved|reverted|redirected)\b",
    ),
    "click_link": _rx(
        r"\bclick (?:on )?(?:here|the link|this link|the (?:secure )?link|below|the button)\b",
        r"\bfollow (?:the|this) link\b",
        r"\b(?:visit|tap|open) (?:the )?(?:link|url)\b",
        r"\bvia the (?:following )?link\b",
        r"\bon the following link\b",
        r"\bin the link\b",
        r"\bthe link below\b",
        r"\bplease visit\b",
        r"\bvisit\s*:",
        r"\bconfirm here\b",
        r"\bapply here\b",
        r"\breschedule (?:delivery )?(?:here|at)\b",
        r"\bcall (?:us|fraud|the number)\b[^.]{0,30}\bon\b",
        r"\bclick \"",
        r"\b(?:button|link) below\b",
        r"\bcontact us (?:soon|as soon)\b",
        r"\b(?:rearrange|reschedule|book|confirm|claim|apply|pay|update|verify|track|redeem)\b[^.\n]{0,40}\b(?:here|below|via|at the link|using the link)\b",
        r"\bsecure link\b",
        r"\blog on ?to\b",
        r"\bproceed (?:via|to|here)\b",
        r"\[(?:web )?link\]",
    ),
    "generic_greeting": _rx(
        r"\bdear (?:customer|user|member|client|subscriber|sir|madam|valued|account holder|\w+@|\(?email|instagram user)",
        r"\bhello dear\b",
        r"^\s*dear,",
        r"\bhello,? (?:instagram|netflix|amazon|paypal) user\b",
    ),
    "secrecy": _rx(
        r"\bdiscreet(?:ly)?\b",
        r"\bkeep (?:this|it) (?:between us|quiet|secret|confidential)\b",
        r"\bdon'?t tell\b",
        r"\bconfidential\b",
        r"\bin a meeting\b",
        # telling you not to tell the police, the bank or anyone (extortion, courier and bank-impersonation scams)
        r"\b(?:don'?t|do not|never) (?:tell|inform|contact|call|involve) (?:the )?(?:police|bank|anyone|anybody|family)\b",
        r"\bif you (?:inform|tell|contact|call|involve) (?:the )?(?:police|bank|anyone|anybody)\b",
        r"\binform the police or any(?:one|body)\b",
    ),
    "easy_money_job": _rx(
        r"£\s?\d{2,4}\s?(?:-|to)\s?£?\s?\d{2,4}\s*(?:a|per)\s*(?:day|hour)\b",
        r"\b\d{2,4}\s?-\s?\d{2,4} pounds a day\b",
        r"\bpart[- ]time\b[^.\n]{0,20}\b(?:job|work)\b",
        r"\bonline recruitment\b",
        r"\b\d[- ]\d hours? (?:of your time )?(?:each|a|per) day\b",
        r"\bwork (?:from|at) home\b",
        r"\bclick like\b",
        r"\bearn (?:from |up to )?[£$]\s?\d",
        r"\bonline job\b",
        r"[£$]\s?\d[\d,]*\s?-\s?[£$]?\s?\d[\d,]*\s*(?:per|a) (?:month|week|day|hour)\b",
        r"\bwork (?:any ?time|anywhere)\b",
        r"\b(?:remote|flexible) (?:online )?(?:part-time |full-time )?(?:job|work)\b",
        r"\bno experience (?:is )?(?:needed|required|necessary)\b",
        r"\bflexible (?:working )?hours\b",
        r"\b(?:daily|weekly) (?:pay|salary|income|earnings)\b",
        # an unsolicited job or task offer: a recruiter out of the blue, pay per task, "optimising data"
        r"\bpart[- ]time (?:helpers?|workers?|employees?|staff|positions?|roles?|opportunit\w+|jobs?)\b",
        r"\b(?:i|we)(?:'m| am| work as| are) an? (?:recruiter|hr|hiring manager|recruitment (?:agent|consultant))\b",
        r"\bjob opportunit(?:y|ies) for you\b",
        r"\b(?:offer|introduce) you (?:to )?an? (?:great |remote |simple |online |flexible )+(?:part-time|full-time|part-time/full-time|job|position|role|opportunit\w+)\b",
        r"\bwe are an? (?:regular |online |legitimate |professional )?recruitment (?:company|agency|team)\b",
        r"\b(?:earn|get paid|paid|commission)\b[^.\n]{0,30}\b(?:per|for (?:each|every)|each) (?:task|like|review|order|click|video)\b",
        r"\b(?:optimi[sz]e|boost) (?:data|products?|apps?|rankings?|visibility)\b",
        r"\bwork (?:at|from) home or anywhere\b",
        r"\b(?:we|they|you(?:'ll| will)?) (?:pay|earn|get) (?:us\$|\$|£|€)\s?\d{2,5}\s?(?:-|to)\s?(?:us\$|\$|£|€)?\s?\d{2,5}\b",
        r"\bmystery shoppers?\b",
        r"\b(?:acquire|make|receive|get) [£$€]\s?\d+ (?:on|for|per) (?:each|every) task\b",
        r"\bwe need someone to (?:rate|like|review)\b",
    ),
    "sextortion": _rx(
        r"\brecorded you\b",
        r"\b(?:porn|adult|naughty) (?:web)?site\b",
        r"\bcaught you in the act\b",
        r"\b(?:turned on|accessed|hacked|took control of) (?:your )?(?:system'?s )?(?:web ?cam(?:era)?|video camera|camera)\b",
        r"\bhacked your (?:phone )?camera\b",
        r"\bvideo (?:viral|to all your contacts)\b",
        r"\bmake your video\b",
        r"\bintimate (?:video|pictures|photos)\b",
        r"\bi know (?:your|that) password\b",
        r"\bsend (?:it|the video|them) to (?:all )?your contacts\b",
        r"\b(?:i have|i've got|i got|we have) (?:all )?(?:your |of your )?(?:nudes?|naked|explicit|intimate|private|sexual)\b",
        r"\brecorded your masturbation\b",
        r"\b(?:leak|expose|spread|release)\b[^.\n]{0,40}\b(?:nudes?|your (?:pics|pictures|photos|video|videos))\b",
        r"\bsend your shame\b",
        r"\b(?:show|send|post|share|leak) (?:your|the) (?:nude|naked|intimate|sex(?:ual)?|private) (?:videos?|pics?|pictures?|photos?|images?)\b",
        r"\b(?:send|show|post|share) (?:it|them|the (?:video|pics?|pictures?|photos?|images?))\b[^.\n]{0,20}\bto (?:all )?your (?:family|friends|followers|contacts|school|college|colleagues)\b",
        r"\b(?:screenshot(?:ted|s)? of|have) all (?:of )?your (?:followers|friends|contacts)\b",
        r"\b(?:your|my) (?:web ?cam|camera)\b[^.\n]{0,30}\b(?:recorded|filmed|video of you)\b",
    ),
    # a stranger starting a sexual chat or video call: how sextortion of young people starts (NCA, police)
    "sexual_bait": _rx(
        r"\b(?:i'?m|i am) (?:naked|nude|topless)\b",
        r"\b(?:naked|nude) (?:on|in front of the) (?:cam|camera|webcam|video)\b",
        r"\b(?:send|show) me (?:a |some |your )?(?:nudes?|naked|sexy|dirty) ?(?:pics?|pictures?|photos?|videos?|selfies?)?\b",
        r"\b(?:let'?s|wanna|want to) (?:have )?(?:video ?(?:call|chat) )?(?:sex|get naked)\b",
        r"\bview my (?:private )?(?:photos|pics|pictures)\b",
        r"\b(?:private|sexy|s3xy|naughty|hot|nude) (?:pics|photos|pictures|videos)\b",
        r"\bsent you a kiss\b",
        r"\bfl[i!1]ng request\b",
        r"\b(?:i'?m|im) (?:wet|horny)\b",
        r"\bready for some porn\b",
        r"\b(?:sexy|horny|naughty),? (?:single )?(?:female|girl|woman|lady)\b",
    ),
    "reply_charges": _rx(
        r"\b\d{2,3}\s?p\s?(?:/|per|a)\s?(?:msg|min|minute|txt|text|message|tone|wk|week|day)\b",
        r"\b\d{2,3}ppm\b",
        r"£\d(?:\.\d\d)?\s?(?:/|per|a)\s?(?:msg|min|minute|message|txt|text|wk|week|day|call)\b",
        r"(?:£\d(?:\.\d\d)?|\b\d{2,3}\s?p)\s?(?:to|per|/)\s?(?:rcv|recv|receive)\b",
        r"\b(?:txt|text|send|reply)\b[^.\n]{0,60}\bto (?:no:? ?)?[6-8]\d{4}\b",
        # per-message and subscription charges written the ways premium-rate texts write them (round 8)
        r"(?<=\d)p\s?(?:/|per|a)\s?(?:msgs?|min|minute|txt|text|message|wk|week|day|call)\b",
        r"\bmsgs?\s?@\s?\d{2,3}\s?p\b",
        r"\b\d{2,3}\s?p inc(?:l|\.)? vat\b",
        r"\b(?:one|two|three|\d+(?:\.\d\d)?)\s?gbp\s?/\s?(?:sms|msg|text|txt|min)\b",
        r"\b(?:billed|charged)\b[^.\n]{0,25}(?:£\s?\d|\b\d{2,3}\s?p\b)",
        r"£\s?\d+(?:\.\d\d)?\s?(?:/|per|a)\s?(?:month|mth)\b",
        r"£\d(?:\.\d\d)?\s?(?:min|minute)\b",
        r"\b(?:txt|text)[6-8]\d{4}\b",
    ),
    "press_one": _rx(
        r"\bpress (?:button )?(?:1|one)\b",
        r"\bpress (?:button )?(?:[0-9]|two|nine)\b(?=[^.\n]{0,40}\b(?:speak|talk|connect|served|details|advis[eo]r|agent|operator|customer service|officer|inquiries|enquiries))",
    ),
    "curiosity_bait": _rx(
        r"\b(?:is|isn'?t) (?:this|it|that) you\b(?! who)",
        r"\blook who died\b",
        r"\bdied in an accident\b",
        r"\bi saw this video\b",
        r"\bfind out who\b",
        r"\bsecret admirer\b",
        r"\byou have (?:an? |\d+ )?unread (?:messages?|emails?|notifications?|voice ?mails?)\b",
        r"\b(?:secret|leaked|exclusive|hidden) (?:\w+ ){0,2}(?:version|update|upgrade|edition)\b",
        r"\bsomeone (?:you know )?(?:has been |is )?(?:trying to )?contact(?:ed|ing)? you\b",
        # sensational "news" teasers and miracle methods that lead to a link (fake celebrity stories and adverts)
        r"\b(?:breaking|shocking) (?:news|story)\b",
        r"\bread (?:this|the) (?:crazy|shocking|incredible|full) story\b",
        r"\brevolutionary (?:way|method|system|trick)\b",
    ),
    "asks_for_money": _rx(
        r"\b(?:send|lend|transfer) (?:me|us) (?:over )?(?:some |a small amount of |the )?(?:money|cash|£\s?\d)",
        r"\bmoney transfer (?:agent|service)\b",
        r"\bwestern union\b",
        r"\bmoneygram\b",
        r"\bclear my (?:hospital )?bill\b",
        r"\bcan you (?:help me )?(?:pay|transfer|send)\b[^.\n]{0,30}\b(?:bill|rent|money|£|fee)",
        r"\bneed (?:you )?to (?:pay|send|transfer)\b[^.\n]{0,20}\b(?:bill|rent|money|£)",
        r"\b(?:could|can|would) you (?:please )?lend me\b",
        r"\blend me (?:some|a bit|£|\$|\d)",
        r"\bi need (?:some |the )?(?:money|cash)\b",
        r"\bshort (?:on|of) (?:cash|money)\b",
        r"\b(?:wir(?:e|ing)|send(?:ing)?|transfer(?:ring)?) me (?:some )?money\b",
        r"\bwiring (?:some )?money\b",
        r"\b(?:i'?ll|i will|i could|i can|i'?d) pay you back\b",
        r"\byou'?ll have it back\b",
        r"\bmake (?:this|a|the) (?:transfer|payment) for me\b",
        r"\b(?:can|could) you (?:send|transfer) it back\b",
        r"\b(?:sent|transferred) (?:those |the |that )?(?:funds|money|payment) to the wrong\b",
        r"\b(?:send|refund|return|transfer|pay) (?:back )?(?:the )?(?:rest|balance|difference|remainder|excess|extra)\b[^.\n]{0,20}\b(?:back|to me)\b",
        r"\bdeduct\b[^.\n]{0,40}\b(?:and|then) (?:send|refund|return|transfer)\b",
    ),
    # a stranger who says they messaged the wrong number or the wrong person, or introduces themselves by message
    # (the openers of romance and crypto "pig-butchering" scams: FBI, BBB, Which?)
    "wrong_number": _rx(
        r"\b(?:i|i've|i have)\s+(?:\w+\s+){0,2}(?:entered|texted|sent|messaged|dialled|dialed|typed|got|rang)\s+(?:\w+\s+)?the wrong (?:number|person|man|woman|guy|girl)\b",
        r"\bdid i (?:text|message|send|ring|call) the wrong\b",
        r"\b(?:gave|passed|shared) me your (?:phone |mobile |whats ?app )?number\b",
        r"\bgot your (?:phone |mobile )?number from\b",
        r"\bnice to meet you\b[,!. ]{0,3}(?:(?-i:[A-Z][a-z]+)[,!. ]{1,3})?(?:i'?m|i am|my name is|this is) (?-i:[A-Z][a-z]+)\b",
        r"\b(?:buy|treat) you (?:a |to )?(?:cup of )?(?:coffee|drink|dinner|lunch) to apologi[sz]e\b",
        r"(?:^|[.!?]\s+|,\s*)(?:is this|are you) (?!(?-i:Ok|Okay|OK|Sure|There|Home|Free|Alright|Serious|Mad|Real|Legit|Genuine|Safe|Fake|Spam|Scam)\b)(?-i:[A-Z][a-z]+)\s*\?",
        r"\b(?:i|i've|i have)\s+(?:\w+\s+){0,4}(?:found|reached|contacted|added|messaged|texted)\s+(?:\w+\s+)?the wrong (?:number|person|man|woman|guy|girl)\b",
        r"\b(?:gave|given|sent) me the wrong (?:number|contact)\b",
        # a stranger introducing themselves: "I am Li, by the way", "I'm Daisy from California, and you?"
        r"\b(?:i'?m|i am|my name is) (?-i:[A-Z][a-z]+),? by the way\b",
        r"\b(?:i'?m|i am) (?-i:[A-Z][a-z]+) from (?-i:[A-Z][a-z]+)\b[^.?!\n]{0,20}\band you\s*\?",
        # checking the name of someone they don't know: "Hi Christopher, right?", "Hi, is this the dog groomer?"
        r"^\W*(?:hi|hello|hey)?\W*(?-i:[A-Z][a-z]+),? right\s*\?\s*$",
        r"^\W*(?:hi|hello|hey)?\W*is this (?:the )?(?!right\b|correct\b|same\b|number\b)(?:\w+ ){0,2}(?:groomer|dentist|salon|plumber|clinic|office|restaurant|shop|hotel|agency|landlord|photographer|studio|gym|garage|florist|bakery)\s*\?\s*$",
        # the "assistant and the boss's meeting" opener sent to a stranger by name (FBI, BBB): documents for a meeting
        r"\b(?:documents?|materials?|files?|contract)\b[^.\n]{0,40}\b(?:for |at )?(?:tomorrow'?s|today'?s|the) meeting\b",
        r"\bhave (?:the )?(?:required |necessary |relevant )?(?:documents?|materials?) ready\b",
        r"\b(?:not sure|unsure) (?:if|whether) (?:the|this|i have the) (?:number|contact) is (?:correct|right)\b",
        r"\bwe (?:met|matched|chatted) on (?:bumble|tinder|hinge|badoo|a dating (?:app|site))\b",
        r"\b[A-Za-z]+\d*\s(?:is |\()\d{2}\s?/\s?[mf]\b",
        r"\bcheck (?:him|her) out\b",
    ),
    # moving the chat to another app, where it is harder to trace and report (police job-scam and romance-scam advice)
    "move_to_app": _rx(
        r"\b(?:please )?add (?:me |us )?(?:on |to )?(?:whats-?app|telegram|signal)\b",
        r"\b(?:contact|message|text|reach|chat (?:with|to)|talk to|write to) (?:me|us|you)\b[^.\n]{0,20}\b(?:on|via|by|through) (?:whats-?app|telegram|signal|wechat)\b",
        r"\b(?:send|drop) me a (?:message|text|msg) on (?:whats-?app|telegram)\b",
        r"\bsend me a whats-?app\b",
        r"\bwhats-?app (?:me|my new number)\b",
        r"\bcan you whats-?app me\b",
        r"\b(?:move|switch|continue|carry on)\b[^.\n]{0,20}\b(?:to|on) (?:whats-?app|telegram|signal|wechat)\b",
        r"\bmy (?:whats-?app|telegram) (?:is|number|id)\b",
        r"\bmessage from the hiring manager\b",
        r"\bjoin (?:this|our|my|the) (?:whats-?app|telegram|signal) (?:group|channel)\b",
        r"\b(?:text|send|give|dm|message) me your (?:phone |mobile |whats-?app )?number\b",
    ),
    # paying to get paid: a fee, deposit or "top-up" to unlock earnings, a job or a prize (task scams, advance fees)
    "pay_to_earn": _rx(
        r"\b(?:pay|deposit|top[- ]?up|recharge|send)\b[^.\n]{0,40}\bto (?:withdraw|unlock|release|upgrade|receive) (?:your |the |my )?(?:earnings|profits?|funds|commission|balance|money|winnings|tasks?)\b",
        r"\bto (?:withdraw|unlock|release|receive) (?:your |the |my )?(?:earnings|profits?|funds|commission|balance|winnings)\b[^.\n]{0,40}\b(?:pay|deposit|top[- ]?up|recharge)\b",
        r"\b(?:unlock|release) (?:your |the )?(?:earnings|profits?|commission|winnings)\b",
        r"\bnegative balance\b",
        r"(?<!any )(?<!no )\b(?:joining|unlock(?:ing)?) fee\b",
        r"\b(?:job|work|task|role|position)\b[^.\n]{0,60}\b(?:training|equipment|registration|admin) fee\b",
        r"\b(?:training|equipment|registration|admin) fee\b[^.\n]{0,60}\b(?:job|work|task|role|position)\b",
        r"\bpay (?:a |the )?(?:tax|fee|deposit) (?:before|to) (?:you can )?(?:withdraw|receive|release)\b",
    ),
    # excuses for never meeting or video calling (romance scams: banks' and Action Fraud's advice)
    "wont_meet": _rx(
        r"\bcan'?t (?:meet(?: up)?|video ?call|video ?chat|face ?time)(?: (?:up )?with you)?\b",
        r"\b(?:web ?cam|camera) (?:has )?(?:just )?(?:stopped working|is broken|isn'?t working|doesn'?t work|broke)\b",
        r"\b(?:on an )?oil rig\b",
    ),
    # a first name and plans or catching up, out of the blue ("Hi Mandy! Are we still on for yoga at 3 PM?"): the
    # "wrong number" opener of romance and investment scams (FBI); the explanation says it is a sign only if the name
    # isn't yours or you don't know the number
    "name_opener": _rx(
        r"(?:^|[?:\"“'‘])\W*(?:(?:hi|hey|hello|hiya|morning|evening)\b[\s.,!]*)?(?!(?-i:There|All|Guys|Everyone|Mum|Mom|Dad|Babe|Baby|Hun|Honey|Love|Mate|Sir|Madam|Team|Dear)\b)(?-i:[A-Z][a-z]{2,})[\s.,!]+"
        r"(?:are we still (?:on|meeting|going)|aren'?t you coming|are you (?:still )?coming|when are you (?:picking|coming|getting)"
        r"|(?:it'?s|its) been (?:a (?:long time|while)|ages)|how have you been|long time no (?:see|speak|talk))\b",
    ),
    # asking you to reply (Y, 1, OK) or copy the link into a browser so that the phone turns on a link it blocked
    # from an unknown sender (BleepingComputer, National Fraud Helpline)
    "reply_to_activate": _rx(
        r"\breply (?:to )?(?:with )?\W?(?:y|yes|1|ok)\W?,? (?:then|and) (?:exit|close|reopen|restart|open)\b",
        r"\b(?:after |by )?reply(?:ing)? (?:to )?\W?(?:y|yes|1|ok)\W?\s*,?\s*(?:to |and )?(?:re-?confirm|activate|take steps|obtain)\b",
        r"\breply (?:to )?\[?(?:ok|y|1)\]? and (?:take steps|re-?activate|confirm)\b",
        r"\b(?:copy|paste) the link (?:in)?to (?:your |the )?(?:safari|chrome|browser)\b",
        r"\b(?:open|reopen) the (?:sms |text message |message )?activation link\b",
        r"\bto activate the link\b",
    ),
    # a file or "secure message" to open that you weren't expecting (HSBC, NCSC): attachments can hide fake login
    # pages or harmful software
    "attachment": _rx(
        r"\b[\w-]{3,}\.pdf\b",
        r"\bpdf document\b",
        r"\b(?:an? )?attached (?:secure )?(?:message|document|file|invoice|statement)\b",
        r"\b(?:secure|encrypted) (?:message|document|file)\b[^.\n]{0,40}\b(?:attached|included|download)\w*\b",
        r"\b(?:additional )?media content is included\b",
        r"\bclick (?:here|below|on)\b[^.\n]{0,25}\bto (?:listen|hear) (?:to )?(?:the |your )?(?:full |new )?voice ?(?:message|mail)\b",
    ),
    # tickets offered for sale by private message (Lloyds Bank: most ticket scams start on social media)
    "ticket_offer": _rx(
        r"\b(?:spare|extra|selling|sell|two|2|four|4|couple of)\b[^.\n]{0,30}\btickets?\b[^.\n]{0,60}\b(?:dm|pm|inbox|message|text|whats-?app) me\b",
        r"\b(?:can'?t|cannot|no longer) (?:go|make it|attend)\b[^.\n]{0,60}\btickets?\b",
        r"\btickets?\b[^.\n]{0,60}\b(?:can'?t|cannot|no longer) (?:go|make it|attend)\b",
        r"\btickets?\b[^.\n]{0,40}\bface value\b",
    ),
}

KIND_HINTS: Sequence[Tuple[str, Pattern[str]]] = (
    (
        "voicemail",
        _rx(
            r"\bpress (?:button )?(?:[0-9]|one|two|nine)\b",
            r"\bvoice ?mail\b",
            r"\bthis call\b(?!\s+us)",
            r"\bcalling from\b",
            r"\bi'?m calling\b",
            r"\bwe(?:'re| are) calling\b",
            r"\bcall us back\b",
            r"\banswer ?phone\b",
            r"\bautomated (?:call|message)\b",
            r"\brang me\b",
            r"\b(?:got|had|received) a (?:phone )?call\b",
            r"\bcaller\b",
            r"\bspeak to (?:an? )?(?:advisor|officer|agent)\b",
            r"\b(?:this is|it'?s) (?:the )?(?:hmrc|microsoft|amazon|your bank)\b",
            r"\binforms us you have problems\b",
        ),
    ),
    (
        "email",
        _rx(
            r"^\s*(?:from|subject|sent|to|reply-to)\s*:",
            r"\b(?:an?|this|the) e-?mail\b",
            r"\bemail inbox\b",
            r"\bbutton below\b",
            r"\bclick (?:on )?(?:the )?\"?[a-z ]+\"? button\b",
            r"\bunsubscribe\b",
            r"\bopening this email\b",
            r"\byour email address\b",
            r"\bemail (?:a|me|us|the) \w+",
            r"\bdear \(?email",
            r"\bdear [\w.+-]+@",
        ),
    ),
    (
        "dm",
        _rx(
            r"\binstagram\b",
            r"\bfacebook\b",
            r"\bmessenger\b",
            r"\bsnapchat\b",
            r"\btiktok dm\b",
            r"\b(?:a|this|the) dm\b",
            r"\bdirect message\b",
            r"\btelegram\b",
            r"\bdiscord\b",
            r"\blinkedin\b",
        ),
    ),
    (
        "whatsapp",
        _rx(
            r"\b(?:on|via|in|a|this) whatsapp\b(?! (?:on|me|my))",
            r"^\[\d{1,2}[/.]\d{1,2}[/.]\d{2,4},? \d{1,2}:\d\d",
            r"\bwhatsapp (?:message|chat|group)\b",
            r"\bsent you my whatsapp\b",
            r"\bsent you a (?:6|six)[- ]digit code\b",
            r"\bsent (?:a |the |my )?(?:verification |(?:6|six)[- ]digit )?code to your (?:number|phone)\b",
            r"\bwhatsapp log-?in code\b",
            r"\bsend (?:it|the code) back to me\b",
        ),
    ),
)


SMS_HINTS = _rx(
    r"\b(?:a|this|the) (?:text|sms)\b",
    r"\btext(?:ed)? me\b",
    r"\bgot a text\b",
    r"^\s*[A-Z][A-Za-z ]{1,20}:\s",
    r"\bfrom (?:\+44|07)\d",
    r"\b(?:reply|text) (?:stop|yes|no|y|n)\b",
)
WEAK = ("click_link", "generic_greeting")  # shown only next to a stronger sign
# signs that only rush or worry you: not counted when every link and number goes to the real organisation
PRESSURE = ("urgency", "account_problem", "click_link", "generic_greeting")
# signs of messages that usually come on WhatsApp or social media: when the kind is unclear, the app's report button
# is offered too
APP_SIGNS = (
    "new_number",
    "curiosity_bait",
    "wrong_number",
    "move_to_app",
    "asks_for_money",
    "wont_meet",
    "easy_money_job",
    "sextortion",
    "sexual_bait",
    "ticket_offer",
    "name_opener",
)
# an organisation's own advice or a condition is not a demand: "We never ask you to share personal details", "if you
# owe tax or are due a refund", "For security reasons, we have not included a link" (HMRC, Vinted)
NOT_A_DEMAND = _rx(
    r"\b(?:(?:we|they|i|it|hmrc|the bank)(?: will| would| do| does)?(?:n'?t| not)?|will|would|do|does) "
    r"never (?:\w+ ){0,2}?(?:ask|request|need|require|contact|send|call|text|email)\w*\b[^.,;!?\n]{0,60}",
    r"\b(?:we|they|it|hmrc) (?:will not|won'?t|do not|don'?t|does not|doesn'?t) (?:ever )?"
    r"(?:ask|request|need|require)\w*\b[^.,;!?\n]{0,60}",
    r"\bif you (?:\w+ ){0,4}(?:are|were|have been) (?:due|owed|eligible)\b[^.\n]{0,40}",
    r"\bfor security reasons,? we (?:have not|haven'?t|do not|don'?t|will not|won'?t) (?:include|put|add|send)\w*[^.,;!?\n]{0,40}",
)
# a code text that itself tells you never to share the code is the organisation's own (the scam is asking for it)
DONT_SHARE = _rx(r"\b(?:do not|don'?t|never) (?:share|give|tell)\b[^.\n]{0,25}\b(?:code|it|this)\b")
SEND_CODE_BACK = _rx(
    r"\bsend (?:it|the code|me the code) back\b",
    r"\b(?:send|give|tell|read) me the code\b",
    r"\btransfer it to me\b",
    r"\bread (?:it|the code) (?:back|out) to me\b",
    r"\bforward (?:it|the code) (?:to me|back)\b",
)


@dataclass(frozen=True)
class Sign:
    key: str
    explanation: str
    evidence: Tuple[str, ...]  # the exact words of the message that show it


@dataclass
class Check:
    kind: str
    kind_sure: bool = True
    signs: List[Sign] = field(default_factory=list)
    claimed: List[str] = field(default_factory=list)  # organisation keys the message names
    claims_bank: bool = False
    numbers_hidden: bool = False  # the channel gate removed a phone number, so it could not be checked
    acted: bool = False  # the person says they already clicked, paid or gave details: the reply puts those steps first
    chatty: bool = (
        False  # a short personal-style message with no link or number ("Hi John, are we still on for dinner?")
    )
    routes: List[str] = field(default_factory=list)  # where to send it, main one first

    @property
    def sign_keys(self) -> List[str]:
        return [s.key for s in self.signs]


def _snippet(text: str, start: int, end: int, width: int = 70) -> str:
    """The matched words widened to whole words, at most `width` characters, exactly as written."""
    a = start
    while a > 0 and text[a - 1].isalnum():
        a -= 1
    b = end
    while b < len(text) and text[b].isalnum():
        b += 1
    return re.sub(r"\s+", " ", text[a:b]).strip()[:width]


def claimed_organisations(text: str, content: CheckerContent) -> List[Organisation]:
    """The organisations the message names. An email address is where it came from, not a claim ("From: Amazon
    <orders@hsbc.co.uk>" claims Amazon), and the gate may have replaced it by its kind, so addresses are left out."""
    low = " " + L.without_addresses(text).lower() + " "
    found = []
    for org in content.organisations.values():
        for name in org.names:
            pattern = r"(?<![a-z0-9])" + re.escape(name) + (r"(?![a-z0-9])" if name[-1].isalnum() else "")
            if re.search(pattern, low):
                found.append(org)
                break
    return found


def message_kind_sure(text: str) -> Tuple[str, bool]:
    """(kind, sure): sure when something in the text says what it is; otherwise a text message is guessed and
    the reply says where to send it both as a text and as an email."""
    stripped = text.strip()
    if HIDDEN_NUMBERS.sub("", ASK.sub("", stripped)).strip(" ?.!:,") == "":
        return "number", True
    one = re.sub(r"\s+", "", stripped)
    if stripped and len(stripped.split()) == 1 and L.find_links(stripped):
        return "link", True
    if re.fullmatch(r"\+?[\d()\-]{7,16}", one) and L.find_numbers(stripped):
        return "number", True
    # "add me on WhatsApp", "text me on Telegram": asking to move there says it did not come there
    plain = PATTERNS["move_to_app"].sub(" ", plain_same_length(text))
    for kind, pattern in KIND_HINTS:
        if pattern.search(plain):
            return kind, True
    if SMS_HINTS.search(plain) and not _long_letter(text):
        return "sms", True
    return "sms", False


def _long_letter(text: str) -> bool:
    """Several lines and many words, with no header: as likely an email as a text, so not sure of the kind."""
    return len([ln for ln in text.splitlines() if ln.strip()]) >= 3 and len(text.split()) >= 40


def message_kind(text: str) -> str:
    return message_kind_sure(text)[0]


_WORD = re.compile(r"\w+")


def disguised(word: str, plain: str) -> bool:
    """A word written with letters from another alphabet or a "fancy font" that read as ordinary Latin letters
    ("Аmazon" with a Cyrillic А, "𝐏𝐚𝐲"): the look-alike table is Unicode's (components/text_normaliser.py)."""
    return word != plain and plain.isascii() and any(c.isalpha() for c in plain)


def _add(signs: Dict[str, List[str]], key: str, evidence: str) -> None:
    if evidence and evidence not in signs.setdefault(key, []) and len(signs[key]) < 2:
        signs[key].append(evidence)


def check(text: str, content: CheckerContent, kind: Optional[str] = None) -> Check:
    """Every warning sign in `text`, in a fixed order, with evidence. `kind` overrides the guessed kind when
    the person said what it is ("I got this email")."""
    text = (text or "")[:MAX_TEXT]
    found: Dict[str, List[str]] = {}
    # words inside web addresses (…/tax-refund) are judged as links, not as words; curly apostrophes, fancy-font
    # and look-alike letters are read as the plain letters they show (same length, so evidence is as written)
    words = plain_same_length(L.mask_links(text))
    demands = NOT_A_DEMAND.sub(lambda m: " " * len(m.group(0)), words)
    for key, pattern in PATTERNS.items():
        for m in pattern.finditer(demands):
            _add(found, key, _snippet(text, m.start(), m.end()))
    for m in _WORD.finditer(text):
        if disguised(m.group(0), words[m.start() : m.end()]):
            _add(found, "disguised_letters", m.group(0))
    for word in broken_words(text):  # "her.e's our lit.tle loyal.ty rewar.d": dots inside words to dodge filters
        _add(found, "disguised_letters", word)
    orgs = claimed_organisations(plain_same_length(text), content)
    all_orgs = list(content.organisations.values())
    links = L.find_links(text)
    for link in links:
        shown = link.text[:80]
        if link.is_ip:
            _add(found, "link_ip", shown)
        if link.at_trick:
            _add(found, "link_at_trick", shown)
        if link.registrable in content.shorteners or link.host in content.shorteners:
            _add(found, "link_shortener", shown)
            continue
        if not link.is_ip and L.looks_alike(link, all_orgs):
            _add(found, "link_lookalike", shown)
        named = [o for o in orgs if o.domains]
        imitated = [o for o in all_orgs if o.domains and L.mentions_org(link.host, o)]
        suspects = named + [o for o in imitated if o not in named]
        if not link.is_ip and suspects and not any(L.is_official(link.host, o) for o in suspects):
            _add(found, "link_not_official", shown)
    if _bare_link(text, links, all_orgs):
        _add(found, "bare_link", links[0].text[:80])
    claims_org = any(o.kind in ("bank", "government", "company") for o in orgs)
    hidden = [L.Number(m.group(0), L.number_kind(m.group("kind")), m.start()) for m in HIDDEN_NUMBERS.finditer(text)]
    for number in L.find_numbers(text) + hidden:
        if number.kind == "premium":
            _add(found, "premium_number", number.text)
        elif number.kind == "personal":
            _add(found, "personal_number", number.text)
        elif number.kind == "mobile" and claims_org and not L.said_as_sender(text, number):
            _add(found, "mobile_claims_organisation", number.text)
    for line, sender in L.sender_addresses(text, content):
        if orgs and not L.sender_fits(sender, [o for o in orgs if o.domains]):
            _add(found, "sender_mismatch", line[:80])
    guessed, sure = message_kind_sure(text)
    routes_out = [link for link in links if not _domain_as_name(link, text)]
    if _only_the_real_organisation(routes_out, L.find_numbers(text) + hidden, kind or guessed, content):
        for key in PRESSURE:  # it sends you to the organisation's own number or website: rushing is not a trap here
            found.pop(key, None)
    if (
        "asks_for_details" in found
        and DONT_SHARE.search(words)
        and not SEND_CODE_BACK.search(words)
        and all("code" in e.lower() for e in found["asks_for_details"])
    ):
        found.pop(
            "asks_for_details"
        )  # "Your code is 248-371. Do not share it with anyone": the service's own code text
    if "sextortion" in found:
        found.pop("unexpected_money", None)
    if not any(k not in WEAK for k in found):
        found = {}  # asking to tap a link or "Dear Customer" alone are not signs: genuine messages do that too
    signs = [Sign(key, content.signs[key], tuple(found[key])) for key in content.signs if key in found]
    result = Check(
        kind=kind or guessed,
        kind_sure=bool(kind) or sure,
        signs=signs,
        claimed=[o.key for o in orgs],
        claims_bank=any(o.kind == "bank" for o in orgs),
    )
    result.numbers_hidden = bool(HIDDEN_NUMBERS.search(text))
    result.acted = acted_on_it(text)
    result.chatty = (
        result.kind in ("sms", "whatsapp", "dm")
        and not links
        and not result.numbers_hidden
        and not L.find_numbers(text)
        and len(text.split()) <= CHATTY_MAX_WORDS
    )
    result.routes = where_to_send(result, content)
    return result


_DOTTED = re.compile(r"(?<![\w.])[A-Za-z]{1,7}\.[A-Za-z]{1,7}(?![\w.])")
BARE_LINK_MAX_WORDS = 8  # a link with this many words or fewer around it says almost nothing about itself


def broken_words(text: str) -> List[str]:
    """Words broken up by dots ("m.onth", "rewar.d", "pr.esent") when at least 3 of them make up at least a quarter of
    the message: spam filters read them as unknown words. A dotted pair that is a real web address is not one, and a
    missing space after a full stop ("ok.i will") is too rare in one message to reach the threshold."""
    dotted = [m.group(0) for m in _DOTTED.finditer(text) if not L.find_links(m.group(0))]
    return dotted if len(dotted) >= 3 and len(dotted) * 4 >= len(text.split()) else []


def _bare_link(text: str, links: Sequence[L.Link], orgs: Sequence[Organisation]) -> bool:
    """A link with next to no words ("hi mustardobvious.com/Ouyhk7", "SHOCKING NEWS: Dr oz: broadoblong.com/…"): it
    doesn't say who sent it or why. A link pasted on its own to be checked is not one (nothing else was sent with it),
    nor is a link to an organisation's official website."""
    if not links or any(any(L.is_official(link.host, o) for o in orgs if o.domains) for link in links):
        return False
    if not any("/" in link.text for link in links):
        return False  # "now.onion", "Wife.how": a missing space after a full stop, not a web address someone sent
    rest = L.mask_links(text)
    if not rest.strip(" \t\n.,:;!?-"):
        return False  # the message is only the link
    return len(re.findall(r"[A-Za-z]{2,}", rest)) <= BARE_LINK_MAX_WORDS


def _domain_as_name(link: L.Link, text: str) -> bool:
    """A bare domain used as a name, not as somewhere to go: "Dear Amazon.com Customer", "PayPal.com members"."""
    if "/" in link.text or link.text.lower().startswith("www."):
        return False
    shown = re.escape(link.text)
    return bool(
        re.search(r"\bdear\s+" + shown, text, re.I)
        or re.search(shown + r"\s+(?:customers?|members?|users?|account ?holders?|clients?)\b", text, re.I)
    )


def _only_the_real_organisation(
    links: Sequence[L.Link], numbers: Sequence[L.Number], kind: str, content: CheckerContent
) -> bool:
    """Every link and number in the message is the organisation's own: a number it publishes for you to call
    (content/checker.yml `phones`, e.g. HSBC's fraud lines), or, in a text, a link to its official website. In
    an email the words of a link can hide a different address, so there a link never counts as the real one.
    A number the gate removed could be anyone's, so it never counts either."""
    routes = [bool(L.published_number(n.text, content)) for n in numbers]
    routes += [
        kind != "email"
        and not link.is_ip
        and not link.at_trick
        and not link.non_ascii
        and any(L.is_official(link.host, o) for o in content.organisations.values() if o.domains)
        for link in links
    ]
    return bool(routes) and all(routes)


def where_to_send(result: Check, content: CheckerContent) -> List[str]:
    routes = list(content.send_by_kind[result.kind])
    if not result.kind_sure:  # could be a text or an email: say where to send each
        routes += [r for r in content.send_by_kind["email"] if r not in routes]
        if set(result.sign_keys) & set(APP_SIGNS):  # "hi mum, new number", "is this you?": often on WhatsApp or a DM
            routes += [r for r in content.send_by_kind["whatsapp"] if r not in routes]
    if result.claims_bank and result.kind in ("voicemail", "number"):
        routes.insert(0, content.bank_first)
    elif result.claims_bank:
        routes.append(content.bank_first)
    return list(dict.fromkeys(routes))
