"""Rendering on every core: the pages of a run are written together, at the end.

Pelican renders and writes each page as its generator asks (`Writer.write_file`), one after
another. `CollectingWriter` only notes each request; `WriteCollected`, the last generator of a
run, hands them all to `fork_map`, which renders them in one process per core. The requests
are the same and each page depends only on the run's context, so the files are the same bytes
as in one process; the order in which they are written does not matter.

Warnings logged while rendering in a worker are sent back and logged again in the parent, where
the build runner counts them; a template error keeps its message.

A check (`checking.py`) renders nothing: each request only puts its file into the run's plan,
with a way to render it should the link check need it; a template is compiled only when a page
is rendered with it (`DeferredTemplate`).
"""

from __future__ import annotations

import functools
import logging
import os

import jinja2
from pelican.contents import Content
from pelican.generators import Generator
from pelican.writers import Writer

from .checking import checking, plan
from .errors import SINK
from .parallel import fork_map

log = logging.getLogger(__name__)


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def warnings_of(function, *args) -> tuple[object, int, list]:
    """function(*args), this process's id and the warnings logged meanwhile, as (level,
    message): for work in a worker of `fork_map`, whose warnings the parent logs again
    (`log_again`)."""
    caught = _Warnings()
    root = logging.getLogger()
    root.addHandler(caught)
    try:
        result = function(*args)
    finally:
        root.removeHandler(caught)
    return result, os.getpid(), [(record.levelno, record.getMessage()) for record in caught.records]


def log_again(pid: int, messages: list, parent: int) -> None:
    """Log in the parent what a worker logged (the parent's own warnings were logged there)."""
    if pid != parent:
        for level, message in messages:
            log.log(level, "%s", message)


class CollectingWriter(Writer):
    """A Pelican writer that notes what to write; `write_collected` writes it."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._requests: list[tuple[tuple, dict]] = []

    def write_file(self, *args, **kwargs):
        self._requests.append((args, kwargs))

    def write_collected(self) -> None:
        requests, self._requests = self._requests, []
        if checking(self.settings):
            planned = plan(self.settings)
            for request in requests:
                name = request[0][0] if request[0] else request[1].get("name")
                if name:  # Pelican writes nothing for an empty name
                    planned.add(name, functools.partial(self._write_one, request))
            return
        parent = os.getpid()
        for _, pid, messages in fork_map(self._write_caught, requests):
            log_again(pid, messages, parent)

    def _write_caught(self, request: tuple[tuple, dict]) -> tuple[None, int, list]:
        return warnings_of(self._write_one, request)

    def _write_one(self, request: tuple[tuple, dict]) -> None:
        args, kwargs = request
        try:
            Writer.write_file(self, *args, **kwargs)
        except jinja2.TemplateError as error:
            where = getattr(error, "filename", None) or getattr(error, "name", None) or "theme"
            line = getattr(error, "lineno", None)
            # a plain TemplateError travels from a worker; the message keeps file and line
            raise jinja2.TemplateError(
                f"{where}{f':{line}' if line else ''}: {error.message or error}"
            ) from None
        finally:
            forget_texts()


def forget_texts() -> None:
    """Drop the texts Pelican keeps of every page it has shown. `Content.content` and
    `summary` are memoized in one cache for all pages of the process: once a page is written,
    its text with resolved links would stay in memory beside the text itself, a second copy
    of every page by the end of a run (and, in a long-running preview, of every run)."""
    Content.get_content.cache.clear()
    Content.get_summary.cache.clear()


class WriteCollected(Generator):
    """The last generator of a run but Pelican's static one: writes what the others asked."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        if isinstance(writer, CollectingWriter):
            writer.write_collected()


class DeferredTemplate:
    """A generator's template, loaded (found and compiled) when a page is first rendered with
    it: a check renders few pages, or none."""

    def __init__(self, generator: Generator, name: str):
        self._generator = generator
        self._name = name

    def render(self, *args, **kwargs) -> str:
        return Generator.get_template(self._generator, self._name).render(*args, **kwargs)


def on_generator_init(generator: Generator) -> None:
    """In a check of the build runner's, every generator's templates are deferred."""
    if SINK in generator.settings and checking(generator.settings):
        generator.get_template = functools.partial(DeferredTemplate, generator)


def _ours(pelican) -> bool:
    """Is this run one of the build runner's? (Its signals stay connected in the process.)"""
    return SINK in pelican.settings


def get_writer(pelican):
    return CollectingWriter if _ours(pelican) else None


def get_generators(pelican):
    return WriteCollected if _ours(pelican) else None
