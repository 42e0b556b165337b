"""A minimal two-language site (tests/fixtures/minimal) for tests that break or extend content."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from plugins.core.build import BuildResult, build

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
# the page plugins only: the data-driven sections have their own fixtures
PAGE_PLUGINS = ["plugins.bilingual_pages", "plugins.theme_l10n", "plugins.link_check"]
NAVIGATION = {
    "MAIN_NAVIGATION": ["office"],
    "SERVICE_NAVIGATION": [],
    "FOOTER_NAVIGATION": ["legal-notice"],
}


def copy_fixture(target: Path) -> Path:
    """A private copy of the fixture content at `target`, free to change."""
    shutil.copytree(FIXTURE, target)
    return target


def build_fixture(content: Path, output: Path, **overrides) -> BuildResult:
    """Build `content` with the real settings and theme into `output`."""
    settings = {"PATH": str(content), "PLUGINS": PAGE_PLUGINS, **NAVIGATION, **overrides}
    return build(ROOT / "pelicanconf.py", output, overrides=settings)


def copy_project(target: Path) -> Path:
    """A copy of the real project (settings, commands, theme, content) to run commands in."""
    target.mkdir(parents=True)
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy(ROOT / name, target / name)
    for folder in ("theme", "content", "data"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def add_fixture_events(project: Path) -> Path:
    """The test events of tests/fixtures/events, in both languages, added to a project copy."""
    for lang in ("de", "en"):
        for source in (Path(__file__).parent / "fixtures" / "events" / lang).glob("*.md"):
            shutil.copy(source, project / "content" / "events" / lang / source.name)
    return project


def run_invoke(
    project: Path, *command: str, build_date: str | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess:
    """Run `invoke <command…>` in a project copy, as an editor would, capturing its output;
    `build_date` fixes the day that upcoming events count from (BUILD_DATE)."""
    dated = {"BUILD_DATE": build_date} if build_date else {}
    return subprocess.run(
        [sys.executable, "-m", "invoke", *command],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT), **dated},
        stdin=subprocess.DEVNULL,  # not a terminal: commands ask nothing
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
