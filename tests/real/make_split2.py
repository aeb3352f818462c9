"""One-off: split the second real-phrasing batch (issue 18, wave 4) into dev2.yml (development) and sealed2.yml.

Run once, before the bot is run on any of these messages: `python tests/real/make_split2.py COLLECTED.yml...`.
The collection files are YAML lists of {source, kind, expect, also?, nation?, asks?, text}; they are not committed
(every kept item is in one of the two parts). What the script does, in order:

- drops an item whose source page is already a source of dev.yml (compared without scheme, `www.` and trailing
  slash), or whose text repeats an earlier item, or that is listed in EXCLUDED below (found by the unit tests:
  near copies of dev.yml / sealed.yml / data/nlu, or a page sealed.yml holds; the sealed part is never read here);
- numbers the rest in collection order w001... (the `w` keeps them apart from the r ids of dev.yml / sealed.yml);
- turns `asks: [money_back]` (the writer asks how to get the money back) into `must: ["money back"]`, the words of
  the bot's money-back answer (content/answers.yml), and adds the checks make_split.py adds (Scotland: 101 and no
  Report Fraud; emergencies: 999 / 116 123; self-harm words also accept the Samaritans reply);
- splits at random with a fixed seed, stratified by `expect`, half of each topic to each part; items from the same
  source page stay together (one page never feeds both parts).
"""

from __future__ import annotations

import random
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from make_split import with_checks  # same labels and checks as the first yardstick

SEED = 2026_12_03
HERE = Path(__file__).resolve().parent
MONEY_BACK = ["money back"]  # content/answers.yml: the money-back answer ("... get your money back ...")
# Dropped after the unit tests found them (tests/unit/test_heldout_disjoint.py): source page or text prefix. The
# first split (3 Dec, 17:10 UTC, never scored) put 30 items from pages that sealed.yml also took items from (14 of
# them near copies of a sealed message); they are out, and the split was made again; 3 more
# such items from the wave that replaced them (17:15 UTC) likewise.
EXCLUDED: list[str] = [
    "https://slate.com/technology/2021/07/hackers-instagram-scam.html",
    "https://www.morningstar.com.au/learn/article/i-confronted-my-scammer-editor/220270",
    "https://www.thisismoney.co.uk/money/bills/article-1525234/My-identity-stolen-I-face-16318k-debts.html",
    "http://william-flew.com/prisons/new.html",
    "http://www.oxfordmail.co.uk/news/16358414.oxford-scam-warning-82-year-old-in-fake-police-con/",
    "http://www.timesofmalta.com/articles/view/20141214/travel/-Scammer-may-ruin-my-family-s-Christmas-trip-.548416",
    "https://8980.read.newszop.com/english-news/publisher-mirror/top-news/my-daughter-rang-me-in-tears-after-horror-car-crash---then-grim-lies-unravelled/articleshow/145048206266d9e2af6e8b7ee9004af7b2361268",
    "https://bundlezy.buzz/?p=14036",
    "https://efraudprevention.net/home/education/?a=287",
    "https://free-legal-advice.co.uk/my-neighbour-has-put-a-camera-on-the-side-of-his-house-pointing-directly-at-my-back-door-and-there%C2%92s-also-more-electrical-equipment-round-the-front-i-now-hate-going-out-because-i-feel-i%C2%92m/",
    "https://goingconcern.com/please-dont-be-accountant-who-got-scammed-over-email/",
    "https://hellofaread.co.uk/technology/parents-be-on-high-alert-for-the-whatsapp-hi-mum-scam-thats-emptying-bank-accounts",
    "https://independent.co.uk/life-style/coldplay-concert-ticket-scam-facebook-b2633601.html",
    "https://maryannescott.com/teenagers-dear-maryanne-scott/dtli5e81eor8tep8e1f1qlvvw51par",
    "https://moneyforums.citywire.com/yaf_postsm254650_HI-Mum-Text-scam.aspx",
    "https://natlandnews.blogspot.com/2019/10/tv-licence-scam.html",
    "https://sandy-lo.com/adolescents-and-young-adults-most-likely-to-be-targeted",
    "https://thebrunswicknews.com/opinion/advice_columns/hes-a-stranger-stay-away/article_fef89b25-75d1-5ed0-8ce1-aed6f9927390.html",
    "https://thecourier.co.uk/fp/news/fife/921001/they-had-all-my-details-st-andrews-woman-tells-of-losing-17000-in-online-scam",
    "https://usanewsupdate.com/oops-one-message-on-my-mobile-cost-me-1000-in-a-sim-swap-money/",
    "https://www.amarillo.com/story/lifestyle/2012/07/24/dear-abby-texting-leads-chat-room-trouble/13119755007/",
    "https://www.barkinganddagenhampost.co.uk/news/crime/pensioner-from-barking-conned-out-of-7-000-by-bogus-3292842",
    "https://www.emcrc.co.uk/post/what-s-it-like-to-be-on-the-receiving-end-of-courier-fraud",
    "https://www.itv.com/news/westcountry/2022-01-20/mans-warning-after-losing-150k-to-crypto-currency-dating-scam",
    "https://www.mailplus.co.uk/edition/money/dean-dunham/349407/dad-was-scammed-by-pension-crooks-but-bank-wont-refund-him-what-are-our-rights",
    "https://www.moneysucks.net/im-sure-want-password/",
    "https://www.mumsnet.com/talk/coronavirus/4484081-charged-for-pcr-test-postage",
    "https://www.newsbeep.com/uk/280054",
    "https://www.uexpress.com/ask-natalie/2019/5/17/ex-lashing-out-on-facebook",
    "https://www.ulladullatimes.com.au/story/7855185/hi-mum-scam-almost-became-a-reality-for-my-mum/",
]
SEALED2_HEADER = (
    "# Real-phrasing yardstick, second batch, SEALED part (issue 18, wave 4; sealed2).\n"
    "# SEALED: never read message by message, never trained on, scored as totals only (make eval-real prints\n"
    "# totals and length-bucket totals for this part, never an item). Whoever tunes the NLU or the dialogue must not\n"
    "# open this file; tests/unit/test_heldout_disjoint.py fails if training data holds an exact or near copy of any\n"
    "# item here. Each scoring outside CI is logged in tests/real/sealed_scores.log. See tests/real/README.md.\n"
)
DEV2_HEADER = (
    "# Real-phrasing yardstick, second batch, DEVELOPMENT part (issue 18, wave 4; dev2). Real messages written by\n"
    "# members of the public, each with its source address. You may read these and learn from them (write training\n"
    "# examples in their style), but never copy one into data/nlu (a unit test checks exact copies).\n"
    "# See tests/real/README.md for the labels.\n"
)


