"""`make bench`: our build against stock Pelican on a generated corpus, at several sizes.

For each scale (`--pairs`, default 500 and 2,500 page pairs, i.e. 1,000 and 5,000 pages, with
a tenth as many event pairs) the corpus (corpus.py) is added to a copy of the project and,
the same bodies, to a stock Pelican site (stock.py). Then, each build in a fresh process:

1. `--warmup` builds of each, not counted;
2. `--runs` cold full builds of each, alternating ours and stock (`invoke build` in the project
   copy; `pelican content` in the stock site); every build added to the folder (output,
   caches) is removed before a cold build;
3. `--runs` cached full builds of ours (nothing changed, the same output folder), compared
   byte for byte with the cold output;
4. `--runs` rebuilds of ours after one edit (a paragraph added to one page each time);
5. `--runs` runs of `invoke check` (the full check, which writes nothing);
6. one cold build of ours under cProfile, read as cost centres (costs.py).

Time is the wall time of the whole process, memory the peak PSS of the process tree (see
measure.py). The results are printed as Markdown; `--write` also adds them to
docs/performance.md, newest first. Progress goes to stderr.

    make bench                                   # 1,000 and 5,000 pages, 3 runs each
    make bench ARGS="--pairs 100 --runs 2"       # a quick look
    make bench ARGS="--write --note 'baseline'"  # record the figures in docs/performance.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import runpy
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

import psutil

from tests.fixture_site import add_fixture_events, copy_project

from . import costs, preview
from .corpus import SEED, Corpus, events_of, make_corpus, words
from .measure import INTERVAL, Run, differences, restore, run_measured, snapshot, tree_digest
from .stock import write_stock_site

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "performance.md"
MARKER = "<!-- make bench ARGS=--write adds its results below this line, newest first -->"
BUILD_DATE = "2027-01-15"  # the same "today" on every run: the events stay upcoming
PYTHON = sys.executable

# the targets of issue 12
TARGET_RATIO = 0.8  # full build ≤ 0.8 × stock Pelican + typogrify
TARGET_LINEARITY = 0.10  # time per page at 5,000 pages within 10 % of that at 1,000
TARGET_PEAK_MIB = 300  # peak memory at 5,000 pages, Pagefind included
TARGET_PEAK_PAGES = 5000
TARGET_CACHED = 0.25  # cached full build ≤ 0.25 × cold, byte-identical

OURS = [PYTHON, "-m", "invoke", "build"]
CHECK = [PYTHON, "-m", "invoke", "check"]
STOCK = [PYTHON, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output"]
# a paragraph added by an edit, and the word that finds it in the output (typogrify changes
# spaces and punctuation)
EDIT = {"de": "Nachtrag {mark}: Dieser Absatz ist neu.", "en": "Addendum {mark}: this is new."}
EDIT_MARK = "edit{n}marker"


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Scale:
    """The sites of one scale and the runs on them."""

    def __init__(self, pairs: int, events: int | None, seed: int, scratch: Path):
        self.pairs = pairs
        # no pairs: the real site alone, and a stock site without content
        self.corpus = make_corpus(pairs, seed, events) if pairs else Corpus(0, seed, (), ())
        self.project = copy_project(scratch / f"site-{pairs}")
        self.corpus.add_to(self.project)
        self.stock = write_stock_site(self.corpus, scratch / f"stock-{pairs}", self.project)
        (self.stock / "content" / "pages").mkdir(parents=True, exist_ok=True)
        self.clean = {self.project: snapshot(self.project), self.stock: snapshot(self.stock)}
        self.log = scratch / f"builds-{pairs}.log"
        self.ours_env = {**os.environ, "PYTHONPATH": str(ROOT), "BUILD_DATE": BUILD_DATE}
        self.stock_env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}

    @property
    def name(self) -> str:
        return f"{2 * self.pairs:,} pages" if self.pairs else "the real site alone"

    def run(self, what: str, command: list[str], folder: Path, *, cold: bool) -> Run:
        if cold:
            restore(folder, self.clean[folder])
        env = self.stock_env if folder == self.stock else self.ours_env
        os.sync()  # the last run's files on disk: their writing must not slow this run down
        run = run_measured(command, folder, env, self.log, children=("pagefind",))
        if run.returncode != 0:
            tail = self.log.read_text(encoding="utf-8", errors="replace")[-4000:]
            raise SystemExit(f"{self.name}: {what} failed (exit {run.returncode}):\n{tail}")
        progress(f"  {self.name}: {what}: {run.seconds:.1f} s, {run.peak_mib:.0f} MiB")
        return run

    def full_builds(self, runs: int, warmup: int) -> tuple[list[Run], list[Run], list[dict]]:
        """Cold full builds, ours and stock in turn; the digests of our outputs."""
        ours, stock, digests = [], [], []
        for number in range(warmup):
            self.run(f"warm-up {number + 1}, ours", OURS, self.project, cold=True)
            self.run(f"warm-up {number + 1}, stock", STOCK, self.stock, cold=True)
        for number in range(1, runs + 1):
            ours.append(self.run(f"full build {number}, ours", OURS, self.project, cold=True))
            digests.append(tree_digest(self.project / "output"))
            stock.append(self.run(f"full build {number}, stock", STOCK, self.stock, cold=True))
        return ours, stock, digests

    def html_pages(self, digest: dict) -> dict[str, int]:
        return {
            "ours": sum(path.endswith(".html") for path in digest),
            "stock": sum(1 for _ in (self.stock / "output").rglob("*.html")),
        }

    def measure_base(self, runs: int, warmup: int) -> dict:
        """Full builds of the real site alone and of stock Pelican without content: what a
        build costs before the first page of the corpus."""
        ours, stock, digests = self.full_builds(runs, warmup)
        html = self.html_pages(digests[-1])
        restore(self.project, self.clean[self.project])
        restore(self.stock, self.clean[self.stock])
        return {
            "pairs": 0,
            "html": html,
            "ours": [asdict(run) for run in ours],
            "stock": [asdict(run) for run in stock],
        }

    def measure(self, runs: int, warmup: int) -> dict:
        cached, edits, checks = [], [], []
        ours, stock, digests = self.full_builds(runs, warmup)
        cold = digests[-1]
        cold_identical = all(not differences(digest, cold) for digest in digests)
        html = self.html_pages(cold)
        cached_differ: list[str] = []
        for number in range(1, runs + 1):
            cached.append(self.run(f"cached build {number}", OURS, self.project, cold=False))
            cached_differ = cached_differ or differences(cold, tree_digest(self.project / "output"))
        edited, shown = self.edited_pages(runs), []
        originals = {path: path.read_text(encoding="utf-8") for path, _ in edited}
        for number, (path, output) in enumerate(edited, 1):
            line = EDIT[path.relative_to(self.project / "content" / "pages").parts[0]]
            mark = EDIT_MARK.format(n=number)
            path.write_text(originals[path] + f"\n{line.format(mark=mark)}\n", encoding="utf-8")
            edits.append(self.run(f"rebuild after edit {number}", OURS, self.project, cold=False))
            shown.append(mark in output.read_text(encoding="utf-8"))
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        for number in range(1, runs + 1):
            checks.append(self.run(f"check {number}", CHECK, self.project, cold=False))
        stats_file = self.log.with_suffix(".stats")
        profiled = [PYTHON, "-m", "benchmarks.costs", str(stats_file), "--", *OURS[2:]]
        self.run("full build under cProfile", profiled, self.project, cold=True)
        settings = runpy.run_path(str(self.project / "pelicanconf.py"))
        centres = costs.cost_centres(
            stats_file, self.project, ROOT / "plugins", settings["JINJA_ENVIRONMENT"]
        )
        restore(self.project, self.clean[self.project])
        restore(self.stock, self.clean[self.stock])
        page_words = [words(page.body) for page in self.corpus.pages]
        return {
            "pairs": self.pairs,
            "events": len(self.corpus.events) // 2,
            "words": {
                "median": statistics.median(page_words),
                "min": min(page_words),
                "max": max(page_words),
            },
            "markdown_bytes": sum(len(page.source().encode()) for page in self.corpus.pages),
            "html": html,
            "ours": [asdict(run) for run in ours],
            "stock": [asdict(run) for run in stock],
            "cached": [asdict(run) for run in cached],
            "edits": [asdict(run) for run in edits],
            "edits_shown": all(shown),
            "checks": [asdict(run) for run in checks],
            "cold_identical": cold_identical,
            "cached_differ": cached_differ[:20],
            "cached_identical": not cached_differ,
            "costs": centres,
        }

    def edited_pages(self, count: int) -> list[tuple[Path, Path]]:
        """`count` pages of the corpus to edit (German and English in turn), each with the
        file our build writes it to."""
        pages = [page for page in self.corpus.pages if not page.path.endswith("index.md")]
        pages = pages or list(self.corpus.pages)
        chosen = [pages[(len(pages) // 2 + 7 * n) % len(pages)] for n in range(count)]
        result = []
        for page in chosen:
            source = self.project / "content" / "pages" / page.lang / page.path
            route = page.path.removesuffix(".md").removesuffix("index").strip("/")
            prefix = "" if page.lang == "de" else f"{page.lang}/"
            result.append((source, self.project / "output" / prefix / route / "index.html"))
        return result


# --- the report ------------------------------------------------------------------------------


def seconds(values: list[float]) -> str:
    return spread(values, "{:.1f} s")


def spread(values: list[float], form: str) -> str:
    """The median, and with more than one value the range: `12.3 s (12.1–12.9)`."""
    median = form.format(statistics.median(values))
    if len(values) < 2:
        return median
    low, high = form.format(min(values)), form.format(max(values))
    unit = form.rsplit("}", 1)[1]
    return f"{median} ({low.removesuffix(unit)}–{high.removesuffix(unit)})"


def verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def field(runs: list[dict], name: str) -> list[float]:
    return [run[name] for run in runs]


def per_page_ms(result: dict) -> float:
    return 1000 * statistics.median(field(result["ours"], "seconds")) / result["html"]["ours"]


def per_added_page_ms(result: dict, base: dict, build: str = "ours") -> float:
    """Milliseconds per HTML page added to the base: the build's growth, without its fixed
    cost (start-up, the real site's own pages, maps and data)."""
    added = statistics.median(field(result[build], "seconds")) - statistics.median(
        field(base[build], "seconds")
    )
    return 1000 * added / (result["html"][build] - base["html"][build])


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    cpus = len(os.sched_getaffinity(0))
    memory = psutil.virtual_memory().total / 1024**3
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}"
        for name in ("pelican", "markdown", "jinja2", "typogrify", "pagefind")
    )
    return (
        f"{model}, {cpus} CPUs, {memory:.0f} GiB RAM; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; {versions}"
    )


