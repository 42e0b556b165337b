"""Run Pagefind over the built site and make its output reproducible."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pelican import signals

from plugins.core import enabled

BUNDLE = "pagefind"
# Pagefind also writes its ready-made interfaces; the site uses its own (theme/static/js/search.js)
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


def index_site(output: Path) -> None:
    """Index `output` in place; raise RuntimeError with Pagefind's message if it fails."""
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(output),
            "--output-subdir",
            BUNDLE,
            "--silent",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise RuntimeError(f"the search index could not be built: {run.stderr.strip()}")
    bundle = output / BUNDLE
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    # Pagefind lists the languages in a different order from run to run; sort them so that
    # two builds of the same commit stay byte-identical.
    entry = bundle / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_finalized(pelican) -> None:
    if enabled(pelican.settings, __package__):
        index_site(Path(pelican.output_path))


def register() -> None:
    signals.finalized.connect(on_finalized)
