"""The real-phrasing yardstick's judge (scripts/eval_real.py): a right first reply is read from the tracker (intent,
actions, topic slot) plus the must / must_not substrings; the labelled files are well formed and the sealed part's
figures carry no per-item detail."""

from pathlib import Path

import yaml

from scripts import eval_real

ROOT = Path(__file__).resolve().parents[2]


def events(intent, actions, topic=None):
    out = [
        {"event": "action", "name": "action_session_start"},
        {"event": "user", "parse_data": {"intent": {"name": intent}}},
    ]
    for name in actions:
        out.append({"event": "action", "name": name})
        if name == "action_give_advice" and topic:
            out.append({"event": "slot", "name": "topic", "value": topic})
    return out


def item(expect, **extra):
    return {"id": "x", "text": "some words", "expect": expect, **extra}


def test_topic_answered_from_intent_and_slot():
    happened = eval_real.what_happened(events("threat_smishing", ["action_give_advice"], "smishing"))
    assert eval_real.judge(item("smishing"), ["advice"], happened)["right"]
    assert not eval_real.judge(item("vishing"), ["advice"], happened)["right"]
    assert eval_real.judge(item("vishing", also=["smishing"]), ["advice"], happened)["right"]


def test_fallback_is_not_an_answer_and_is_counted():
    happened = eval_real.what_happened(events("nlu_fallback", ["utter_default", "action_suggest_topics"]))
    result = eval_real.judge(item("smishing"), ["Sorry, I didn't understand that."], happened)
    assert not result["right"] and result["fallback"]


def test_a_child_protection_topic_answered_by_the_suggestion_counts():
    happened = eval_real.what_happened(
        events("nlu_fallback", ["utter_default", "action_suggest_topics"])
        + [{"event": "slot", "name": "topic", "value": "child_grooming"}]
    )
    assert eval_real.judge(item("child_grooming"), ["..."], happened)["right"]


def test_must_and_must_not_are_checked_on_the_reply_text():
    happened = eval_real.what_happened(events("threat_romance_scam", ["action_give_advice"], "romance_scam"))
    scot = item("romance_scam", must=["101"], must_not=["Report Fraud"])
    assert eval_real.judge(scot, ["Call Police Scotland on 101."], happened)["right"]
    assert not eval_real.judge(scot, ["Report it to Report Fraud on 0300 123 2040."], happened)["right"]


def test_special_expectations_follow_the_action_that_ran():
    oos = eval_real.what_happened(events("out_of_scope", ["utter_out_of_scope"]))
    assert eval_real.judge(item("out_of_scope"), ["Sorry, I can only help with..."], oos)["right"]
    harm = eval_real.what_happened(events("emergency_self_harm", ["utter_emergency_self_harm"]))
    assert eval_real.judge(item("emergency_self_harm", must=["116 123"]), ["Samaritans free on 116 123"], harm)["right"]
    assert not eval_real.judge(item("emergency_self_harm", must=["116 123"]), ["call 999"], harm)["right"]


def test_sealed_figures_have_totals_and_buckets_only():
    items = [item("smishing", text="one two three", id="r9001"), item("out_of_scope", text=" ".join(["w"] * 50))]
    results = [{"right": True, "fallback": False, "got": ""}, {"right": False, "fallback": False, "got": ""}]
    fig = eval_real.figures(items, results, detail=False)
    assert fig["accuracy"] == 0.5 and fig["fallback_in_scope"] == 0.0
    assert fig["by_length"]["under 15 words"]["right"] == 1 and fig["by_length"]["over 40 words"]["n"] == 1
    assert "failures" not in fig  # no ids: counts by topic and by failure kind only
    assert fig["by_expect"]["out_of_scope"] == {"n": 1, "right": 0, "accuracy": 0.0}
    assert sum(fig["failure_kinds"].values()) == 0  # these results carry no kind
    assert "r9001" not in repr(fig) and "one two" not in repr(fig)


