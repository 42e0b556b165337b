"""The site's text is written anew: no run of eight words repeats a source page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECKER = ROOT.parent / "shared" / "tools" / "seed_overlap.py"


def test_no_content_repeats_the_source_pages():
    if not CHECKER.exists() and os.environ.get("GITHUB_ACTIONS"):
        pytest.skip("the source pages are not published with the repository")
    assert CHECKER.exists(), (
        f"{CHECKER} is missing: the checks run beside the project's shared/ folder"
    )
    run = subprocess.run(
        [sys.executable, str(CHECKER), "content", "data"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout
