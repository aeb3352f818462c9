"""Split one collected batch of real messages (issue 18) into its two parts, before the bot is run on any of them.

`python tests/real/split_batch.py --batch N COLLECTED.yml...` from the repository root (`--dry-run`: print the counts
and the dropped ids, write nothing; `--out DIR`: write the two parts into DIR instead of tests/real/). The collection
files are YAML lists of {source, kind, expect, also?, nation?, asks?, text}; they are not committed (every kept item
is in one of the two parts). One script for every batch after the first (make_split.py, waves 1-3); it replaced
make_split2.py (batch 2) and make_split3.py (batch 3), whose outputs it reproduces byte for byte (checked on 4 Dec
2026, see README.md "Fourth batch"). What a batch does is set in BATCHES below:

- batch 2 (3 Dec 2026: dev2 + sealed2, both yardsticks): drops an item from a page dev.yml took an item from, one
  whose text repeats an earlier item, and the pages and text prefixes in EXCLUDED_2 (found by the unit tests); numbers
  the KEPT items in collection order w001...; half of each topic sealed.
- batches 3 and later (4 Dec 2026: sealed3 + train3, sealed4 + train4; the second part is TRAINING data,
  scripts/real_stories.py): numbers EVERY collected item in collection order (x001..., y001...; dropped items leave
  gaps) and drops an item that is an exact or near copy (difflib ratio >= 0.8 after
  tests/unit/test_heldout_disjoint.normalise, the held-out rule) of an item of an earlier part, of a training example
  (data/nlu, except the file written from the real parts themselves, which the earlier parts already cover) or a
  held-out example (tests/nlu), or of an earlier item of this batch; or whose source page an earlier part took an
  item from. It prints only counts and the ids of the NEW items it drops, never a text of another part, so the
  sealed parts stay unread.

Every batch then: turns `asks: [money_back]` into `must: ["money back"]` where the batch says so (the words of the
bot's money-back answer, content/answers.yml); adds the checks make_split.py adds (Scotland: 101 and no Report Fraud;
emergencies: 999 / 116 123; self-harm words also accept the Samaritans reply); and splits at random with the batch's
fixed seed, stratified by `expect`: about `share` of each topic to the sealed part, the rounding carried over from
topic to topic, the items of one source page kept together (a page never feeds both parts), filed under the
`expect` of the page's first item.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(ROOT)]

from make_split import with_checks  # noqa: E402  same labels and checks as the first yardstick
from tests.unit.test_heldout_disjoint import examples, near_copies, near_copy, normalise, page  # noqa: E402

MONEY_BACK = ["money back"]  # content/answers.yml: the money-back answer ("... get your money back ...")
GENERATED_TRAINING = {"real_stories.yml"}  # written from train3/train4 (scripts/real_stories.py): not a new source
# Batch 2: dropped after the unit tests found them (tests/unit/test_heldout_disjoint.py): source page or text prefix.
# The first split (3 Dec, 17:10 UTC, never scored) put 30 items from pages that sealed.yml also took items from (14
# of them near copies of a sealed message); they are out, and the split was made again; 3 more such items from the
# wave that replaced them (17:15 UTC) likewise.
EXCLUDED_2: tuple[str, ...] = (
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
)
SEALED_RULES = (
    "# SEALED: never read message by message, never trained on, scored as totals only (make eval-real prints\n"
    "# totals and length-bucket totals for this part, never an item). Whoever tunes the NLU or the dialogue must not\n"
    "# open this file; tests/unit/test_heldout_disjoint.py fails if training data holds an exact or near copy of any\n"
    "# item here. Each scoring outside CI is logged in tests/real/sealed_scores.log. See tests/real/README.md.\n"
)


@dataclass(frozen=True)
class Batch:
    seed: int
    share: float  # of each topic to the sealed part
    prefix: str  # item ids
    other: str  # the part that is not sealed (development or training)
    sealed: str
    other_header: str
    sealed_header: str
    earlier: tuple[str, ...]  # the parts collected before this batch
    near_copy_check: bool  # batches 3+: near copies of earlier parts and training data dropped, every item numbered
    money_back: bool  # `asks: [money_back]` -> must: ["money back"]
    excluded: tuple[str, ...] = ()


BATCHES = {
    2: Batch(
        seed=2026_12_03,
        share=0.5,
        prefix="w",
        other="dev2",
        sealed="sealed2",
        other_header=(
            "# Real-phrasing yardstick, second batch, DEVELOPMENT part (issue 18, wave 4; dev2). Real messages written by\n"
            "# members of the public, each with its source address. You may read these and learn from them (write training\n"
            "# examples in their style), but never copy one into data/nlu (a unit test checks exact copies).\n"
            "# See tests/real/README.md for the labels.\n"
        ),
        sealed_header="# Real-phrasing yardstick, second batch, SEALED part (issue 18, wave 4; sealed2).\n"
        + SEALED_RULES,
        earlier=("dev",),
        near_copy_check=False,
        money_back=True,
        excluded=EXCLUDED_2,
    ),
    3: Batch(
        seed=2026_12_04,
        share=0.45,
        prefix="x",
        other="train3",
        sealed="sealed3",
        other_header=(
            "# Real-phrasing third batch, TRAINING part (issue 18, 4 Dec 2026; train3). Real messages written by members of\n"
            "# the public, each with its source address, split from sealed3.yml before any bot run. Not a yardstick: these\n"
            "# become training examples (data/nlu/real_stories.yml, written by scripts/real_stories.py). See README.md.\n"
        ),
        sealed_header="# Real-phrasing yardstick, third batch, SEALED part (issue 18, 4 Dec 2026; sealed3).\n"
        + SEALED_RULES,
        earlier=("dev", "dev2", "sealed", "sealed2"),
        near_copy_check=True,
        money_back=False,
    ),
    4: Batch(
        seed=2026_12_0418,
        share=0.40,
        prefix="y",
        other="train4",
        sealed="sealed4",
        other_header=(
            "# Real-phrasing fourth batch, TRAINING part (issue 18, 4 Dec 2026 evening; train4). Real messages written by\n"
            "# members of the public, each with its source address, split from sealed4.yml before any bot run. Not a\n"
            "# yardstick: these become training examples (data/nlu/real_stories.yml, scripts/real_stories.py). See README.md.\n"
        ),
        sealed_header="# Real-phrasing yardstick, fourth batch, SEALED part (issue 18, 4 Dec 2026 evening; sealed4).\n"
        + SEALED_RULES,
        earlier=("dev", "dev2", "sealed", "sealed2", "sealed3", "train3"),
        near_copy_check=True,
        money_back=True,
    ),
}


def load_part(name: str) -> list:
    return (yaml.safe_load((HERE / f"{name}.yml").read_text(encoding="utf-8")) or {}).get("items", [])


def training_texts(folder: str, skip: set = frozenset()) -> list:
    return [normalise(t) for f, _, t in examples(folder) if f not in skip]


def money_back(item: dict, batch: Batch) -> dict:
    asks = item.pop("asks", None) or []
    if batch.money_back and "money_back" in asks:
        item["must"] = list(item.get("must", [])) + MONEY_BACK
    return item


def prepare_kept_only(items: list, batch: Batch) -> tuple:
    """Batch 2: drop repeats of dev pages, of earlier texts and EXCLUDED_2; number the kept items."""
    earlier_pages = {page(i["source"]) for part in batch.earlier for i in load_part(part)}
    dropped, seen, kept = defaultdict(list), set(), []
    for n, item in enumerate(items, 1):
        text = item["text"].strip()
        reason = (
            "page of an earlier part"
            if page(item["source"]) in earlier_pages
            else "repeats an earlier item of this batch"
            if text in seen
            else "excluded after the unit tests"
            if any(page(item["source"]) == page(x) or item["text"].startswith(x) for x in batch.excluded)
            else None
        )
        if reason:
            dropped[reason].append(f"#{n}")  # collection position: these items get no id
            continue
        seen.add(text)
        kept.append(money_back(dict(item, text=text), batch))
    for n, item in enumerate(kept, 1):
        item["id"] = f"{batch.prefix}{n:03d}"
    return [with_checks(i) for i in kept], dropped


def prepare_numbered(items: list, batch: Batch) -> tuple:
    """Batches 3+: number every item, then drop near copies and repeated pages (only new ids are reported)."""
    for n, item in enumerate(items, 1):
        item["id"] = f"{batch.prefix}{n:03d}"
        item["text"] = item["text"].strip()
    texts = [normalise(i["text"]) for i in items]
    earlier = [i for part in batch.earlier for i in load_part(part)]
    earlier_pages = {page(i.get("source", "")) for i in earlier}
    close_old = near_copies(texts, [normalise(i["text"]) for i in earlier])
    close_train = near_copies(texts, training_texts("data/nlu", GENERATED_TRAINING))
    close_held_out = near_copies(texts, training_texts("tests/nlu"))
    names = "/".join(batch.earlier)
    dropped, kept, kept_texts = defaultdict(list), [], []
    for item, text in zip(items, texts):
        reason = (
            f"near copy of {names}"
            if text in close_old
            else f"page of {names}"
            if page(item["source"]) in earlier_pages
            else "near copy of training data"
            if text in close_train
            else "near copy of the held-out set"
            if text in close_held_out
            else "near copy of an earlier item of this batch"
            if near_copy(text, kept_texts)
            else None
        )
        if reason:
            dropped[reason].append(item["id"])
            continue
        kept_texts.append(text)
        kept.append(with_checks(money_back(item, batch)))
    return kept, dropped


def split(items: list, batch: Batch) -> tuple:
    """About batch.share of each `expect` group (by items, the rounding carried over) to the sealed part; a page's
    items move together, filed under the `expect` of its first item. Returns (other part, sealed part)."""
    rng = random.Random(batch.seed)
    pages = defaultdict(list)
    for item in items:
        pages[page(item["source"])].append(item)
    groups = defaultdict(list)
    for unit in pages.values():
        groups[unit[0]["expect"]].append(unit)
    other, sealed, carry = [], [], 0.0
    for key in sorted(groups):
        units = groups[key][:]
        rng.shuffle(units)
        want = batch.share * sum(len(u) for u in units) + carry
        taken = 0
        for unit in units:
            if taken + len(unit) / 2 <= want:
                sealed += unit
                taken += len(unit)
            else:
                other += unit
        carry = want - taken
    by_id = lambda i: i["id"]  # noqa: E731
    return sorted(other, key=by_id), sorted(sealed, key=by_id)


def main(argv: list) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, required=True, choices=sorted(BATCHES))
    parser.add_argument("--dry-run", action="store_true", help="print the counts and dropped ids, write nothing")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the two parts (default tests/real/)")
    parser.add_argument("collected", nargs="+", type=Path)
    args = parser.parse_args(argv)
    batch = BATCHES[args.batch]
    items = [i for p in args.collected for i in yaml.safe_load(p.read_text(encoding="utf-8")) or []]
    prepare = prepare_numbered if batch.near_copy_check else prepare_kept_only
    kept, dropped = prepare(items, batch)
    print(f"batch {args.batch}: collected {len(items)}, dropped {sum(map(len, dropped.values()))}, kept {len(kept)}")
    for reason, ids in dropped.items():
        print(f"  dropped, {reason}: {len(ids)}: {' '.join(ids)}")
    other, sealed = split(kept, batch)
    print(f"{batch.sealed} {len(sealed)}, {batch.other} {len(other)}")
    if args.dry_run:
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, header, part in ((batch.other, batch.other_header, other), (batch.sealed, batch.sealed_header, sealed)):
        body = yaml.safe_dump({"items": part}, allow_unicode=True, sort_keys=False, width=120)
        (args.out / f"{name}.yml").write_text(header + body, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
