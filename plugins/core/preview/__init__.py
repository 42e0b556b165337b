"""What the preview server (`invoke serve`, server.py) adds to the files of the site.

* **Problems in the browser.** When a build fails, the preview keeps the last good site and
  every page shows the problems over it: each with file and line, the line as written with a
  marker under the place, and what to do. Each HTML page is served with one added script
  (`/__vorschau/overlay.js`, a file of the server, not of the site), which asks the server
  for the state of the last build (`/__vorschau/status.json`), shows it, and listens for the
  next (`/__vorschau/ereignisse`, server.py): a new version of the page reloads it, a failed
  run shows its problems, a good one takes them away. The built pages stay as they are, and
  the script and its stylesheet come from the preview's own address, as the preview's
  Content-Security-Policy allows.
* An address that does not exist gets the site's own `404.html`, with status 404, as the
  deployed site answers it (docs/deployment.md), instead of the server's bare "404: Not Found".
* Only requests addressed to the preview's own host are answered: the preview shows drafts,
  and a page elsewhere on the web could otherwise reach it through a name that resolves to
  this computer (DNS rebinding). Any other `Host` gets 403.
* Every file is served with `Cache-Control: no-cache`: the browser asks again on each reload
  (and gets "not modified" for what did not change).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tornado import web
from tornado.web import StaticFileHandler

LOCAL_NAMES = {"127.0.0.1", "localhost", "[::1]"}
OWN = "__vorschau/"  # the preview's own files, beside the site's
ASSETS = Path(__file__).parent
SCRIPT = f'<script src="/{OWN}overlay.js" defer></script>'.encode()
HEAD_END = b"</head>"


class Status:
    """The outcome of the preview's last build, for the pages to show."""

    def __init__(self) -> None:
        self.problems: list[dict] = []
        self.language = "de"
        self.build = 0  # counts the builds, so that a page can tell it is out of date
        self.running = False  # is a run under way?

    def record(self, problems: list[dict]) -> None:
        self.problems = problems
        self.build += 1

    def data(self) -> dict:
        return {
            "ok": not self.problems,
            "build": self.build,
            "running": self.running,
            "language": self.language,
            "problems": self.problems,
        }

    def as_json(self) -> bytes:
        return json.dumps(self.data(), ensure_ascii=False).encode("utf-8")


def preview_files(host: str, status: Status) -> type[StaticFileHandler]:
    """The static file handler of a preview served on `host`."""
    allowed = LOCAL_NAMES | {host}
    own_files = {
        f"{OWN}overlay.js": ("overlay.js", "text/javascript; charset=utf-8"),
        f"{OWN}overlay.css": ("overlay.css", "text/css; charset=utf-8"),
    }

    pages: dict[str, bytes] = {}  # a page as read for the answer being made (get_content_size)

    class PreviewFiles(StaticFileHandler):
        def prepare(self) -> None:
            name = self.request.host_name
            if name not in allowed and f"[{name}]" not in allowed:
                raise web.HTTPError(403)

        async def get(self, path: str, include_body: bool = True) -> None:
            if path == f"{OWN}status.json":
                self._answer(status.as_json(), "application/json; charset=utf-8")
            elif path in own_files:
                name, kind = own_files[path]
                self._answer((ASSETS / name).read_bytes(), kind)
            else:
                await super().get(path, include_body)

        def set_extra_headers(self, path: str) -> None:
            self.set_header("Cache-Control", "no-cache")

        def compute_etag(self) -> str | None:
            # the preview's own answers are not files and are never cached; a file's tag is
            # its size and time, as it is now (tornado keeps the first hash of each file for
            # the life of the process, which would answer "not modified" to a changed page)
            path = getattr(self, "absolute_path", None)
            if not path:
                return None
            status = os.stat(path)
            return f'"{status.st_size:x}-{status.st_mtime_ns:x}"'

        def _answer(self, body: bytes, kind: str) -> None:
            self.set_header("Content-Type", kind)
            self.set_header("Cache-Control", "no-store")
            self.finish(body)

        @classmethod
        def get_content(cls, abspath: str, start=None, end=None):
            if not abspath.endswith(".html"):
                yield from super().get_content(abspath, start, end)
                return
            page = pages.pop(abspath, None)
            yield (page if page is not None else _with_script(Path(abspath).read_bytes()))[
                start:end
            ]

        def get_content_size(self) -> int:
            """For a page: its size with the script, from one reading of the file that
            `get_content` then sends (tornado asks for both in one go; the builder may replace
            the file in between, and a size from one version with the bytes of another would
            break the answer)."""
            if self.absolute_path.endswith(".html"):
                page = pages[self.absolute_path] = _with_script(
                    Path(self.absolute_path).read_bytes()
                )
                return len(page)
            return super().get_content_size()

        def write_error(self, status_code: int, **kwargs) -> None:
            page = Path(self.root) / "404.html"
            if status_code == 404 and page.is_file():
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(_with_script(page.read_bytes()))
            else:
                super().write_error(status_code, **kwargs)

    return PreviewFiles


def shown(problems: list[dict], root: Path) -> list[dict]:
    """The problems as the panel shows them: where a problem names a line of a file of the
    repository but does not quote it, the line is quoted from the file."""
    for problem in problems:
        if problem["excerpt"] or not problem["path"] or not problem["line"]:
            continue
        path = (root / problem["path"]).resolve()
        if not path.is_relative_to(root.resolve()) or not path.is_file():
            continue  # nothing from outside the repository
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        if 0 < problem["line"] <= len(lines):
            problem["excerpt"] = lines[problem["line"] - 1]
    return problems


def _with_script(page: bytes) -> bytes:
    return page.replace(HEAD_END, SCRIPT + HEAD_END, 1)