def test_every_wrong_reply_has_one_failure_kind_and_the_counts_add_up():
    smish = item("smishing")
    fallback = eval_real.judge(
        smish, ["Sorry"], eval_real.what_happened(events("nlu_fallback", ["utter_default", "action_suggest_topics"]))
    )
    wrong = eval_real.judge(
        smish, ["..."], eval_real.what_happened(events("threat_vishing", ["action_give_advice"], "vishing"))
    )
    alarm = eval_real.judge(
        smish, ["Call 999"], eval_real.what_happened(events("emergency_generic", ["utter_emergency_generic"]))
    )
    support = eval_real.judge(
        smish,
        ["I'm sorry", "Tell me a little"],
        eval_real.what_happened(events("distress", ["utter_distress_support", "action_give_advice"])),
    )
    oos = eval_real.judge(
        item("out_of_scope"),
        ["..."],
        eval_real.what_happened(events("threat_vishing", ["action_give_advice"], "vishing")),
    )
    advice = eval_real.what_happened(events("threat_smishing", ["action_give_advice"], "smishing"))
    missing = eval_real.judge(item("smishing", must=["101"]), ["Report Fraud"], advice)
    forbidden = eval_real.judge(item("smishing", must_not=["Report Fraud"]), ["Report Fraud"], advice)
    right = eval_real.judge(smish, ["7726"], advice)
    missed = eval_real.judge(item("emergency_danger", must=["999"]), ["..."], advice)
    results = [fallback, wrong, alarm, support, oos, missing, forbidden, right, missed]
    assert [r["kind"] for r in results] == [
        "fallback",
        "wrong_topic",
        "false_alarm",
        "support_instead",
        "out_of_scope",
        "missing",
        "forbidden",
        None,
        "missed_emergency",
    ]
    fig = eval_real.figures([item("smishing")] * len(results), results, detail=False)
    assert sum(fig["failure_kinds"].values()) == fig["n"] - fig["right"] == 8


def test_the_labelled_parts_are_well_formed_and_disjoint():
    keys = {p.stem for p in (ROOT / "content" / "topics").glob("*.yml")} | set(eval_real.SPECIAL)
    parts = {
        p: yaml.safe_load((ROOT / "tests" / "real" / f"{p}.yml").read_text(encoding="utf-8"))["items"]
        for p in ("dev", "sealed", "dev2", "sealed2", "sealed3", "train3", "sealed4", "train4")
    }
    ids = [i["id"] for items in parts.values() for i in items]
    assert len(ids) == len(set(ids))
    texts = [i["text"] for items in parts.values() for i in items]
    assert len(texts) == len(set(texts))
    for items in parts.values():
        for i in items:
            assert i["source"].startswith("http") and i["text"].strip()
            assert {i["expect"], *i.get("also", [])} <= keys, i["id"]
            if i.get("nation") == "scotland":
                assert "101" in i["must"] and "Report Fraud" in i["must_not"]
            if "money back" in i.get("must", []):
                assert i["expect"] not in eval_real.SPECIAL, i["id"]  # the money-back words come with topic advice
    assert len(parts["sealed"]) >= len(parts["dev"]) - 5
    assert (
        len(parts["dev"]) + len(parts["sealed"]) >= 300 and len(parts["sealed"]) >= 150
    )  # issue 18: >= 300, 150 sealed
    assert len(parts["dev2"]) + len(parts["sealed2"]) >= 240  # issue 18, second batch: >= 240 real messages,
    assert len(parts["dev2"]) >= 120 and len(parts["sealed2"]) >= 120  # split half and half
    assert all(i["id"].startswith("w") for p in ("dev2", "sealed2") for i in parts[p])
    # third batch (4 Dec 2026): about 45 % sealed, the rest training data (tests/real/split_batch.py --batch 3)
    assert all(i["id"].startswith("x") for p in ("sealed3", "train3") for i in parts[p])
    assert (
        len(parts["sealed3"]) >= 60
        and 0.4 <= len(parts["sealed3"]) / (len(parts["sealed3"]) + len(parts["train3"])) <= 0.5
    )
    # fourth batch (4 Dec 2026 evening): about 40 % sealed, at least 70, the rest training data (--batch 4)
    assert all(i["id"].startswith("y") for p in ("sealed4", "train4") for i in parts[p])
    assert len(parts["sealed4"]) + len(parts["train4"]) >= 180
    assert (
        len(parts["sealed4"]) >= 70
        and 0.35 <= len(parts["sealed4"]) / (len(parts["sealed4"]) + len(parts["train4"])) <= 0.45
    )


