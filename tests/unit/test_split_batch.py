"""tests/real/split_batch.py: the one split script for the real-phrasing batches after the first (issue 18).

It replaced make_split2.py and make_split3.py; its outputs for those batches must stay byte-identical. Batch 2 is
checked here by splitting the union of dev2 and sealed2 again (its items are the kept, prepared items, so prepare
is a no-op on them and the split must land every item back in its part; the sealed file is compared as bytes, never
printed). Batch 3's check needs the uncommitted collection (tests/real/README.md, "Fourth batch")."""

import importlib.util
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# Loaded from its file (tests/real is not a package); the script puts its own folder on the path for make_split.
_SPEC = importlib.util.spec_from_file_location("split_batch", ROOT / "tests" / "real" / "split_batch.py")
split_batch = importlib.util.module_from_spec(_SPEC)
sys.modules["split_batch"] = split_batch  # its dataclasses look their module up
_SPEC.loader.exec_module(split_batch)


def load(name: str) -> list:
    return yaml.safe_load((ROOT / "tests" / "real" / f"{name}.yml").read_text(encoding="utf-8"))["items"]


def test_batch_2_is_reproduced_byte_for_byte(tmp_path):
    items = sorted(load("dev2") + load("sealed2"), key=lambda i: i["id"])
    collected = tmp_path / "collected.yml"
    collected.write_text(
        yaml.safe_dump([{k: v for k, v in i.items() if k != "id"} for i in items], allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert split_batch.main(["--batch", "2", "--out", str(out), str(collected)]) == 0
    for name in ("dev2", "sealed2"):
        assert (out / f"{name}.yml").read_bytes() == (ROOT / "tests" / "real" / f"{name}.yml").read_bytes(), name


def test_the_split_keeps_a_page_together_and_takes_about_the_share_of_each_topic():
    rng = random.Random(1)
    items = []
    for n in range(200):
        topic = rng.choice(["smishing", "vishing", "romance_scam", "out_of_scope"])
        page = f"https://example.org/{n // 2 if n < 40 else n}"  # the first 40 items come two to a page
        items.append({"id": f"y{n + 1:03d}", "source": page, "expect": topic, "text": f"message {n}"})
    other, sealed = split_batch.split(items, split_batch.BATCHES[4])
    assert len(other) + len(sealed) == 200
    assert 0.35 <= len(sealed) / 200 <= 0.45
    sealed_pages = {i["source"] for i in sealed}
    assert not sealed_pages & {i["source"] for i in other}
    assert split_batch.split(items, split_batch.BATCHES[4]) == (other, sealed)  # fixed seed


def test_every_batch_names_new_ids_and_parts():
    prefixes = [b.prefix for b in split_batch.BATCHES.values()]
    assert len(set(prefixes)) == len(prefixes)
    for number, batch in split_batch.BATCHES.items():
        assert batch.sealed == f"sealed{number}"
        assert "SEALED" in batch.sealed_header and batch.other not in batch.earlier
