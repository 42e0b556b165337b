"""The benchmark script runs and measures the site it means to: a smoke run with a few pages.
(Its figures are recorded in docs/benchmarks.md; no test here depends on speed.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_benchmark_builds_the_grown_site_and_reports_each_plugin():
    run = subprocess.run(
        [sys.executable, "benchmarks/build_overhead.py", "--pages", "30", "--events", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    rows = [line for line in run.stdout.splitlines() if line.startswith("| ") and "×" in line]
    assert len(rows) == 2
    base, grown = (int(row.split("|")[2]) for row in rows)
    # 30 pages in 2 sections under 1 parent, and 3 events with their pages, per language
    assert grown - base == 2 * (30 + 2 + 1) + 2 * 3
    for plugin in ("bilingual_pages", "events", "partner_cities", "search", "theme_l10n"):
        assert plugin in rows[1]