def test_sealed_scoring_is_not_logged_in_ci(tmp_path, monkeypatch):
    monkeypatch.setattr(eval_real, "REAL", tmp_path)
    fig = {
        "right": 1,
        "n": 2,
        "accuracy": 0.5,
        "fallback_in_scope": 0.0,
        "by_length": {"under 15 words": {"right": 1, "n": 2}},
    }
    monkeypatch.setenv("CI", "true")
    eval_real.log_sealed(fig, Path("m.tar.gz"))
    assert not (tmp_path / "sealed_scores.log").exists()
    monkeypatch.setenv("CI", "false")
    eval_real.log_sealed(fig, Path("m.tar.gz"))
    assert "sealed 1/2=0.5" in (tmp_path / "sealed_scores.log").read_text()


def test_the_scam_checker_and_the_generic_999_reply_count():
    checked = eval_real.what_happened(
        [
            {"event": "user", "parse_data": {"intent": {"name": "check_message"}}},
            {"event": "action", "name": "action_check_message"},
            {"event": "slot", "name": "topic", "value": "smishing"},
        ]
    )
    assert eval_real.judge(item("smishing"), ["Warning signs: ..."], checked)["right"]
    generic = eval_real.what_happened(
        events("emergency_generic", ["utter_emergency_generic", "utter_emergency_followup"])
    )
    assert eval_real.judge(item("emergency_danger", must=["999"]), ["Call 999 now."], generic)["right"]
    assert not eval_real.judge(item("emergency_self_harm", must=["116 123"]), ["Call 999 now."], generic)["right"]
    assert not eval_real.judge(item("courier_fraud"), ["Call 999 now."], generic)["right"]
    # a long story: the 999 reply first, then the advice for what it tells (action_advice_after_emergency)
    story = eval_real.what_happened(
        events(
            "emergency_crime_at_door",
            ["utter_emergency_crime_at_door", "utter_emergency_followup", "action_advice_after_emergency"],
        )
        + [{"event": "slot", "name": "topic", "value": "courier_fraud"}]
    )
    # ... is still a false alarm for a story that needed no 999 script (issue 19), even with the right advice after it
    assert not eval_real.judge(item("courier_fraud"), ["Call 999 now.", "Courier fraud"], story)["right"]
    assert "999 script it did not need" in eval_real.judge(item("courier_fraud"), ["Call 999 now."], story)["got"]
    assert eval_real.judge(
        item("emergency_crime_in_progress", also=["courier_fraud"], must=["999"]),
        ["Call 999 now.", "Courier fraud"],
        story,
    )["right"]


def test_every_action_the_judge_looks_for_is_in_the_domain():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    known = set(domain.get("actions") or []) | set(domain.get("responses") or {})
    wanted = set().union(*eval_real.SPECIAL.values()) | eval_real.ADVICE_ACTIONS | eval_real.FALLBACK_ACTIONS
    missing = sorted(w for w in wanted if w not in known and w != "action_default_fallback")
    assert not missing, f"the judge looks for actions the domain no longer has: {missing}"