def commit() -> str:
    def git(*arguments: str) -> str:
        return subprocess.run(
            ["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    changed = git("status", "--porcelain", "--untracked-files=no")
    return (git("rev-parse", "--short", "HEAD") or "unknown") + (
        " with uncommitted changes" if changed else ""
    )


def report(
    base: dict,
    results: list[dict],
    runs: int,
    warmup: int,
    seed: int,
    note: str | None,
    revision: str,
    preview: list[dict] | None = None,
) -> str:
    """The figures as Markdown; `base` is the real site alone (stock: no content)."""
    now = dt.datetime.now().astimezone()
    lines = [
        f"### {now:%Y-%m-%d %H:%M}, commit {revision}" + (f": {note}" if note else ""),
        "",
        f"Machine: {machine()}. {runs} counted run{'s' if runs != 1 else ''} of each build "
        f"after {warmup} warm-up, ours and stock alternating; `BUILD_DATE={BUILD_DATE}`; "
        f"corpus seed {seed}.",
        "",
        "Corpus: " + "; ".join(corpus_line(result) for result in results) + ".",
        "",
        "**Full build** (cold: no output, no cache), median (min–max):",
        "",
        "| pages added | ours | of it Pagefind | stock Pelican + typogrify | ours / stock "
        f"| target ≤ {TARGET_RATIO}× |",
        "|---|---|---|---|---|---|",
    ]
    for result in [base, *results]:
        ratios = [
            ours["seconds"] / stock["seconds"]
            for ours, stock in zip(result["ours"], result["stock"], strict=True)
        ]
        pagefind = [run["child_seconds"].get("pagefind", 0.0) for run in result["ours"]]
        ratio, met = (
            (spread(ratios, "{:.2f}×"), verdict(statistics.median(ratios) <= TARGET_RATIO))
            if result["pairs"]
            else ("–", "–")
        )
        lines.append(
            f"| {name(result)} | {seconds(field(result['ours'], 'seconds'))} "
            f"| {seconds(pagefind)} | {seconds(field(result['stock'], 'seconds'))} "
            f"| {ratio} | {met} |"
        )
    smallest = results[0]
    lines += [
        "",
        "**Time per page**: the median full build divided by the HTML pages written (ours "
        "include the real site's), and per added page: less the build of the real site alone "
        "(stock: of no content), divided by the HTML pages that adds:",
        "",
        "| pages added | HTML pages, ours / stock | ours per page | ours per added page "
        f"| stock per added page | target: per added page within {TARGET_LINEARITY:.0%} of "
        f"{2 * smallest['pairs']:,} pages |",
        "|---|---|---|---|---|---|",
    ]
    for result in results:
        change = per_added_page_ms(result, base) / per_added_page_ms(smallest, base) - 1
        target = (
            "(the reference)"
            if result is smallest
            else f"{change:+.0%}: {verdict(abs(change) <= TARGET_LINEARITY)}"
        )
        lines.append(
            f"| {name(result)} | {result['html']['ours']:,} / {result['html']['stock']:,} "
            f"| {per_page_ms(result):.1f} ms | {per_added_page_ms(result, base):.1f} ms "
            f"| {per_added_page_ms(result, base, 'stock'):.1f} ms | {target} |"
        )
    lines += [
        "",
        "**Peak memory** of the full builds, median (min–max): the memory of the build "
        "process and its child processes together (PSS: shared pages counted once), sampled "
        f"every {INTERVAL * 1000:.0f} ms; beside it the kernel's peak RSS of the largest "
        "single process:",
        "",
        "| pages added | ours, process tree | of it: build process + children (workers, Pagefind) "
        "| ours, largest process | stock, process tree | stock, largest process "
        f"| target ≤ {TARGET_PEAK_MIB} MiB at {TARGET_PEAK_PAGES:,} pages |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in [base, *results]:
        peak = statistics.median(field(result["ours"], "peak_mib"))
        at_peak = max(result["ours"], key=lambda run: run["peak_mib"])
        children = at_peak["peak_mib"] - at_peak["peak_main_mib"]
        target = (
            verdict(peak <= TARGET_PEAK_MIB)
            if 2 * result["pairs"] >= TARGET_PEAK_PAGES
            else f"({'under' if peak <= TARGET_PEAK_MIB else 'over'} already)"
        )
        lines.append(
            f"| {name(result)} | {spread(field(result['ours'], 'peak_mib'), '{:.0f} MiB')} "
            f"| {at_peak['peak_main_mib']:.0f} + {children:.0f} MiB "
            f"| {spread(field(result['ours'], 'largest_process_mib'), '{:.0f} MiB')} "
            f"| {spread(field(result['stock'], 'peak_mib'), '{:.0f} MiB')} "
            f"| {spread(field(result['stock'], 'largest_process_mib'), '{:.0f} MiB')} | {target} |"
        )
    lines += [
        "",
        "**Our build, again** (median (min–max)): a rebuild after one edit (one page changed, "
        "the same output folder), the full check (`invoke check`, writes nothing), and a "
        "cached full build (nothing changed since the last build):",
        "",
        "| pages added | rebuild after one edit | check | cached full build | cached / cold "
        f"| output identical to the cold build | target ≤ {TARGET_CACHED}×, identical |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in results:
        cold = statistics.median(field(result["ours"], "seconds"))
        cached = statistics.median(field(result["cached"], "seconds"))
        identical = result["cached_identical"]
        differ = "" if identical else f"no, {len(result['cached_differ'])}+ files differ"
        shown = "" if result["edits_shown"] else " (**the edit is missing from the output**)"
        lines.append(
            f"| {name(result)} | {seconds(field(result['edits'], 'seconds'))}{shown} "
            f"| {seconds(field(result['checks'], 'seconds'))} "
            f"| {seconds(field(result['cached'], 'seconds'))} | {cached / cold:.2f}× "
            f"| {'yes' if identical else differ} "
            f"| {verdict(cached / cold <= TARGET_CACHED and identical)} |"
        )
    if not all(result["cold_identical"] for result in results):
        lines += ["", "**The cold builds of one scale differ from each other.**"]
    lines += cost_table(results)
    lines += preview_table(preview or [])
    return "\n".join(lines) + "\n"


def preview_report(results: list[dict], note: str | None, revision: str) -> str:
    """The preview's figures alone (`--preview-only`)."""
    now = dt.datetime.now().astimezone()
    lines = [
        f"### {now:%Y-%m-%d %H:%M}, commit {revision}" + (f": {note}" if note else ""),
        "",
        f"Machine: {machine()}. `BUILD_DATE={BUILD_DATE}`.",
    ]
    return "\n".join(lines + preview_table(results)) + "\n"


def preview_table(results: list[dict]) -> list[str]:
    """The editors' loop (benchmarks/preview.py): seconds from a save to the reloaded page."""
    if not results:
        return []
    lines = [
        "",
        "**Preview** (`make serve`): from saving a file to the `load` event of the reloaded "
        "page in chromium that shows the edit, median (min–max): a paragraph added to the open "
        "page, the open event's title changed, a sentence of the open partner city's profile "
        "changed (the real site with the test events of tests/fixtures/events):",
        "",
        "| pages added | page edit | event edit | partner-city edit | target |",
        "|---|---|---|---|---|",
    ]
    for result in results:
        target = preview.TARGET.get(result["pairs"])
        times = [result["times"][kind] for kind in ("page", "event", "city")]
        met = (
            f"≤ {target} s: {verdict(all(statistics.median(t) <= target for t in times))}"
            if target
            else "–"
        )
        cells = " | ".join(spread(t, "{:.2f} s") for t in times)
        lines.append(f"| {2 * result['pairs']:,} | {cells} | {met} |")
    return lines


def name(result: dict) -> str:
    if not result["pairs"]:
        return "none: the real site alone (stock: no content)"
    events = f"{result['events']:,} event{'s' if result['events'] != 1 else ''}"
    return f"{2 * result['pairs']:,} ({result['pairs']:,} pairs, {events})"


def corpus_line(result: dict) -> str:
    w = result["words"]
    return (
        f"{result['pairs']:,} page pairs and {result['events']:,} event "
        f"pair{'s' if result['events'] != 1 else ''}, "
        f"{w['median']:,.0f} words a page ({w['min']:,}–{w['max']:,}), "
        f"{result['markdown_bytes'] / 1024**2:.1f} MiB of Markdown"
    )


COST_ROWS = (
    ("markdown", "Markdown (the `markdown` package)"),
    (
        "typography",
        "typography (typogrify, smartypants, `theme_l10n/typography.py`), once per text",
    ),
    ("jinja", "Jinja rendering, callees included"),
    ("typography_in_jinja", "– of it typography of titles (theme filters)"),
    ("section_navigation", "– of it the section navigation (macro `section_navigation`)"),
    ("jinja_rest", "– of it the rest of the templates"),
    ("pagefind", "Pagefind (child process, wall time)"),
    ("feeds", "icalendar feeds (`events/feeds.py`)"),
    ("maps", "maps (`partner_cities/maps.py`)"),
    ("files", "file reading and writing (system calls)"),
    ("rest", "the rest: Pelican, reading and checking content, link check, start-up"),
    ("plugin_code", "our plugin code itself (its own lines, spread over the rows above)"),
)


def cost_table(results: list[dict]) -> list[str]:
    lines = [
        "",
        "**Where our build's time goes**: one cold build under cProfile (slower than the "
        "builds above, Python code more so than Pagefind); share of the profiled time:",
        "",
        "| cost centre | " + " | ".join(name(result) for result in results) + " |",
        "|---|" + "---|" * len(results),
    ]
    cells: dict[str, list[str]] = {key: [] for key, _ in COST_ROWS}
    totals, plugins = [], []
    for result in results:
        c = dict(result["costs"])
        navigation = c["section_navigation"] or 0.0
        c["jinja_rest"] = c["jinja"] - c["typography_in_jinja"] - navigation
        c["rest"] = (
            c["total"]
            - c["typography"]
            + c["typography_in_jinja"]
            - sum(c[key] for key in ("markdown", "jinja", "pagefind", "feeds", "maps", "files"))
        )
        for key, _ in COST_ROWS:
            if key == "section_navigation" and c[key] is None:
                cells[key].append("not found")
                continue
            cells[key].append(f"{c[key] / c['total']:.0%} ({c[key]:.1f} s)")
        totals.append(f"{c['total']:.1f} s")
        plugins.append(
            ", ".join(
                f"{plugin} {value / c['total']:.0%}"
                for plugin, value in sorted(c["by_plugin"].items(), key=lambda kv: -kv[1])
                if value / c["total"] >= 0.005
            )
        )
    lines.append("| whole build, profiled | " + " | ".join(totals) + " |")
    for key, label in COST_ROWS:
        lines.append(f"| {label} | " + " | ".join(cells[key]) + " |")
    lines.append("| each plugin, callees included | " + " | ".join(plugins) + " |")
    return lines


def write_report(text: str, path: Path = REPORT) -> None:
    """Add `text` to `path` right below the marker line, above earlier results."""
    document = path.read_text(encoding="utf-8")
    if MARKER not in document:
        raise SystemExit(f"{path}: the line {MARKER!r} is missing; add it where results go")
    path.write_text(document.replace(MARKER, f"{MARKER}\n\n{text}", 1), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="make bench ARGS=…", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pairs",
        type=int,
        nargs="+",
        default=[500, 2500],
        help="page pairs to add, one scale each (default: 500 2500, i.e. 1,000 and 5,000 pages)",
    )
    parser.add_argument("--events", type=int, help="event pairs to add (default: pairs / 10)")
    parser.add_argument("--runs", type=int, default=3, help="counted runs of each build")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted runs of each first")
    parser.add_argument("--seed", type=int, default=SEED, help="the corpus's random seed")
    parser.add_argument("--write", action="store_true", help=f"add the results to {REPORT.name}")
    parser.add_argument("--note", help="a note for the results' heading, e.g. 'baseline'")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--keep", type=Path, help="generate the sites here and keep them")
    parser.add_argument(
        "--preview-pairs",
        type=int,
        nargs="*",
        default=[0, 1000],
        help="page pairs of the sites the preview is timed on (default: 0 1000, the real "
        "site and 1,000 pages a language; none: no preview timing)",
    )
    parser.add_argument("--preview-runs", type=int, default=3, help="edits of each kind")
    parser.add_argument(
        "--preview-only", action="store_true", help="time the preview only, no full builds"
    )
    arguments = parser.parse_args(argv)
    if arguments.runs < 1:
        parser.error("--runs must be 1 or more")
    if min(arguments.pairs) < 10:
        parser.error("--pairs must be 10 or more: one page pair per section at least")

    revision = commit()  # now: the checkout may change while the benchmark runs
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-") as temporary:
        scratch = arguments.keep or Path(temporary)
        scratch.mkdir(parents=True, exist_ok=True)
        base_result = None
        if not arguments.preview_only:
            progress("the real site alone, and stock Pelican without content")
            base = Scale(0, 0, arguments.seed, scratch / "scale-0")
            base_result = base.measure_base(arguments.runs, arguments.warmup)
        for pairs in [] if arguments.preview_only else sorted(arguments.pairs):
            events = events_of(pairs, arguments.events)
            progress(f"{2 * pairs:,} pages: generating {pairs:,} page and {events:,} event pairs")
            scale = Scale(pairs, arguments.events, arguments.seed, scratch / f"scale-{pairs}")
            results.append(scale.measure(arguments.runs, arguments.warmup))
        previews = []
        for pairs in arguments.preview_pairs:
            progress(f"preview: the real site with {2 * pairs:,} pages added")
            project = copy_project(scratch / f"preview-{pairs}")
            add_fixture_events(project)
            page = "stuttgart/aufgaben.md"
            if pairs:
                corpus = make_corpus(pairs, arguments.seed, arguments.events)
                corpus.add_to(project)
                page = next(item.path for item in corpus.pages if item.lang == "de")
            os.environ["BUILD_DATE"] = BUILD_DATE
            times = preview.measure(project, arguments.preview_runs, page, progress)
            previews.append({"pairs": pairs, "times": times})
    if arguments.preview_only:
        text = preview_report(previews, arguments.note, revision)
    else:
        text = report(
            base_result,
            results,
            arguments.runs,
            arguments.warmup,
            arguments.seed,
            arguments.note,
            revision,
            previews,
        )
    print(text)
    if arguments.json:
        figures = {"base": base_result, "scales": results, "preview": previews}
        arguments.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    if arguments.write:
        write_report(text)
        progress(f"added to {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
