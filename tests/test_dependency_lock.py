"""The lock files in requirements/ agree with pyproject.toml and pin every package with hashes.

`make build` and `make test` install only from the lock files (`pip install --require-hashes
--no-deps`), so a dependency changed in pyproject.toml without `make lock` would silently not be
installed. These checks catch that, for the test extra too (`pip check` after `make build` sees
only the site's own dependencies).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
BUILD_LOCK = ROOT / "requirements" / "build.txt"
TEST_LOCK = ROOT / "requirements" / "test.txt"
_PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def normalized(name: str) -> str:
    """A package name as PyPI compares it (PEP 503): `ruamel.yaml` and `ruamel-yaml` are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(requirements: list[str]) -> dict[str, str]:
    """name -> version of pyproject.toml's requirements, each of which must be pinned with ==."""
    pins = {}
    for requirement in requirements:
        match = _PIN.fullmatch(requirement.replace(" ", ""))
        assert match, f"pyproject.toml: {requirement!r} is not pinned with =="
        pins[normalized(match[1])] = match[2]
    return pins


def locked(lock: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) of a pip-compile lock file."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in lock.read_text(encoding="utf-8").splitlines():
        if line.startswith((" ", "#")) or not line.strip():
            if current and "--hash=sha256:" in line:
                version, hashes = pins[current]
                pins[current] = (version, hashes + 1)
            continue
        match = _PIN.match(line)
        assert match, f"{lock.name}: not a pinned requirement: {line!r}"
        current = normalized(match[1])
        pins[current] = (match[2], 0)
    return pins


SITE = declared(PYPROJECT["project"]["dependencies"])
TESTS = declared(PYPROJECT["project"]["optional-dependencies"]["test"])


def test_every_declared_dependency_is_locked_at_its_declared_version():
    build, test = locked(BUILD_LOCK), locked(TEST_LOCK)
    for name, version in SITE.items():
        assert build.get(name, ("missing",))[0] == version, f"build.txt: {name}; run `make lock`"
    for name, version in {**SITE, **TESTS}.items():
        assert test.get(name, ("missing",))[0] == version, f"test.txt: {name}; run `make lock`"


def test_every_locked_package_has_hashes():
    for lock in (BUILD_LOCK, TEST_LOCK):
        for name, (_version, hashes) in locked(lock).items():
            assert hashes, f"{lock.name}: {name} has no hash"


def test_the_test_lock_keeps_every_version_of_the_build_lock():
    """Tests run on the very packages that build the site."""
    build, test = locked(BUILD_LOCK), locked(TEST_LOCK)
    assert {name: test.get(name) for name in build} == build


def test_the_build_lock_holds_the_build_backend_so_nothing_unhashed_is_downloaded():
    """The project is installed with --no-build-isolation: its build backend comes from the lock."""
    build = locked(BUILD_LOCK)
    for requirement in PYPROJECT["build-system"]["requires"]:
        name = normalized(re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0])
        assert name in build, f"build.txt: build requirement {name} is missing; run `make lock`"
