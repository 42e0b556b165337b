"""Benchmark: how long a build of a large site takes, how much memory it needs, and how much of
the time our plugins take compared with Pelican's own work.

The real project (settings, theme, content, data) is copied to a scratch folder and grown by
`--pages` pairs of German and English pages and `--events` pairs of events. Each build runs in
its own process: once plain, for wall time and peak memory, and once under cProfile, where the
time spent inside `plugins/` (entered from Pelican, Jinja or the standard library, callees
included, the build runner itself excluded) is summed per plugin.

    make benchmark                                   # 2,000 + 200 pairs: about a minute
    .venv/bin/python benchmarks/build_overhead.py --pages 500 --events 50

Results are printed as a Markdown table; docs/benchmarks.md records them per machine.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the project's packages, as in the build processes below

from tests.fixture_site import copy_project  # noqa: E402

PLUGINS = ROOT / "plugins"
RUNNER = PLUGINS / "core" / "build.py"
BUILD_DATE = "2027-01-15"  # the same "today" on every run


SECTION = 25  # pages per section, as in a real site: navigation lists a section's pages


FILLER = {
    "de": ("lastprobe", "Lastprobe", "Dieser Absatz füllt eine Seite der Lastprobe."),
    "en": ("load-test", "Load test", "This paragraph fills a page of the load test."),
}


def grow(project: Path, pages: int, events: int) -> None:
    """Add `pages` page pairs, in sections of SECTION under one parent, and `events` event
    pairs to `project`."""
    if pages:
        add_pages(project, pages)
    add_events(project, events)


def add_pages(project: Path, pages: int) -> None:
    for lang, (folder, title, words) in FILLER.items():
        top = project / "content" / "pages" / lang / folder
        top.mkdir(parents=True)
        (top / "index.md").write_text(
            f"Title: {title}\nKey: load-test\nSummary: {words}\nOrder: 99\n\n{words}\n",
            encoding="utf-8",
        )
        body = "\n\n".join([words * 8] * 6)
        for number in range(1, pages + 1):
            part = (number - 1) // SECTION + 1
            section = top / f"teil-{part:04d}"
            if not section.exists():
                section.mkdir()
                (section / "index.md").write_text(
                    f"Title: {title}, {part}\nKey: load-test-part-{part}\nSummary: {words}\n"
                    f"Order: {part}\n\n{words}\n",
                    encoding="utf-8",
                )
            (section / f"seite-{number:05d}.md").write_text(
                f"Title: {title} {number}\nKey: load-test-{number}\nSummary: {words}\n"
                f"Order: {number}\n\n## {title}\n\n{body}\n",
                encoding="utf-8",
            )


def add_events(project: Path, events: int) -> None:
    day = dt.date(2027, 2, 1)
    for number in range(1, events + 1):
        start = day + dt.timedelta(days=number % 300)
        office = ("stuttgart", "region-stuttgart", "dortmund")[number % 3]
        for lang, title in (("de", "Lastprobe-Termin"), ("en", "Load-test event")):
            folder = project / "content" / "events" / lang
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{FILLER[lang][0]}-{number:05d}.md").write_text(
                f"Title: {title} {number}\nUID: load-test-{number}@example\n"
                f"Start: {start} 18:00\nEnd: {start} 20:00\nOffice: {office}\n"
                f"Updated: 2027-01-10\n\n{title}.\n",
                encoding="utf-8",
            )


def child(project: Path, profile: bool) -> dict:
    """One build in this process; with `profile`, the time spent in each plugin."""
    from plugins.core.build import build

    overrides = {"PATH": str(project / "content"), "DATA_PATH": str(project / "data")}
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    result = build(project / "pelicanconf.py", project / "output", overrides=overrides)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    if not result.ok:
        raise SystemExit("\n".join(result.problems))
    import resource

    report = {
        "seconds": seconds,
        "pages": len(list((project / "output").rglob("*.html"))),
        # peak resident memory of the build process (Linux reports KiB)
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if profiler:
        stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
        report["plugins"] = plugin_seconds(stats)
        report["own"] = own_seconds(stats)
    return report


def plugin_seconds(stats: dict) -> dict[str, float]:
    """Time entered into each plugin package from code outside our plugins, callees included."""

    def package(function) -> str | None:
        filename = Path(function[0])
        if filename == RUNNER or PLUGINS not in filename.parents:
            return None
        return filename.relative_to(PLUGINS).parts[0]

    totals: dict[str, float] = {}
    for function, (_cc, _nc, _tt, _ct, callers) in stats.items():
        name = package(function)
        if name is None:
            continue
        for caller, edge in callers.items():
            if package(caller) is None:
                totals[name] = totals.get(name, 0.0) + edge[3]
    return dict(sorted(totals.items()))


def own_seconds(stats: dict) -> float:
    """Time spent in the lines of our plugins themselves, without what they call."""
    return sum(
        tt
        for function, (_cc, _nc, tt, _ct, _callers) in stats.items()
        if PLUGINS in Path(function[0]).parents and Path(function[0]) != RUNNER
    )


def run_child(project: Path, profile: bool) -> dict:
    command = [sys.executable, __file__, "--child", str(project)] + (
        ["--profile"] if profile else []
    )
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "BUILD_DATE": BUILD_DATE}
    run = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(run.stdout + run.stderr)
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="page pairs to add")
    parser.add_argument("--events", type=int, default=200, help="event pairs to add")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(child(arguments.child, arguments.profile)))
        return

    with tempfile.TemporaryDirectory() as scratch:
        rows = []
        for pages, events in ((0, 0), (arguments.pages, arguments.events)):
            project = copy_project(Path(scratch) / f"site-{pages}")
            grow(project, pages, events)
            plain = run_child(project, profile=False)
            shutil.rmtree(project / "output")
            profiled = run_child(project, profile=True)
            rows.append((pages, events, plain, profiled))

    print(
        "| added pages / events | HTML pages | build | peak memory "
        "| in plugins, with the libraries they call (profiled) | plugin code itself |"
    )
    print("|---|---|---|---|---|---|")
    for pages, events, plain, profiled in rows:
        shares = profiled["plugins"]
        total = profiled["seconds"]
        ours = sum(shares.values())
        detail = ", ".join(f"{name} {seconds / total:.0%}" for name, seconds in shares.items())
        print(
            f"| {pages} × 2 / {events} × 2 | {plain['pages']} | {plain['seconds']:.1f} s "
            f"| {plain['peak_mib']:.0f} MiB | {ours / total:.0%} of {total:.1f} s "
            f"({detail}) | {profiled['own'] / total:.0%} |"
        )


if __name__ == "__main__":
    main()