def page(source: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", source or "").rstrip("/")


def excluded(item: dict) -> bool:
    return any(page(item["source"]) == page(x) or item["text"].startswith(x) for x in EXCLUDED)


def prepare(items: list) -> list:
    dev_pages = {
        page(i["source"])
        for i in (yaml.safe_load((HERE / "dev.yml").read_text(encoding="utf-8")) or {}).get("items", [])
    }
    seen, kept = set(), []
    for item in items:
        text = item["text"].strip()
        if page(item["source"]) in dev_pages or text in seen or excluded(item):
            continue
        seen.add(text)
        item = dict(item, text=text)
        if "money_back" in (item.pop("asks", None) or []):
            item["must"] = list(item.get("must", [])) + MONEY_BACK
        kept.append(item)
    for n, item in enumerate(kept, 1):
        item["id"] = f"w{n:03d}"
    return [with_checks(i) for i in kept]


def split(items: list) -> tuple:
    """Half of each `expect` group (by items, the rounding carried over) to sealed2; a page's items move together,
    filed under the `expect` of its first item."""
    rng = random.Random(SEED)
    pages = defaultdict(list)
    for item in items:
        pages[page(item["source"])].append(item)
    groups = defaultdict(list)
    for unit in pages.values():
        groups[unit[0]["expect"]].append(unit)
    dev, sealed, carry = [], [], 0.0
    for key in sorted(groups):
        units = groups[key][:]
        rng.shuffle(units)
        want = 0.5 * sum(len(u) for u in units) + carry
        taken = 0
        for unit in units:
            if taken + len(unit) / 2 <= want:
                sealed += unit
                taken += len(unit)
            else:
                dev += unit
        carry = want - taken
    by_id = lambda i: i["id"]  # noqa: E731
    return sorted(dev, key=by_id), sorted(sealed, key=by_id)


def main(paths: list) -> None:
    items = [i for p in paths for i in yaml.safe_load(Path(p).read_text(encoding="utf-8")) or []]
    dev, sealed = split(prepare(items))
    for name, header, part in (("dev2.yml", DEV2_HEADER, dev), ("sealed2.yml", SEALED2_HEADER, sealed)):
        body = yaml.safe_dump({"items": part}, allow_unicode=True, sort_keys=False, width=120)
        (HERE / name).write_text(header + body, encoding="utf-8")
    print(f"collected {len(items)}, kept {len(dev) + len(sealed)}: dev2 {len(dev)}, sealed2 {len(sealed)}")


if __name__ == "__main__":
    main(sys.argv[1:])
