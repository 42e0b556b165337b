"""Two builds of the same commit are byte-identical, whatever the hash seed or the time."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = (
    "import sys; from plugins.core.build import build; "
    "r = build('publishconf.py', sys.argv[1], overrides={'SITEURL': 'https://example.org'}); "
    "sys.exit(0 if r.ok else '\\n'.join(r.problems))"
)


def build_in_fresh_process(output: Path, hash_seed: str) -> None:
    # one build day for both: "upcoming" and "past" are counted from it
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "BUILD_DATE": "2027-01-15"}
    subprocess.run(
        [sys.executable, "-c", BUILD, str(output)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_two_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    build_in_fresh_process(first, "1")
    build_in_fresh_process(second, "2")
    assert tree(first) == tree(second)
    files = [name for name in tree(first) if (first / name).is_file()]
    assert len(files) > 50
    _match, mismatch, errors = filecmp.cmpfiles(first, second, files, shallow=False)
    assert mismatch == [] and errors == []


def test_output_contains_no_build_machine_paths(tmp_path):
    output = tmp_path / "site"
    build_in_fresh_process(output, "0")
    for path in output.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert str(ROOT) not in text and str(tmp_path) not in text, path


def test_settings_read_after_another_projects_settings_are_this_projects(tmp_path):
    """Pelican keeps a settings file imported as `pelicanconf`; publishconf.py's
    `from pelicanconf import *` must still take this project's settings, not those of a
    project read before it in the same process (the test suite builds copies in-process)."""
    from plugins.core.build import load_settings

    other = tmp_path / "other"
    other.mkdir()
    (other / "content").mkdir()
    (other / "pelicanconf.py").write_text('PATH = "content"\nSITENAME = "Other"\n')
    assert load_settings(other / "pelicanconf.py")["SITENAME"] == "Other"
    settings = load_settings(ROOT / "publishconf.py")
    assert Path(settings["PATH"]) == ROOT / "content"
    assert settings["SITENAME"] != "Other"
