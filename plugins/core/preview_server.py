"""What the preview server answers beyond the files of the site (`invoke serve`).

* An address that does not exist gets the site's own `404.html`, with status 404, as the
  deployed site answers it (docs/deployment.md), instead of the server's bare "404: Not Found".
* Only requests addressed to the preview's own host are answered: the preview shows drafts,
  and a page elsewhere on the web could otherwise reach it through a name that resolves to
  this computer (DNS rebinding). Any other `Host` gets 403.
"""

from __future__ import annotations

from pathlib import Path

from livereload.handlers import StaticFileHandler
from tornado import web

LOCAL_NAMES = {"127.0.0.1", "localhost", "[::1]"}


def preview_files(host: str) -> type[StaticFileHandler]:
    """The static file handler of a preview served on `host`."""
    allowed = LOCAL_NAMES | {host}

    class PreviewFiles(StaticFileHandler):
        def prepare(self) -> None:
            name = self.request.host_name
            if name not in allowed and f"[{name}]" not in allowed:
                raise web.HTTPError(403)

        def write_error(self, status_code: int, **kwargs) -> None:
            page = Path(self.root) / "404.html"
            if status_code == 404 and page.is_file():
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(page.read_bytes())
            else:
                super().write_error(status_code, **kwargs)

    return PreviewFiles
