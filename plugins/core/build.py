"""The build runner behind `invoke build`, `check`, `serve` and `publish`.

Two promises to editors and CI:

* **Strict.** Any warning logged during a run (by Pelican, Markdown or our plugins) fails it,
  and every problem of the run is reported together, in plain words, without a traceback.
* **Atomic.** Pelican writes into a fresh staging folder next to the output folder. Only a run
  without any problem replaces the output, in one step (swap.py); a failed, interrupted or
  killed run leaves the last good site exactly as it was.

Pelican runs in a forked process of its own where it can (`_run`): all that a run holds in
memory is given back when that process ends, before the search index is made (Pagefind needs
memory in proportion to the pages, as the build does: one after the other, never both at
once). Where forking is unsafe (other threads running) or unwanted (`BUILD_WORKERS=1`, for a
profiler), the run stays in this process; the result is the same.
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from pelican import Pelican, signals
from pelican.log import console
from pelican.settings import read_settings

from . import bodies, drafts, enabled, fingerprint, render, warm
from .checking import CHECK_ONLY, PLAN
from .errors import SINK, ContentErrors, Problem, raise_reported
from .messages import Msg, language
from .placeholders import recorded
from .swap import OutputError, OutputFolder

SEARCH = "plugins.search"
SEARCH_LATER = "SEARCH_INDEX_BY_RUNNER"  # settings key: the search plugin leaves the index to us

# Pelican's own warnings that our checks report better (with line and what to do); they are
# left out only when a problem of ours is there, so a run can never pass because of this.
SUPERSEDED = (
    "Empty alt attribute for image",
    "skipping url replacement",
    "used for linking to static content",
)


@dataclass
class BuildResult:
    """What a run found and did.

    `issues` holds every problem of the run as a `Problem` (`as_dict()` for JSON);
    `problems` the same as lines of text in the run's language of messages.
    """

    output: Path
    issues: list[Problem] = field(default_factory=list)
    language: str = "de"  # of messages: MELDUNGEN, else MESSAGES_LANGUAGE (messages.py)
    written: bool = False
    interrupted: bool = False  # Ctrl-C
    unchanged: bool = False  # nothing to do: the inputs are those of the last build
    placeholders: list = field(default_factory=list)  # details still to be supplied
    drafts: list = field(default_factory=list)  # files marked `Status: draft`
    seconds: float = 0.0
    pages: int = 0  # HTML pages the run made (written, or checked and thrown away)

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def problems(self) -> list[str]:
        return [problem.text(self.language) for problem in self.issues]


class _Collector(logging.Handler):
    """Keeps every WARNING and above that is logged during a run."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if record.exc_info and record.exc_info[1] is not None:
            reason = str(record.exc_info[1]).strip()
            if reason and reason not in message:
                message = f"{message}: {reason}"
        self.messages.append(message)

    def unexplained(self, have_problems: bool) -> list[Problem]:
        messages = self.messages
        if have_problems:
            messages = [m for m in messages if not any(text in m for text in SUPERSEDED)]
        return [
            Problem(
                "",
                None,
                Msg("Warnung beim Bauen: {text}", text=message),
                hint=Msg("dem Technik-Team melden, wenn die Ursache nicht klar ist"),
            )
            for message in messages
        ]


def _stop_before_writing(generators) -> None:
    """Once every generator has read and checked its input, stop if anything was reported:
    nothing is rendered for a run that cannot succeed."""
    if generators:
        raise_reported(generators[0].settings)
        memo = warm.memo(generators[0].settings)
        if memo is not None:  # what the pages' links resolve against, in this run
            memo.remember_addresses(memo.pages.values())


def load_settings(settings_file: str | Path, overrides: dict | None = None) -> dict:
    """Read a Pelican settings file, with `overrides` applied on top.

    Pelican imports a settings file as a module named after it (`pelicanconf`) and leaves it
    in `sys.modules`, so publishconf.py's `from pelicanconf import *` would take the settings
    of whichever project was read first in this process. Modules named like the file's
    neighbours but loaded from elsewhere are forgotten first.
    """
    folder = Path(settings_file).resolve().parent
    for neighbour in folder.glob("*.py"):
        module = sys.modules.get(neighbour.stem)
        origin = getattr(module, "__file__", None)
        if origin and Path(origin).resolve() != neighbour.resolve():
            del sys.modules[neighbour.stem]
    return read_settings(str(settings_file), override=overrides or {})


