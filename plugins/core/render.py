"""Rendering on every core: the pages of a run are written together, at the end.

Pelican renders and writes each page as its generator asks (`Writer.write_file`), one after
another. `CollectingWriter` only notes each request; `WriteCollected`, the last generator of a
run, hands them all to `fork_map`, which renders them in one process per core. The requests
are the same and each page depends only on the run's context, so the files are the same bytes
as in one process; the order in which they are written does not matter.

Warnings logged while rendering in a worker are sent back and logged again in the parent, where
the build runner counts them; a template error keeps its message.

In a warm run of the preview (warm.py), only the pages whose trace no longer matches are
rendered, the pages open in a browser first (`OPEN`, then `SHOWN` is called), and each file is
written only if its bytes change; work that other plugins `defer` follows. Files the last run
wrote and this one does not are removed.

A check (`checking.py`) renders nothing: each request only puts its file into the run's plan,
with a way to render it should the link check need it; a template is compiled only when a page
is rendered with it (`DeferredTemplate`).
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import os
from collections.abc import Callable
from pathlib import Path

import jinja2
from pelican.contents import Content
from pelican.generators import Generator
from pelican.writers import Writer

from . import warm
from .checking import checking, plan
from .errors import SINK
from .output import write_bytes
from .parallel import fork_map

OPEN = "PREVIEW_OPEN"  # settings key: the files open in a browser (below the output folder)
SHOWN = "PREVIEW_SHOWN"  # settings key: called once the open files are written
LATER = "PREVIEW_LATER"  # settings key: work deferred until after them (`defer`)
PART = 256  # pages rendered between two looks for a newer save, in the preview

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
        memo = warm.memo(self.settings)
        if memo is not None:
            self._write_warm(memo, requests)
            return
        parent = os.getpid()
        for _, pid, messages in fork_map(self._write_caught, requests):
            log_again(pid, messages, parent)

    def _write_warm(self, memo: warm.Memo, requests: list) -> None:
        """Render what changed, the open pages first; remove what is no longer written."""
        settings = self.settings
        output = Path(self.output_path)
        open_files = settings.get(OPEN, ())
        # the values every page may look up, as they are before any page is rendered (some
        # keep what rendering asked of them, which must not count as a change)
        contexts = {id(c): c for c in (_arguments(r).get("context") for r in requests) if c}
        for context in contexts.values():
            for name in memo.names & context.keys():
                memo.value_digest(context[name])

        def changed(request) -> bool:
            name = _name(request)
            return bool(name) and not (
                memo.unchanged(name, _fixed(request), _local_context(request))
                and (output / name).is_file()
            )

        # the open pages first: looked at, rendered and written before anything else
        first = [r for r in requests if _name(r) in open_files and changed(r)]
        parent = os.getpid()
        for request in first:
            name, digests, _, messages = self._write_traced(memo, request)
            memo.record(name, _fixed(request), digests)
            log_again(parent, messages, parent)
        settings.get(SHOWN, lambda: None)()
        rest = [r for r in requests if _name(r) not in open_files and changed(r)]
        # in parts, so that a new save can stop the run between them (warm.superseded): what
        # is not rendered yet keeps its old trace and is found changed by the next run
        for start in range(0, len(rest), PART):
            warm.stop_if_superseded()
            part = rest[start : start + PART]
            done = fork_map(functools.partial(self._write_traced, memo), part)
            for request, (name, digests, pid, messages) in zip(part, done, strict=True):
                memo.record(name, _fixed(request), digests)
                log_again(pid, messages, parent)
        for job in settings.pop(LATER, []):
            warm.stop_if_superseded()
            job()
        written = {_name(request) for request in requests} - {"", None}
        for gone in memo.outputs - written:
            (output / gone).unlink(missing_ok=True)
            memo.traces.pop(gone, None)
        memo.outputs = written

    def _write_traced(self, memo: warm.Memo, request) -> tuple[str, dict, int, list]:
        """Render and write one page, noting what it read."""
        local = _local_context(request)
        given = _arguments(request)
        for name, value in local.items():  # as they are before rendering (see `_write_warm`)
            if name in memo.names or name not in (given.get("context") or {}):
                memo.value_digest(value)
        with warm.tracing() as trace:
            _, pid, messages = warnings_of(self._write_one, request)
        # the names the page looked up in its own context (a value made within the templates
        # counts by what it was made from, which is traced where it is read)
        trace.names = {
            name: local[name]
            for name, values in trace.names.items()
            if name in local and any(value is local[name] for value in values)
        }
        return _name(request), memo.trace_digests(trace), pid, messages

    @contextlib.contextmanager
    def _open_w(self, filename, encoding, override=False):
        if warm.memo(self.settings) is None:
            with super()._open_w(filename, encoding, override) as file:
                yield file
            return
        text = io.StringIO()  # a warm run writes a page only if it changed, and in one step
        yield text
        write_bytes(filename, text.getvalue().encode(encoding))

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


def defer(settings: dict, job: Callable[[], None]) -> None:
    """job() now, or in a warm run of the preview after the open pages are written."""
    if warm.memo(settings) is not None:
        settings.setdefault(LATER, []).append(job)
    else:
        job()


def _name(request: tuple[tuple, dict]) -> str | None:
    args, kwargs = request
    return args[0] if args else kwargs.get("name")


_WRITE_FILE_PARAMETERS = (
    "name",
    "template",
    "context",
    "relative_urls",
    "paginated",
    "template_name",
    "override_output",
    "url",
)


def _arguments(request: tuple[tuple, dict]) -> dict:
    args, kwargs = request
    return {**dict(zip(_WRITE_FILE_PARAMETERS, args, strict=False)), **kwargs}


def _fixed(request: tuple[tuple, dict]) -> bytes:
    """What identifies a request beyond what its template reads: the file, the template, the
    way its addresses are written."""
    given = _arguments(request)
    template = given.get("template")
    fixed = {
        key: value
        for key, value in given.items()
        if key in ("name", "relative_urls", "template_name", "override_output", "url")
    }
    fixed["template"] = getattr(template, "name", None) or getattr(template, "_name", None)
    fixed["paginated"] = given.get("paginated") is not None or any(
        key in given for key in ("articles", "dates")
    )
    return warm.digest(fixed)


def _local_context(request: tuple[tuple, dict]) -> dict:
    """The context Pelican's writer renders the request with (`Writer.write_file`)."""
    given = _arguments(request)
    name = given.get("name")
    local = dict(given.get("context") or {})
    local["localsiteurl"] = local.get("localsiteurl")
    if given.get("relative_urls"):
        from pelican.utils import get_relative_path, path_to_url

        local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(name))
    local["output_file"] = name
    local.update({key: value for key, value in given.items() if key not in _WRITE_FILE_PARAMETERS})
    return local


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