def test_the_parts_option_names_every_batch():
    assert eval_real.parse_parts("all") == ["dev", "sealed", "dev2", "sealed2", "sealed3", "sealed4"]
    assert eval_real.parse_parts("both") == ["dev", "sealed"]
    assert eval_real.parse_parts("dev2,sealed2") == ["dev2", "sealed2"]
    assert eval_real.parse_parts("sealed3") == ["sealed3"]
    assert eval_real.parse_parts("sealed4") == ["sealed4"]
    for bad in ("train3", "train4", "sealed5", "dev,x", ""):
        try:
            eval_real.parse_parts(bad)
        except Exception as error:  # argparse.ArgumentTypeError
            assert "unknown part" in str(error)
        else:
            raise AssertionError(f"{bad!r} accepted")


def test_each_sealed_part_has_its_own_floor_and_log_line(tmp_path, monkeypatch):
    """sealed2 is gated by tests/real/gate2.yml (not gate.yml) and its scorings are logged as sealed2."""
    monkeypatch.setattr(eval_real, "REAL", tmp_path)
    (tmp_path / "gate.yml").write_text(
        "min_accuracy: 0.9\nmin_accuracy_over_40_words: 0.9\nmax_fallback_in_scope: 0.1\n"
    )
    (tmp_path / "gate2.yml").write_text(
        "min_accuracy: 0.4\nmin_accuracy_over_40_words: 0.4\nmax_fallback_in_scope: 0.1\n"
    )
    fig = {
        "right": 1,
        "n": 2,
        "accuracy": 0.5,
        "fallback_in_scope": 0.0,
        "by_length": {"over 40 words": {"right": 1, "n": 2, "accuracy": 0.5}},
    }
    assert eval_real.gate(fig, "sealed") and not eval_real.gate(fig, "sealed2")
    monkeypatch.setenv("CI", "false")
    eval_real.log_sealed(fig, Path("m.tar.gz"), "sealed2")
    assert "sealed2 1/2=0.5" in (tmp_path / "sealed_scores.log").read_text()


def test_every_gate_file_exists_and_holds_the_three_limits():
    assert eval_real.SEALED_PARTS["sealed"] and eval_real.SEALED_PARTS["sealed2"]  # sealed3, sealed4: no floor yet
    for name in filter(None, eval_real.SEALED_PARTS.values()):
        limits = yaml.safe_load((ROOT / "tests" / "real" / name).read_text(encoding="utf-8"))
        assert set(limits) == {"min_accuracy", "min_accuracy_over_40_words", "max_fallback_in_scope"}, name


def test_action_talk_counts_as_talk_only_when_it_gives_talk_and_as_grooming_when_it_gives_grooming_advice():
    checklist = eval_real.what_happened(
        events("ask_talk", ["action_talk"]) + [{"event": "slot", "name": "talk_step", "value": 0.0}]
    )
    assert eval_real.judge(item("talk"), ["T: Talk ..."], checklist)["right"]
    assert not eval_real.judge(item("child_grooming"), ["T: Talk ..."], checklist)["right"]
    grooming = eval_real.what_happened(
        events("ask_talk", ["action_talk"])
        + [
            {"event": "slot", "name": "topic", "value": "child_grooming"},
            {"event": "slot", "name": "talk_step", "value": None},
        ]
    )
    assert eval_real.judge(item("child_grooming"), ["grooming ... CEOP"], grooming)["right"]
    assert not eval_real.judge(item("talk"), ["grooming ... CEOP"], grooming)["right"]
    # TALK started by another action (the suggestion buttons) is not action_talk's answer
    suggested = eval_real.what_happened(
        events("nlu_fallback", ["action_suggest_topics"]) + [{"event": "slot", "name": "talk_step", "value": 0.0}]
    )
    assert not eval_real.judge(item("talk"), ["..."], suggested)["right"]


def test_a_topic_chosen_from_the_storys_facts_replaces_the_classifiers():
    """Strict judge: when the advice set another topic (a refinement rule), the classifier's intent does not count."""
    happened = eval_real.what_happened(events("threat_smishing", ["action_give_advice"], "vishing"))
    assert happened["topics"] == {"vishing"}
    no_slot = eval_real.what_happened(events("threat_smishing", ["action_give_advice"]))
    assert no_slot["topics"] == {"smishing"}
