"""The preview server behind `make serve`: files, the state of the last build, and reloads.

Three parts in one process, on one event loop (tornado):

* the **watcher** (watchfiles, the kernel's file events) notes every save under the watched
  folders and, a few milliseconds later, asks the builder for a new run; saves that come while
  a run is under way are taken together in the next one;
* the **builder** (builder.py), a process of its own that stays warm: it writes the pages
  open in a browser first and says so (`shown`), then the rest (`done`). A change to the
  theme, the plugins or the settings starts a new builder;
* the **pages** get the preview's script (`/__vorschau/overlay.js`), which listens for the
  builder's news on `/__vorschau/ereignisse` (server-sent events): `shown` reloads the page,
  `done` shows the run's problems over the page, or takes them away.

Each open page tells the server its address when it starts to listen, so the builder knows
which pages to write first. The requests are checked as the files' are (`preview_files`):
only the preview's own host, never another.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tornado import web
from tornado.ioloop import IOLoop
from tornado.iostream import StreamClosedError
from tornado.process import Subprocess

from . import LOCAL_NAMES, Status, preview_files, shown

RESTART = ("theme", "plugins", "pelicanconf.py", "publishconf.py")  # a new builder for these


def open_file(address: str) -> str | None:
    """The file below the output folder that a page address is served from."""
    path = unquote(urlsplit(address).path or "/").lstrip("/")
    if path == "" or path.endswith("/"):
        return f"{path}index.html"
    return path if path.endswith(".html") else None


class Preview:
    """The state of the preview: its builder, the listening pages, the last build."""

    def __init__(
        self,
        root: Path,
        settings_file: Path,
        output: Path,
        overrides: dict,
        status: Status,
        say: Callable[[dict], None],
    ) -> None:
        self.root = root
        self.settings_file = settings_file
        self.output = output
        self.overrides = overrides
        self.status = status
        self.say = say  # the terminal's line for each finished run
        self.listeners: dict[object, str | None] = {}  # page → the file it shows
        self.builder: Subprocess | None = None
        self.busy = False
        self.waiting = False  # saves came in while a run was under way
        self.first_done = asyncio.Event()

    # -- the builder --

    def start_builder(self) -> None:
        if self.builder is not None:
            self.builder.proc.kill()
        command = [sys.executable, "-m", "plugins.core.preview.builder"]
        command += [str(self.settings_file), str(self.output), json.dumps(self.overrides)]
        self.builder = Subprocess(
            command,
            stdin=Subprocess.STREAM,
            stdout=Subprocess.STREAM,
            cwd=str(self.root),
            env={**os.environ, "PYTHONPATH": _python_path(self.root)},
        )
        self.busy = False
        IOLoop.current().spawn_callback(self._read, self.builder)
        self.run()

    def run(self) -> None:
        """Ask for a run now, or after the one under way."""
        if self.busy:
            if not self.waiting and self.builder is not None:
                self.builder.proc.send_signal(signal.SIGUSR1)  # stop writing the rest: it changed
            self.waiting = True
            return
        self.busy, self.waiting = True, False
        self.status.running = True
        files = sorted({file for file in self.listeners.values() if file})
        line = json.dumps({"open": files}) + "\n"
        IOLoop.current().spawn_callback(self._send, self.builder, line.encode())

    async def _send(self, builder: Subprocess, line: bytes) -> None:
        with contextlib.suppress(StreamClosedError):
            await builder.stdin.write(line)

    async def _read(self, builder: Subprocess) -> None:
        while True:
            try:
                line = await builder.stdout.read_until(b"\n")
            except StreamClosedError:
                if builder is self.builder:  # not replaced: it ended by itself
                    self.say({"event": "ended"})
                return
            if builder is self.builder:
                self._heard(json.loads(line))

    def _heard(self, news: dict) -> None:
        if news["event"] == "shown":  # the open pages are written: a good run so far
            self.status.record([])
            self.tell({"reload": self.status.build})
            return
        if news["event"] == "superseded":  # stopped for a newer save, which comes next
            self.busy = self.status.running = False
            self.run()
            return
        problems = shown(news["problems"], self.root)
        self.status.record(problems)
        self.status.language = news.get("language", self.status.language)
        reload = news["ok"] and not news["shown"]
        self.tell({"reload": self.status.build} if reload else {"status": self.status.data()})
        self.say(news)
        self.first_done.set()
        self.busy = self.status.running = False
        if self.waiting:
            self.run()

    # -- the pages --

    def tell(self, message: dict) -> None:
        for listener in list(self.listeners):
            listener.send(message)

    # -- the watcher --

    async def watch(self) -> None:
        from watchfiles import awatch

        folders = [self.root / name for name in ("content", "data", "theme", "plugins")]
        files = [self.root / name for name in ("pelicanconf.py", "publishconf.py")]
        watched = [str(path) for path in (*folders, *files) if path.exists()]
        async for changes in awatch(*watched, debounce=400, step=20, watch_filter=_relevant):
            paths = [Path(path) for _, path in changes]
            if any(_needs_new_builder(path, self.root) for path in paths):
                self.start_builder()
            else:
                self.run()


def _python_path(root: Path) -> str:
    project = str(Path(__file__).resolve().parents[3])
    return os.pathsep.join(dict.fromkeys([str(root), project, os.environ.get("PYTHONPATH", "")]))


def _relevant(change, path: str) -> bool:
    """Saves of files, not an editor's scratch and backup files or Python's caches."""
    name = os.path.basename(path)
    scratch = name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp"))
    return not scratch and name != "4913" and "__pycache__" not in path


def _needs_new_builder(path: Path, root: Path) -> bool:
    try:
        first = path.relative_to(root).parts[0]
    except (ValueError, IndexError):
        return False
    return first in RESTART


class Events(web.RequestHandler):
    """`/__vorschau/ereignisse?seite=/address/`: the builder's news, as server-sent events."""

    def initialize(self, preview: Preview, host: str) -> None:
        self.preview = preview
        self.allowed = LOCAL_NAMES | {host}
        self.queue: asyncio.Queue = asyncio.Queue()

    def prepare(self) -> None:
        name = self.request.host_name
        if name not in self.allowed and f"[{name}]" not in self.allowed:
            raise web.HTTPError(403)

    async def get(self) -> None:
        self.set_header("Content-Type", "text/event-stream; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        page = self.get_query_argument("seite", "/")
        self.preview.listeners[self] = open_file(page)
        try:
            self.write("retry: 500\n\n")
            await self.flush()
            while True:
                message = await self.queue.get()
                if message is None:
                    break
                self.write(f"data: {json.dumps(message, ensure_ascii=False)}\n\n")
                await self.flush()
        except StreamClosedError:
            pass
        finally:
            self.preview.listeners.pop(self, None)

    def send(self, message: dict) -> None:
        self.queue.put_nowait(message)

    def on_connection_close(self) -> None:
        self.preview.listeners.pop(self, None)
        self.queue.put_nowait(None)


def application(preview: Preview, host: str) -> web.Application:
    files = preview_files(host, preview.status)
    return web.Application(
        [
            (r"/__vorschau/ereignisse", Events, {"preview": preview, "host": host}),
            (r"/(.*)", files, {"path": str(preview.output), "default_filename": "index.html"}),
        ]
    )
