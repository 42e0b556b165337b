"""Compiled templates kept between the environments of a run and between runs.

Pelican makes a Jinja environment per generator, and each compiles every template it uses
anew: the real site compiled its templates 34 times a build, about 0.3 s. `TemplateCache` is
the environments' `bytecode_cache` (set in pelicanconf.py's `JINJA_ENVIRONMENT`, one object
for them all): a template compiled once in a run is taken from memory by every other
environment and worker of the run, and from `cache/templates/` by the next run.

Jinja keys a compiled template by its name and file and checks the checksum of its source, so
a changed template is compiled again. What it does not check, the environment's options
(autoescape, extensions …) and the versions of Jinja and Python, names the folder the files
go to. `make clean` removes the folder; the output never holds it. A build that fails keeps
the last good site, but what it compiled stays in the folder for the next run.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates in memory for the run and in `folder` for the next runs."""

    def __init__(self, folder: Path, options: dict) -> None:
        self.folder = Path(folder)
        described = repr(sorted(options.items())) + jinja2.__version__ + sys.version
        self.variant = hashlib.sha256(described.encode()).hexdigest()[:16]
        super().__init__(str(self.folder / self.variant))
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)  # checks the source's checksum
            return
        super().load_bytecode(bucket)
        if bucket.code is not None:
            self._compiled[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
        Path(self.directory).mkdir(parents=True, exist_ok=True)
        super().dump_bytecode(bucket)  # written to a temporary file, then renamed

    def __repr__(self) -> str:
        # stable between runs: the settings, this among them, are part of a build's inputs
        return f"TemplateCache({str(self.folder)!r}, {self.variant!r})"
