"""`make bench` measures what it promises: the corpus has the promised shape, stock Pelican gets
the same bodies, and a smoke run (a few pages, one run of each build) reports every figure.
No test here depends on speed; the figures are recorded in docs/performance.md."""

from __future__ import annotations

import json
import posixpath
import re
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.bench import MARKER, write_report
from benchmarks.corpus import make_corpus, words
from benchmarks.lexicon import SECTIONS
from benchmarks.stock import write_stock_site
from tests.fixture_site import copy_project

ROOT = Path(__file__).resolve().parents[1]


def test_the_corpus_is_page_pairs_under_ten_sections_with_a_tenth_as_many_events():
    corpus = make_corpus(60)
    for lang, folders in (("de", {s[0][0] for s in SECTIONS}), ("en", {s[1][0] for s in SECTIONS})):
        pages = [page for page in corpus.pages if page.lang == lang]
        assert len(pages) == 60
        assert {page.path.split("/")[0] for page in pages} == folders
        assert len({page.path for page in pages}) == 60
    keys = {lang: sorted(p.key for p in corpus.pages if p.lang == lang) for lang in ("de", "en")}
    assert keys["de"] == keys["en"]
    assert len(corpus.events) == 2 * 6
    assert len({event.uid for event in corpus.events}) == 6


def test_every_page_is_about_a_thousand_words_of_varied_markdown():
    corpus = make_corpus(40)
    counts = [words(page.body) for page in corpus.pages]
    assert 900 <= statistics.median(counts) <= 1100
    assert min(counts) >= 500 and max(counts) <= 1600
    assert len({page.body for page in corpus.pages}) == len(corpus.pages)
    everything = "\n".join(page.body for page in corpus.pages)
    for markup in ("\n## ", "\n### ", "\n- ", "\n1. ", "|---", "\n> ", "**", "](", "{filename}"):
        assert markup in everything, markup
    german = "\n".join(page.body for page in corpus.pages if page.lang == "de")
    assert all(letter in german for letter in "äöüß")
    assert "<" not in everything  # Markdown only: the site refuses raw HTML but text markup


def test_every_page_has_the_front_matter_the_site_requires():
    for page in make_corpus(20).pages:
        head, _, _body = page.source().partition("\n\n")
        fields = dict(line.split(": ", 1) for line in head.splitlines())
        assert set(fields) <= {"Title", "Key", "Summary", "Order"}
        assert {"Title", "Key", "Summary"} <= set(fields)
        assert re.fullmatch(r"[a-z0-9]+(?:[-_][a-z0-9]+)*", fields["Key"])
        assert len(fields["Summary"]) <= 400 and "*" not in fields["Summary"]


def test_links_between_pages_lead_to_pages_of_the_same_language():
    corpus = make_corpus(30)
    paths = {(page.lang, page.path) for page in corpus.pages}
    for page in corpus.pages:
        for target in re.findall(r"\]\(\{filename\}([^)]+)\)", page.body):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.path), target))
            assert (page.lang, resolved) in paths, (page.path, target)


def test_the_same_seed_gives_the_same_corpus():
    assert make_corpus(20) == make_corpus(20)
    assert make_corpus(20, seed=1) != make_corpus(20)


def test_stock_pelican_gets_the_same_bodies(tmp_path):
    corpus = make_corpus(20)
    project = copy_project(tmp_path / "site")
    corpus.add_to(project)
    stock = write_stock_site(corpus, tmp_path / "stock", project)
    content = project / "content"
    ours = sorted(
        [(content / "pages" / p.lang / p.path).read_text(encoding="utf-8") for p in corpus.pages]
        + [
            (content / "events" / e.lang / f"{e.slug}.md").read_text(encoding="utf-8")
            for e in corpus.events
        ]
    )
    ours = sorted(text.partition("\n\n")[2] for text in ours)
    theirs = sorted(
        path.read_text(encoding="utf-8").partition("\n\n")[2]
        for path in (stock / "content").rglob("*.md")
    )
    assert len(theirs) == 2 * 20 + 2 * 2
    assert ours == theirs
    settings = (stock / "pelicanconf.py").read_text(encoding="utf-8")
    assert "TYPOGRIFY = True" in settings and "PLUGINS = []" in settings


def test_results_are_added_to_the_report_newest_first(tmp_path):
    report = tmp_path / "performance.md"
    report.write_text(f"# Performance\n\n{MARKER}\n\n### older\n", encoding="utf-8")
    write_report("### newer\n", report)
    text = report.read_text(encoding="utf-8")
    assert text.index(MARKER) < text.index("### newer") < text.index("### older")


def test_a_smoke_run_builds_both_sites_and_reports_every_figure(tmp_path):
    figures = tmp_path / "figures.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.bench",
            "--pairs",
            "10",
            "--runs",
            "1",
            "--warmup",
            "0",
            "--preview-pairs",
            "0",
            "--preview-runs",
            "1",
            "--json",
            str(figures),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = run.stdout
    for heading in (
        "**Full build**",
        "**Time per page**",
        "**Peak memory**",
        "**Our build, again**",
        "**Where our build's time goes**",
        "**Preview**",
    ):
        assert heading in report
    assert "per added page" in report and "the real site alone" in report
    for target in ("target ≤ 0.8×", "within 10%", "target ≤ 300 MiB", "target ≤ 0.25×, identical"):
        assert target in report
    assert "≤ 0.5 s" in report, "the preview's target on the real site"
    for centre in (
        "Markdown",
        "typogrify",
        "section navigation",
        "Pagefind",
        "icalendar feeds",
        "maps",
        "file reading and writing",
        "our plugin code itself",
    ):
        assert centre in report
    assert "not found" not in report  # the section navigation macro was found in the profile
    assert "Machine:" in report and "commit" in report and "pelican 4.12.0" in report

    figures = json.loads(figures.read_text(encoding="utf-8"))
    (result,) = figures["scales"]
    base = figures["base"]
    assert base["html"]["ours"] > 100 and base["ours"][0]["seconds"] > 0  # the real site alone
    assert result["pairs"] == 10 and result["events"] == 1
    for kind in ("ours", "stock", "cached", "edits", "checks"):
        (measured,) = result[kind]
        assert measured["seconds"] > 0 and measured["peak_mib"] > 0, kind
    assert result["ours"][0]["child_seconds"]["pagefind"] > 0  # Pagefind ran, as a child
    assert result["ours"][0]["peak_mib"] > result["ours"][0]["peak_main_mib"]
    assert result["edits_shown"] and result["cold_identical"]
    # our build writes the real site too; stock Pelican only the corpus (+ its index pages)
    assert result["html"]["ours"] > result["html"]["stock"] >= 2 * (10 + 1)
    assert result["html"]["ours"] - base["html"]["ours"] >= 2 * (10 + 1)
    costs = result["costs"]
    assert costs["markdown"] > 0 and costs["typography"] > costs["typography_in_jinja"] > 0
    assert costs["jinja"] > costs["typography_in_jinja"]
    assert costs["section_navigation"] > 0 and costs["pagefind"] > 0
    assert costs["feeds"] > 0 and costs["maps"] > 0 and costs["files"] > 0
