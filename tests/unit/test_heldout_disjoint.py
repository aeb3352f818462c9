"""The held-out NLU set (tests/nlu/) and the development sets (tests/nlu_development/*/) share no example with the training
data (data/nlu/): a message that is in both would be scored on something the model has memorised.

Messages are compared after lower-casing, removing entity annotation and punctuation, and squeezing spaces. The
held-out set also promises no near copy: no training example within difflib ratio 0.8 of a held-out example (this
was broken from 23 Nov to 2 Dec 2026, when 50 exact and 140 near copies were found in training and removed).
"""

import difflib
import re
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[2]
ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", ANNOTATION.sub(r"\1", text).lower()).split())


def examples(folder: str):
    for path in sorted((ROOT / folder).glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" not in block:
                continue  # lookup tables, synonyms and regexes are word lists, not messages the model learns from
            for line in block.get("examples", "").splitlines():
                if line.strip().startswith("- "):
                    yield path.name, block.get("intent"), line.strip()[2:]


def overlap(test_folder: str):
    training = {normalise(text) for _, _, text in examples("data/nlu")}
    return [(f, i, t) for f, i, t in examples(test_folder) if normalise(t) in training]


def test_normalise_ignores_case_punctuation_and_annotation():
    assert normalise("Got a [TEXT](platform) from 'Royal Mail'!!") == normalise("got a text from 'royal mail'")


def near_copy(text: str, others, ratio: float = 0.8) -> bool:
    # real_quick_ratio is the exact bound from the two lengths (2 * shorter / total); a cruder length filter here
    # skipped pairs such as a 42-character message inside a 61-character one (ratio 0.82) until 3 Dec
    for other in others:
        matcher = difflib.SequenceMatcher(None, text, other)
        if matcher.real_quick_ratio() >= ratio and matcher.quick_ratio() >= ratio and matcher.ratio() >= ratio:
            return True
    return False


def near_copies(texts, others, ratio: float = 0.8) -> set:
    """The texts for which near_copy(text, others) is true, found in seconds rather than minutes: rapidfuzz's ratio
    (twice the longest common subsequence over the total length) is never below difflib's (whose matching blocks
    are one common subsequence), so it only picks the candidate pairs; near_copy's own rule decides each one."""
    texts, others = list(dict.fromkeys(texts)), list(dict.fromkeys(others))
    if not texts or not others:
        return set()
    scores = process.cdist(texts, others, scorer=fuzz.ratio, score_cutoff=ratio * 100 - 0.01, dtype="uint8", workers=-1)
    candidates = {}
    for i, j in zip(*scores.nonzero()):
        candidates.setdefault(int(i), []).append(others[int(j)])
    return {texts[i] for i, close in candidates.items() if near_copy(texts[i], close, ratio)}


def test_near_copy_finds_a_respelling_and_not_a_different_message():
    assert near_copy(normalise("cheers for that mate"), [normalise("cheers for that, mate!!")])
    assert near_copy(normalise("no thank you"), [normalise("no thankyou")])
    assert not near_copy(normalise("no thank you"), [normalise("yes please")])
    short = "someone rang me saying they were from hmrc"
    assert near_copy(short, [short + " and wanted my bank"])  # 42 characters within 61: ratio 0.82
    assert not near_copy(short, [short + " and wanted my bank details"])  # ratio 0.76


def test_near_copies_finds_what_near_copy_finds():
    """The fast search gives the same answer as near_copy's pair-by-pair loop, on real sets and on near misses."""
    held_out = [normalise(t) for _, _, t in examples("tests/nlu")][:300]
    texts = [normalise(t) for _, _, t in examples("data/nlu")][:300] + held_out[:40]
    texts += [h[:-3] for h in held_out[40:80]] + [h[::-1] for h in held_out[80:100]]  # near copies, and not
    slow = {t for t in texts if near_copy(t, held_out)}
    assert slow and slow != set(texts)
    assert near_copies(texts, held_out) == slow


def test_no_held_out_example_is_a_training_example():
    shared = overlap("tests/nlu")
    assert not shared, f"{len(shared)} held-out examples are also training data, e.g. {shared[:3]}"


# The NLU development sets, named by purpose (tests/EVALUATION.md); draft_nov_2026/ is the source record of
# pipeline_choice/ and is read by no script.
DEVELOPMENT_SETS = (
    "tests/nlu_development/pipeline_choice",
    "tests/nlu_development/blind_from_guide",
    "tests/nlu_development/two_typing_styles",
    "tests/nlu_development/out_of_scope_boundary",
)


def test_every_development_set_is_checked_and_has_examples():
    folders = {f"tests/nlu_development/{p.name}" for p in (ROOT / "tests/nlu_development").iterdir() if p.is_dir()}
    assert folders - {"tests/nlu_development/draft_nov_2026"} == set(DEVELOPMENT_SETS)
    assert all(len(list(examples(folder))) > 400 for folder in DEVELOPMENT_SETS)


def test_no_development_example_is_a_training_example():
    shared = [s for folder in DEVELOPMENT_SETS for s in overlap(folder)]
    assert not shared, f"{len(shared)} development examples are also training data, e.g. {shared[:3]}"


def test_no_training_example_is_a_near_copy_of_a_held_out_example():
    held_out = [normalise(t) for _, _, t in examples("tests/nlu")]
    training = list(examples("data/nlu"))
    close = near_copies([normalise(t) for _, _, t in training], held_out)
    near = [(f, i, t) for f, i, t in training if normalise(t) in close]
    assert not near, f"{len(near)} training examples are near copies of held-out ones, e.g. {near[:3]}"


# --- the real-phrasing yardstick (tests/real/, issue 18) ---
def real_messages(part: str):
    data = yaml.safe_load((ROOT / "tests" / "real" / f"{part}.yml").read_text(encoding="utf-8")) or {}
    return [(item["id"], item["text"]) for item in data.get("items", [])]


def test_no_training_example_is_a_copy_or_near_copy_of_a_sealed_real_message():
    """The sealed part is never trained on: no exact copy and no near copy (same difflib rule as the held-out set)."""
    sealed = [normalise(t) for _, t in real_messages("sealed")]
    assert sealed, "tests/real/sealed.yml has no items"
    close = near_copies([normalise(t) for _, _, t in examples("data/nlu")], sealed)
    near = sum(1 for _, _, t in examples("data/nlu") if normalise(t) in close)
    assert near == 0, f"{near} training examples copy sealed real messages (not shown: the part is sealed)"


def test_no_development_real_message_is_a_training_example():
    training = {normalise(text) for _, _, text in examples("data/nlu")}
    copied = [i for i, t in real_messages("dev") if normalise(t) in training]
    assert not copied, f"{len(copied)} development real messages are copied into training data: {copied[:5]}"


def real_sources(part: str):
    data = yaml.safe_load((ROOT / "tests" / "real" / f"{part}.yml").read_text(encoding="utf-8")) or {}
    return [(item["id"], item.get("source") or "") for item in data.get("items", [])]


def test_no_development_real_message_copies_a_sealed_one():
    """Items added to the development part after the split (wave 3, ids after r248) must not be a sealed item again:
    no exact or near copy (the difflib rule above), no item from a page a sealed item came from, no shared id.
    (Waves 1-2 were split item by item, so a page with two questions may have one in each part.) Only development
    ids are reported, so the sealed part stays unread."""
    sealed_texts = [normalise(t) for _, t in real_messages("sealed")]
    sealed_sources = {s for _, s in real_sources("sealed") if s}
    sealed_ids = {i for i, _ in real_messages("sealed")}
    dev = real_messages("dev")
    copies = [i for i, t in dev if near_copy(normalise(t), sealed_texts)]
    same_page = [i for i, s in real_sources("dev") if int(i[1:]) > 248 and s in sealed_sources]
    same_id = [i for i, _ in dev if i in sealed_ids]
    assert not copies and not same_page and not same_id, (
        f"development items that repeat a sealed one: near copies {copies}, same source page {same_page}, "
        f"same id {same_id}"
    )


# --- the second real-phrasing batch (tests/real/dev2.yml and sealed2.yml, issue 18 wave 4) ---
def page(source: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", source or "").rstrip("/")


def test_no_training_example_is_a_copy_or_near_copy_of_a_sealed2_real_message():
    """Like the sealed part: no exact or near copy of a sealed2 message in training data (count only, not shown)."""
    sealed2 = [normalise(t) for _, t in real_messages("sealed2")]
    assert len(sealed2) >= 120, "tests/real/sealed2.yml has fewer than 120 items"
    close = near_copies([normalise(t) for _, _, t in examples("data/nlu")], sealed2)
    near = sum(1 for _, _, t in examples("data/nlu") if normalise(t) in close)
    assert near == 0, f"{near} training examples copy sealed2 real messages (not shown: the part is sealed)"


def test_no_dev2_real_message_is_a_training_example():
    training = {normalise(text) for _, _, text in examples("data/nlu")}
    copied = [i for i, t in real_messages("dev2") if normalise(t) in training]
    assert not copied, f"{len(copied)} dev2 real messages are copied into training data: {copied[:5]}"


def test_the_second_real_batch_repeats_nothing_of_the_first_or_of_itself():
    """dev2 and sealed2 (ids w...) were collected after dev and sealed: no item is an exact or near copy of a dev,
    sealed or training message, comes from a page dev or sealed took an item from, or reuses an id; and dev2 and
    sealed2 share no message and no page (a page's items were split together). Only w ids are reported, never a
    sealed text."""
    old_texts = [normalise(t) for part in ("dev", "sealed") for _, t in real_messages(part)]
    old_pages = {page(s) for part in ("dev", "sealed") for _, s in real_sources(part) if s}
    old_ids = {i for part in ("dev", "sealed") for i, _ in real_messages(part)}
    new = {part: real_messages(part) for part in ("dev2", "sealed2")}
    texts = {i: normalise(t) for part in new.values() for i, t in part}
    pages = {i: page(s) for part in ("dev2", "sealed2") for i, s in real_sources(part)}
    close_old = near_copies(texts.values(), old_texts)
    close_train = near_copies(texts.values(), [normalise(t) for _, _, t in examples("data/nlu")])
    dev2_texts = [texts[i] for i, _ in new["dev2"]]
    copies = sorted(i for i, t in texts.items() if t in close_old)
    in_training = sorted(i for i, t in texts.items() if t in close_train)
    across = sorted(i for i, _ in new["sealed2"] if near_copy(texts[i], dev2_texts))
    same_page = sorted(i for i, p in pages.items() if p in old_pages)
    dev2_pages = {pages[i] for i, _ in new["dev2"]}
    page_across = sorted(i for i, _ in new["sealed2"] if pages[i] in dev2_pages)
    ids = [i for part in new.values() for i, _ in part]
    bad_ids = sorted({i for i in ids if i in old_ids or not i.startswith("w") or ids.count(i) > 1})
    assert not (copies or in_training or across or same_page or page_across or bad_ids), (
        f"second-batch items that repeat something: near copies of dev/sealed {copies}, of training data "
        f"{in_training}, of dev2 {across}; page of dev/sealed {same_page}, page of dev2 {page_across}; ids {bad_ids}"
    )


# --- the third real-phrasing batch (tests/real/sealed3.yml and train3.yml, 4 Dec 2026) ---
def test_no_training_example_is_a_copy_or_near_copy_of_a_sealed3_real_message():
    """train3.yml IS training data (data/nlu/real_stories.yml); its sealed half must stay untrained: no exact or near
    copy of a sealed3 message in data/nlu (count only, not shown)."""
    sealed3 = [normalise(t) for _, t in real_messages("sealed3")]
    assert len(sealed3) >= 60, "tests/real/sealed3.yml has fewer than 60 items"
    close = near_copies([normalise(t) for _, _, t in examples("data/nlu")], sealed3)
    near = sum(1 for _, _, t in examples("data/nlu") if normalise(t) in close)
    assert near == 0, f"{near} training examples copy sealed3 real messages (not shown: the part is sealed)"


def test_the_third_real_batch_repeats_nothing_of_the_earlier_parts_or_of_itself():
    """sealed3 and train3 (ids x...) repeat no item of dev, dev2, sealed or sealed2 (near copy, same page, same id),
    and share no message or page with each other (a page's items were split together). Only x ids are reported."""
    old = ("dev", "sealed", "dev2", "sealed2")
    old_texts = [normalise(t) for part in old for _, t in real_messages(part)]
    old_pages = {page(s) for part in old for _, s in real_sources(part) if s}
    old_ids = {i for part in old for i, _ in real_messages(part)}
    new = {part: real_messages(part) for part in ("sealed3", "train3")}
    texts = {i: normalise(t) for part in new.values() for i, t in part}
    pages = {i: page(s) for part in new for i, s in real_sources(part)}
    copies = sorted(i for i, t in texts.items() if t in near_copies(texts.values(), old_texts))
    train3_texts = [texts[i] for i, _ in new["train3"]]
    across = sorted(i for i, _ in new["sealed3"] if near_copy(texts[i], train3_texts))
    same_page = sorted(i for i, p in pages.items() if p in old_pages)
    train3_pages = {pages[i] for i, _ in new["train3"]}
    page_across = sorted(i for i, _ in new["sealed3"] if pages[i] in train3_pages)
    ids = [i for part in new.values() for i, _ in part]
    bad_ids = sorted({i for i in ids if i in old_ids or not i.startswith("x") or ids.count(i) > 1})
    assert not (copies or across or same_page or page_across or bad_ids), (
        f"third-batch items that repeat something: near copies of earlier parts {copies}, of train3 {across}; "
        f"page of earlier parts {same_page}, page of train3 {page_across}; ids {bad_ids}"
    )


# --- the fourth real-phrasing batch (tests/real/sealed4.yml and train4.yml, 4 Dec 2026 evening) ---
def test_no_training_example_is_a_copy_or_near_copy_of_a_sealed4_real_message():
    """train4.yml IS training data (data/nlu/real_stories.yml); its sealed half must stay untrained: no exact or near
    copy of a sealed4 message in data/nlu (count only, not shown)."""
    sealed4 = [normalise(t) for _, t in real_messages("sealed4")]
    assert len(sealed4) >= 70, "tests/real/sealed4.yml has fewer than 70 items"
    close = near_copies([normalise(t) for _, _, t in examples("data/nlu")], sealed4)
    near = sum(1 for _, _, t in examples("data/nlu") if normalise(t) in close)
    assert near == 0, f"{near} training examples copy sealed4 real messages (not shown: the part is sealed)"


def test_the_fourth_real_batch_repeats_nothing_of_the_earlier_parts_or_of_itself():
    """sealed4 and train4 (ids y...) repeat no item of dev, dev2, sealed, sealed2, sealed3 or train3 (near copy, same
    page, same id), and share no message or page with each other (a page's items were split together). Only y ids
    are reported."""
    old = ("dev", "sealed", "dev2", "sealed2", "sealed3", "train3")
    old_texts = [normalise(t) for part in old for _, t in real_messages(part)]
    old_pages = {page(s) for part in old for _, s in real_sources(part) if s}
    old_ids = {i for part in old for i, _ in real_messages(part)}
    new = {part: real_messages(part) for part in ("sealed4", "train4")}
    texts = {i: normalise(t) for part in new.values() for i, t in part}
    pages = {i: page(s) for part in new for i, s in real_sources(part)}
    copies = sorted(i for i, t in texts.items() if t in near_copies(texts.values(), old_texts))
    train4_texts = [texts[i] for i, _ in new["train4"]]
    across = sorted(i for i, _ in new["sealed4"] if near_copy(texts[i], train4_texts))
    same_page = sorted(i for i, p in pages.items() if p in old_pages)
    train4_pages = {pages[i] for i, _ in new["train4"]}
    page_across = sorted(i for i, _ in new["sealed4"] if pages[i] in train4_pages)
    ids = [i for part in new.values() for i, _ in part]
    bad_ids = sorted({i for i in ids if i in old_ids or not i.startswith("y") or ids.count(i) > 1})
    assert not (copies or across or same_page or page_across or bad_ids), (
        f"fourth-batch items that repeat something: near copies of earlier parts {copies}, of train4 {across}; "
        f"page of earlier parts {same_page}, page of train4 {page_across}; ids {bad_ids}"
    )