def build(
    settings_file: str | Path,
    output: str | Path | None = None,
    *,
    write: bool = True,
    overrides: dict | None = None,
    fresh: bool = False,
    live: bool = False,
) -> BuildResult:
    """Run Pelican once; replace `output` only if the run had no problem at all.

    With `write=False` the run is a check (checking.py): every input is read and checked as
    in a build, into a scratch folder that is thrown away, but no page is rendered; the output
    stays untouched. Ctrl-C ends the run with
    `interrupted` set and the output as it was. A build whose inputs are those of the last
    build of `output`, whose files are untouched, returns at once (`unchanged`; fingerprint.py)
    unless `fresh`.

    `live` is for the preview's warm runs (warm.py, with a memo in `overrides`): the run
    writes into `output` itself, each changed file in one step; a problem found before
    writing leaves it as it was, one found after (a broken link) is reported with the new
    pages in place. The search index is left to the caller.
    """
    started = time.perf_counter()
    settings = load_settings(settings_file, overrides)
    settings[CHECK_ONLY] = not write
    final = Path(output or settings["OUTPUT_PATH"]).resolve()
    result = BuildResult(output=final, language=language(settings))
    folder = OutputFolder(final, shown_as=_shown(final))
    staging = None
    try:
        folder.open()
        if live:
            fingerprint.forget(final)
            result.issues, result.placeholders, result.drafts, _ = _run(settings, final)
            result.written = not result.issues
            result.pages = len(warm.memo(settings).outputs)
            result.seconds = time.perf_counter() - started
            return result
        digest = fingerprint.inputs(settings, Path(settings_file)) if write else None
        if digest and not fresh and fingerprint.unchanged(final, digest):
            result.unchanged = True  # the last build had these inputs: its output stands
            return result
        staging = folder.staging()
        result.issues, result.placeholders, result.drafts, planned = _run(settings, staging)
        if not result.issues:
            result.pages = planned if not write else sum(1 for _ in staging.rglob("*.html"))
        if write and not result.issues and warm.memo(settings) is None:
            result.issues = _index(settings, staging)
        if result.issues or not write:
            folder.discard(staging)
        else:
            fingerprint.forget(final)
            folder.publish(staging)
            result.written = True
            fingerprint.remember(final, digest)
    except OutputError as error:
        result.issues.append(Problem("", None, error.message, hint=error.hint))
    except KeyboardInterrupt:
        result.interrupted = True
        result.issues.append(
            Problem(
                "",
                None,
                Msg("abgebrochen: die neue Website ist an ihrem Platz")
                if result.written
                else Msg("abgebrochen: nichts wurde geändert"),
            )
        )
    finally:
        if staging is not None and not result.written:
            folder.discard(staging)
        folder.close()
    result.seconds = time.perf_counter() - started
    return result


