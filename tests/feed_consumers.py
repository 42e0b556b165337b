"""Run the calendar consumers of tests/consumers/ on feeds and collect what each understood.

Every reader prints the same JSON (tests/consumers/README.md); vdirsyncer and Radicale are
whole programs, driven here: vdirsyncer subscribes to feeds served over HTTP and writes one
file per item, Radicale stores a feed PUT to it and expands its repetitions in a REPORT.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.etree import ElementTree

from icalendar import Calendar

ROOT = Path(__file__).resolve().parents[1]
READERS = Path(__file__).with_name("consumers")
# repetitions are compared in the next years and in one far window (an open end must hold)
WINDOWS = (("2022-01-01", "2033-01-01"), ("2060-01-01", "2062-01-01"))


def reader_command(consumer: str, build: Path) -> list[str]:
    """The command line of a reader, before its arguments; `build` holds compiled readers."""
    commands = {
        "icalendar": [sys.executable, str(READERS / "icalendar_read.py")],
        "ical.js": ["node", str(READERS / "icaljs_read.mjs")],
        "libical": [str(build / "libical_read")],
        "vobject": [sys.executable, str(READERS / "vobject_read.py")],
        "ruby icalendar, strict": ["ruby", str(READERS / "ruby_read.rb"), "strict"],
        "ruby icalendar, lenient": ["ruby", str(READERS / "ruby_read.rb"), "lenient"],
        "node-ical": ["node", str(READERS / "node_ical_read.mjs")],
    }
    return commands[consumer]


CONSUMERS = (
    "icalendar",
    "ical.js",
    "libical",
    "vobject",
    "ruby icalendar, strict",
    "ruby icalendar, lenient",
    "node-ical",
)


def compile_libical_reader(build: Path) -> None:
    """Compile libical_read.c against Debian's libical-dev, as an application would (and
    check that the other readers' interpreters are there)."""
    for tool in ("gcc", "pkg-config", "ruby", "node"):
        assert shutil.which(tool), f"{tool} is missing: `make test` installs it (Debian packages)"
    flags = subprocess.run(
        ["pkg-config", "--cflags", "--libs", "libical"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert flags.returncode == 0, f"libical-dev is missing: `make test` installs it\n{flags.stderr}"
    compiled = subprocess.run(
        [
            *("gcc", "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-Wall", "-Wextra", "-Werror"),
            *("-O1", "-o", str(build / "libical_read"), str(READERS / "libical_read.c")),
            *flags.stdout.split(),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert compiled.returncode == 0, compiled.stderr


def start_reader(consumer: str, build: Path, files: list[Path]) -> subprocess.Popen:
    """Start one reader on all `files` (one process); `finish` collects what it printed."""
    arguments = [day for window in WINDOWS for day in window] + ["--", *map(str, files)]
    return subprocess.Popen(
        reader_command(consumer, build) + arguments,
        cwd=ROOT,
        env={**os.environ, "TZ": "Europe/Berlin"},  # node-ical shows all-day dates locally
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> list[dict]:
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, f"{process.args[:2]} stopped:\n{stderr}"
    return json.loads(stdout)


# --- programs: a web server for vdirsyncer, a CalDAV server ------------------------------------


class _CalendarFiles(SimpleHTTPRequestHandler):
    """Serves .ics files as text/calendar, as docs/deployment.md asks of a web server."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar"}  # noqa: RUF012

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on 127.0.0.1 at a free port; yields the base address."""
    handler = functools.partial(_CalendarFiles, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def vdirsyncer_items(base: str, paths: list[str], work: Path) -> dict[str, list[list[dict]]]:
    """Subscribe vdirsyncer to every feed (an `http` storage paired with a `filesystem` one)
    and sync once; per feed the items it wrote, each as its VEVENTs' properties."""
    config = ['[general]\nstatus_path = "{}"\n'.format(work / "status")]
    for number, path in enumerate(paths):
        local = work / "calendars" / str(number)
        local.mkdir(parents=True)
        config.append(
            f'[pair feed{number}]\na = "feed{number}_web"\nb = "feed{number}_local"\n'
            f"collections = null\n\n"
            f'[storage feed{number}_web]\ntype = "http"\nurl = "{base}/{path}"\n\n'
            f'[storage feed{number}_local]\ntype = "filesystem"\npath = "{local}"\n'
            f'fileext = ".ics"\n'
        )
    (work / "config").write_text("\n".join(config), encoding="utf-8")
    command = [str(Path(sys.executable).with_name("vdirsyncer")), "-c", str(work / "config")]
    for step in ("discover", "sync"):
        run = subprocess.run(
            [*command, step], capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
        )
        assert run.returncode == 0, f"vdirsyncer {step}:\n{run.stdout}\n{run.stderr}"
    return {
        path: [
            [
                {name: str(value) for name, value in event.items()}
                for event in Calendar.from_ical(item.read_bytes()).walk("VEVENT")
            ]
            for item in sorted((work / "calendars" / str(number)).glob("*.ics"))
        ]
        for number, path in enumerate(paths)
    }


class Radicale:
    """A Radicale server on 127.0.0.1 with a calendar store in `folder` (any user may log in)."""

    USER = "tester"

    def __init__(self, folder: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "radicale", "--config", ""),
                *("--server-hosts", f"127.0.0.1:{self.port}", "--auth-type", "none"),
                *("--storage-filesystem-folder", str(folder), "--logging-level", "error"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(200):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), 0.1).close()
                return
            time.sleep(0.05)
        self.process.terminate()
        _, errors = self.process.communicate(timeout=30)
        raise AssertionError(f"Radicale did not start:\n{errors}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.communicate(timeout=30)

    def request(self, method: str, path: str, body: bytes, **headers) -> tuple[int, bytes]:
        login = base64.b64encode(f"{self.USER}:-".encode()).decode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/{self.USER}/{path}",
            data=body,
            method=method,
            headers={"Authorization": f"Basic {login}", **headers},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def upload(self, name: str, feed: bytes) -> int:
        """PUT a whole feed as the calendar `name`; the HTTP status."""
        status, _ = self.request("PUT", f"{name}/", feed, **{"Content-Type": "text/calendar"})
        return status

    def report(self, name: str, window: tuple[str, str] | None) -> list[Calendar]:
        """A calendar-query REPORT (RFC 4791 §7.8): every item, or with `window` only those in
        it, their repetitions expanded by the server (§9.6.5)."""
        if window is None:
            data, query = "<C:calendar-data/>", ""
        else:
            first, last = (day.replace("-", "") + "T000000Z" for day in window)
            data = f'<C:calendar-data><C:expand start="{first}" end="{last}"/></C:calendar-data>'
            query = f'<C:time-range start="{first}" end="{last}"/>'
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            f"<D:prop>{data}</D:prop>"
            '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">'
            f"{query}</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>"
        ).encode()
        status, answer = self.request(
            "REPORT", f"{name}/", body, **{"Content-Type": "application/xml", "Depth": "1"}
        )
        assert status == 207, answer.decode()
        found = ElementTree.fromstring(answer).iter("{urn:ietf:params:xml:ns:caldav}calendar-data")
        return [Calendar.from_ical(element.text) for element in found]


def utc_text(value) -> str:
    """A value read back from a server in the readers' form (UTC instant or date)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()
