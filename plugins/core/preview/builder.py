"""The preview's builder: one process that stays warm from save to save.

The preview server (server.py) starts it as `python -m plugins.core.preview.builder` and
talks to it in lines of JSON: the server sends a line for each round of saves, with the pages
open in a browser (`{"open": ["stuttgart/index.html"]}`); the builder answers with `shown`
once those pages are written, and `done` with the outcome of the run. Every run is a build
with a warm memo (plugins/core/warm.py): only what changed is read, drawn and rendered again,
the open pages first, and only changed files are written. The first run builds into a staging
folder and replaces the preview folder in one step, as a build does; the later runs write into
it. The search index follows each good run in a process of its own, stopped when the next
round of saves comes in (the search page is the only one that needs it).

Changes to the theme, the plugins or the settings need a new builder: the server starts one.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import select
import signal
import sys
from pathlib import Path

from plugins.core import warm
from plugins.core.build import BuildResult, build, load_settings
from plugins.core.render import OPEN, SHOWN


class Builder:
    """Warm builds of one preview folder."""

    def __init__(self, settings_file: str | Path, output: str | Path, overrides: dict) -> None:
        warm.install()
        self.memo = warm.Memo()
        self.settings_file = Path(settings_file)
        self.output = Path(output)
        jinja = dict(load_settings(self.settings_file).get("JINJA_ENVIRONMENT", {}))
        jinja["bytecode_cache"] = self.memo.templates
        self.overrides = {**overrides, warm.MEMO: self.memo, "JINJA_ENVIRONMENT": jinja}
        self.complete = False  # has a run of this builder made the whole folder?

    def build(self, open_files=(), shown=None) -> BuildResult | None:
        """One run; None if a newer save stopped it (`warm.supersede`)."""
        overrides = {**self.overrides, OPEN: frozenset(open_files)}
        if self.complete:
            if shown is not None:
                overrides[SHOWN] = shown
            # the theme's files are in place (a change to the theme starts a new builder);
            # content files are copied again only if they changed
            overrides["THEME_STATIC_PATHS"] = []
            overrides["STATIC_CHECK_IF_MODIFIED"] = True
        try:
            result = build(
                self.settings_file, self.output, overrides=overrides, fresh=True, live=self.complete
            )
        except warm.Superseded:  # a newer save: the next run goes on from here
            return None
        self.complete = self.complete or result.written
        if result.ok:
            self.memo.let_go()
        return result


class Indexer:
    """The search index of the preview, made in a process of its own after a good run."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.pid: int | None = None

    def start(self) -> None:
        self.stop()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                from plugins.search.index import index_site

                index_site(self.output)
                code = 0
            except BaseException:  # a failed index leaves the search page without results
                pass
            finally:
                os._exit(code)
        self.pid = pid

    def stop(self) -> None:
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self.pid = None


def _jobs(stream: int):
    """Each round of saves the server announces, with the files open in its browsers; rounds
    that arrive while a run is under way are taken together."""
    pending = b""
    while True:
        chunk = os.read(stream, 65536)
        if not chunk:
            return
        pending += chunk
        while select.select([stream], [], [], 0)[0]:
            more = os.read(stream, 65536)
            if not more:
                break
            pending += more
        *lines, pending = pending.split(b"\n")
        jobs = [json.loads(line) for line in lines if line.strip()]
        if jobs:
            yield jobs[-1]


def _settle_memory() -> None:
    """Between runs: collect what the last run left in cycles, then put every object that is
    left out of the collector's sight (gc.freeze). The warm memo holds a whole site's objects;
    without this, the collector walks all of them now and then in the middle of a run (a page
    edit at 1,000 pages a language: 0.33–0.65 s from the start of a run to the open page
    written, 0.33–0.36 s with it). The collection itself (0.16 s there) is done while the
    editor reads."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _shown(send, sent: list, run: int) -> None:
    sent.append(run)
    send(event="shown", run=run)


def main(argv: list[str]) -> None:
    settings_file, output, overrides = argv[0], argv[1], json.loads(argv[2])
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever else is printed goes where the server's messages go
    sys.stdout = sys.stderr

    def send(**message) -> None:
        answers.write(json.dumps(message, ensure_ascii=False) + "\n")
        answers.flush()

    signal.signal(signal.SIGUSR1, warm.supersede)  # the server: a newer save came in
    builder = Builder(settings_file, output, overrides)
    indexer = Indexer(Path(output))
    runs = 0
    try:
        for job in _jobs(sys.stdin.fileno()):
            indexer.stop()
            runs += 1
            sent = []
            shown = functools.partial(_shown, send, sent, runs)
            result = builder.build(job.get("open", ()), shown)
            if result is None:
                send(event="superseded", run=runs, shown=bool(sent))
                continue
            send(
                event="done",
                run=runs,
                ok=result.ok,
                shown=bool(sent),
                seconds=round(result.seconds, 3),
                pages=result.pages,
                interrupted=result.interrupted,
                problems=[problem.as_dict(result.language) for problem in result.issues],
                language=result.language,
            )
            _settle_memory()  # first: the indexer's process then shares the frozen objects
            if result.ok and result.written:
                indexer.start()
    except KeyboardInterrupt:
        pass
    finally:
        indexer.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