def _shown(path: Path) -> str:
    """A folder as the person at the terminal knows it: relative to where they are."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _run(settings: dict, staging: Path) -> tuple[list[Problem], list, list, int]:
    """Run Pelican into `staging`, in a process of its own where that is safe; every problem
    of the run, its placeholders, its drafts and (in a check) the pages it would write."""
    settings[SEARCH_LATER] = True
    in_process = os.environ.get("BUILD_WORKERS") == "1" or os.environ.get("BUILD_DEBUG")
    if in_process or warm.memo(settings) is not None or threading.active_count() > 1:
        found = _run_here(settings, staging)
        return found, recorded(settings), drafts.recorded(settings), _planned_pages(settings)
    read_end, write_end = os.pipe()
    # Ctrl-C during the fork itself would be lost in its handlers; it waits until the fork is done
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    pid = os.fork()
    if pid == 0:  # the run: whatever happens, this process ends here
        code = 1
        try:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
            os.close(read_end)
            try:
                found = _run_here(settings, staging)
                pages = _planned_pages(settings)
                outcome = ("done", (found, recorded(settings), drafts.recorded(settings), pages))
                code = 0
            except KeyboardInterrupt:
                outcome, code = ("interrupted", None), 130
            except BaseException as error:  # _run_here catches what it can; this is a defect
                outcome = ("failed", f"{type(error).__name__}: {error}")
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(outcome, pipe, pickle.HIGHEST_PROTOCOL)
        except BaseException:  # the parent gone, or Ctrl-C again: nothing to tell
            pass
        finally:
            os._exit(code)
    try:
        os.close(write_end)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
    except KeyboardInterrupt:  # Ctrl-C reaches the run too; wait until it has stopped
        _stop(pid)
        raise
    kind, value = pickle.loads(data) if data else ("failed", "no result")
    if kind == "interrupted":
        raise KeyboardInterrupt
    if kind == "failed":
        return [_internal_error(value)], [], [], 0
    return value


def _planned_pages(settings: dict) -> int:
    """How many HTML pages a check would have written."""
    return settings[PLAN].pages if PLAN in settings else 0


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGINT)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _index(settings: dict, staging: Path) -> list[Problem]:
    """The search index of the written site, if the search plugin is on."""
    if not enabled(settings, SEARCH):
        return []
    from plugins.search.index import index_site  # only when it is used

    try:
        index_site(staging)
    except RuntimeError as error:
        return [
            Problem(
                "",
                None,
                Msg("der Suchindex konnte nicht gebaut werden ({detail})", detail=str(error)),
                hint=Msg("dem Technik-Team melden; die bisherige Website bleibt unverändert"),
            )
        ]
    return []


def _run_here(settings: dict, staging: Path) -> list[Problem]:
    """Run Pelican into `staging` in this process; every problem of the run."""
    settings["OUTPUT_PATH"] = str(staging)
    settings["DELETE_OUTPUT_DIRECTORY"] = False
    memo = warm.memo(settings)
    store = None
    if memo is not None:  # the preview's warm run: its memo keeps the bodies it would reuse
        memo.new_run()
    else:  # the pages' bodies, beside the staging folder (and cleaned up with it after a kill)
        store = settings[bodies.STORE] = tempfile.mkdtemp(
            prefix=f"{staging.name}-bodies-", dir=staging.parent
        )
    reported = settings[SINK] = []  # every plugin reports into this list (errors.sink)
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    problems: list[Problem] = []
    # Pelican prints its own summary ("Done: Processed 0 articles, …"); the commands print ours
    quiet, console.quiet = console.quiet, True
    try:
        # before the plugins' receivers, which may ask for a template
        signals.generator_init.connect(render.on_generator_init)
        pelican = Pelican(settings)  # registers the plugins' receivers
        # after theirs, so that what they check at this signal (the release gate) counts
        signals.all_generators_finalized.connect(_stop_before_writing)
        # pages are rendered together, on every core, after the plugins' generators
        signals.get_writer.connect(render.get_writer)
        signals.get_generators.connect(render.get_generators)
        pelican.run()
        raise_reported(settings)  # what the checks of the written site found
    except ContentErrors as errors:
        problems.extend(errors.problems)
    except jinja2.TemplateError as error:
        problems.extend(_reported_first(reported) or [_describe_template_error(error)])
    except Exception as error:  # a defect, not an editor's mistake: say so, briefly
        if os.environ.get("BUILD_DEBUG"):
            raise
        problems.extend(
            _reported_first(reported) or [_internal_error(f"{type(error).__name__}: {error}")]
        )
    finally:
        console.quiet = quiet
        root.removeHandler(collector)
        if store is not None:
            shutil.rmtree(store, ignore_errors=True)
    return problems + collector.unexplained(bool(reported))


def _internal_error(detail: str) -> Problem:
    kind, _, detail = detail.partition(": ")
    return Problem(
        "",
        None,
        Msg("interner Fehler ({kind}: {detail})", kind=kind, detail=detail),
        hint=Msg(
            "ein Fehler der Software, nicht des Inhalts: mit BUILD_DEBUG=1 make "
            "build wiederholen und die Ausgabe dem Technik-Team schicken"
        ),
    )


def _reported_first(reported: list) -> list[Problem]:
    """The problems reported before a run broke down: the failure most likely follows from
    them, and they are what the editor can fix (a defect shows again once they are fixed)."""
    return ContentErrors(reported).problems if reported else []


def _describe_template_error(error: jinja2.TemplateError) -> Problem:
    where = getattr(error, "filename", None) or getattr(error, "name", None) or "theme"
    return Problem(
        _shown(Path(where)) if os.path.isabs(str(where)) else str(where),
        getattr(error, "lineno", None),
        Msg("Fehler in der Vorlage: {detail}", detail=str(error.message or error)),
        hint=Msg("eine Vorlage unter theme/ ist fehlerhaft: dem Technik-Team melden"),
    )
