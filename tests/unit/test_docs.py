"""The documentation stays a map that is true (issue 26): the README is short enough for a newcomer and links a page
for each feature, every relative link in the README and docs/ points at a file that exists, the evaluation map names
every evaluation folder, and `make help` gives every Makefile target one line."""

import re
import subprocess

import pytest

from tests.conftest import ROOT

README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_the_readme_is_at_most_200_lines():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= 200, f"README.md has {lines} lines: move detail to docs/ (issue 26 asks for <= 200)"


@pytest.mark.parametrize("path", [README, ROOT / "tests/EVALUATION.md", *DOCS], ids=lambda p: p.name)
def test_every_relative_link_points_at_a_file_that_exists(path):
    broken = [
        target
        for target in LINK.findall(path.read_text(encoding="utf-8"))
        if "://" not in target and not target.startswith("mailto:") and not (path.parent / target).exists()
    ]
    assert not broken, f"{path.relative_to(ROOT)} links to missing files: {broken}"


def test_the_readme_links_every_docs_page():
    linked = {(ROOT / target).resolve() for target in LINK.findall(README.read_text(encoding="utf-8"))}
    missing = [p.name for p in DOCS if p.resolve() not in linked]
    assert not missing, f"docs pages the README does not link: {missing}"


def test_the_evaluation_map_names_every_evaluation_folder():
    text = (ROOT / "tests/EVALUATION.md").read_text(encoding="utf-8")
    ordinary = {
        "unit",
        "conversations",
        "server",
        "channels",
        "browser",
        "security",
        "cluster",
        "insights",
        "__pycache__",
    }
    folders = [p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and p.name not in ordinary]
    assert folders and not [f for f in folders if f"`{f}/" not in text]


def test_make_help_lists_every_target_with_one_line():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = set(makefile.split(".PHONY:", 1)[1].split("\n", 1)[0].split())
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M)) & phony
    shown = subprocess.run(
        ["make", "--no-print-directory", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    listed = set(re.findall(r"^  make (\S+) +\S", shown, re.M))
    assert targets and targets - listed == set(), f"targets without a help line: {sorted(targets - listed)}"


def test_every_tests_path_the_scripts_name_exists():
    """A renamed evaluation folder must be renamed in every script that reads it (scripts/, Makefile, config.yml)."""
    sources = [
        *sorted((ROOT / "scripts").glob("*.sh")),
        *sorted((ROOT / "scripts").glob("*.py")),
        ROOT / "Makefile",
        ROOT / "config.yml",
    ]
    named = {
        (src.name, m.rstrip("."))
        for src in sources
        for m in re.findall(r"(?<![\w/])tests/[\w.-]+(?:/[\w.-]+)*", src.read_text(encoding="utf-8"))
        if not m.endswith("_")
    }  # an f-string's prefix (tests/checker/pool_{n}) names no one file
    missing = sorted((src, path) for src, path in named if not (ROOT / path).exists())
    assert len(named) > 10 and not missing, f"paths named in scripts that do not exist: {missing}"
