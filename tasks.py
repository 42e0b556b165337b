"""The commands people type: `invoke --list` shows them; `make <name>` runs them in .venv.

Editors use `serve` (preview that reloads the browser) and `check` (find every mistake, write
nothing). CI uses `test` and `publish`.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).parent
OUTPUT = ROOT / "output"
PREVIEW = ROOT / ".preview"  # the preview never touches output/, which stays production-like
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
HOST, PORT = "127.0.0.1", 8000
WATCHED = ["content/**/*", "data/**/*", "theme/**/*", "plugins/**/*.py", "pelicanconf.py"]
# The preview server injects a small inline script that reloads the page;
# only the preview allows it.
PREVIEW_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self' ws: ; object-src 'none'; base-uri 'self'"
)


def _report(result, action: str) -> None:
    """Print the outcome of a build run; exit 1 (no traceback) if it found problems, 130 if
    it was interrupted."""
    if result.interrupted:
        print(f"{action}: {result.problems[-1]}", file=sys.stderr)
        sys.exit(130)
    if result.ok and result.unchanged:
        shown = os.path.relpath(result.output, Path.cwd())
        print(f"{action}: nothing changed since the last build; {shown}/ is up to date")
        return
    if result.ok:
        shown = os.path.relpath(result.output, Path.cwd())
        where = f" into {shown}/" if result.written else ""
        print(f"{action}: no problems; built{where} in {result.seconds:.1f} s")
        return
    count = len(result.problems)
    print(
        f"{action}: {count} problem{'s' if count != 1 else ''} found; "
        f"{'nothing was written, ' if action != 'check' else ''}the last good site is unchanged:",
        file=sys.stderr,
    )
    for problem in result.problems:
        print(f"  {problem}", file=sys.stderr)
    sys.exit(1)


@task
def build(c, output=str(OUTPUT)):
    """Build the site into output/ (production-like settings, local addresses)."""
    from plugins.core.build import build as run_build

    _report(
        run_build(PUBLISH_SETTINGS, output, overrides={"SITEURL": os.environ.get("SITEURL", "")}),
        "build",
    )


@task(
    help={
        "release": "also list every detail still to be supplied (placeholder), with who "
        "supplies it; fails while a page the law requires has one"
    }
)
def check(c, release=False):
    """Check all content, data and templates; writes nothing, changes nothing."""
    from plugins.core.build import build as run_build

    result = run_build(SETTINGS, OUTPUT, write=False)
    if result.ok and release:
        _list_placeholders(result.placeholders)
    _report(result, "check")
    if release and any(placeholder.required for placeholder in result.placeholders):
        sys.exit(1)


def _list_placeholders(placeholders) -> None:
    """Every placeholder by who supplies it; those on pages the law requires marked."""
    required = [p for p in placeholders if p.required]
    print(
        f"release check: {len(placeholders)} detail{'s' if len(placeholders) != 1 else ''} "
        f"still to be supplied, {len(required)} of them on pages the law requires "
        f"({'a production release is blocked' if required else 'a production release may go'})"
    )
    for who in sorted({placeholder.who for placeholder in placeholders}):
        print(f"\n{who}:")
        for placeholder in placeholders:
            if placeholder.who == who:
                mark = "required" if placeholder.required else "        "
                where = f"{placeholder.path}:{placeholder.line}"
                print(f"  {mark}  {where}: {placeholder.what}")
    print()


@task(
    help={
        "target": "also upload it atomically with rsync to user@host:/path or a folder",
        "stage": "production (default: refused while a page the law requires has a "
        "placeholder) or staging (a preview: every page says so and is not indexed)",
    }
)
def publish(c, target=None, stage="production"):
    """Production build; with --target=user@host:/srv/site also upload it atomically (rsync).

    The upload goes into a new release folder next to the live one; only when it is complete
    does a symlink switch make it live (see docs/deployment.md).
    """
    from plugins.core.build import build as run_build

    _report(run_build(PUBLISH_SETTINGS, OUTPUT, overrides={"SITE_STAGE": stage}), "publish")
    if target:
        c.run(
            f"{shlex.quote(sys.executable)} {ROOT / 'scripts' / 'deploy_rsync.py'} "
            f"{shlex.quote(str(OUTPUT))} {shlex.quote(target)}",
            pty=False,
        )


@task
def serve(c, host=HOST, port=PORT):
    """Preview at http://127.0.0.1:8000 that rebuilds on save and reloads the browser."""
    import mimetypes

    from livereload import Server

    mimetypes.add_type("text/calendar", ".ics")  # calendar apps refuse feeds served otherwise

    from plugins.core.build import build as run_build

    def rebuild() -> None:
        result = run_build(SETTINGS, PREVIEW, overrides={"CONTENT_SECURITY_POLICY": PREVIEW_CSP})
        if result.ok:
            print(f"rebuilt in {result.seconds:.1f} s", flush=True)
        else:
            print("not rebuilt; the preview shows the last good version:", file=sys.stderr)
            for problem in result.problems:
                print(f"  {problem}", file=sys.stderr)

    rebuild()
    server = Server()
    for pattern in WATCHED:
        server.watch(str(ROOT / pattern), rebuild)
    print(f"Preview: http://{host}:{port}/  (Ctrl+C stops it)", flush=True)
    server.serve(host=host, port=int(port), root=str(PREVIEW), open_url_delay=None)


@task(
    help={
        "kind": "what to create: page or event",
        "path": "page: German URL path, e.g. stuttgart/neue-seite; event: its address, e.g. "
        "besuch-aus-bruenn",
        "english_path": "English path or address (default: the German one)",
        "key": "page: translation key (default: from the path)",
        "title": "title",
        "start": "event: 2027-05-09 (all day) or 2027-05-09 18:00",
        "office": "event: office id(s), e.g. stuttgart or stuttgart, dortmund",
    }
)
def new(c, kind, path, english_path=None, key=None, title=None, start=None, office=None):
    """Scaffold in both languages: new page stuttgart/neu, new event besuch --start=2027-05-09
    --office=stuttgart."""
    if kind == "page":
        from plugins.bilingual_pages.scaffold import scaffold_page

        created = scaffold_page(
            ROOT / "content",
            path,
            key=key,
            title=title or "Neue Seite",
            english_path=english_path,
        )
    elif kind == "event":
        from plugins.events.scaffold import scaffold_event

        if not start or not office:
            sys.exit("new event: give --start (2027-05-09 or 2027-05-09 18:00) and --office")
        created = scaffold_event(
            ROOT / "content",
            path,
            start=start,
            office=office,
            english_slug=english_path,
            title=title or "Neuer Termin",
        )
    else:
        sys.exit(f"new: unknown kind '{kind}'; available: page, event")
    for path_created in created:
        print(f"created {path_created.relative_to(ROOT)}")


@task
def clean(c):
    """Remove the built site and caches."""
    for path in [
        OUTPUT,
        PREVIEW,
        ROOT / "cache",
        *ROOT.glob(".output-*"),
        *ROOT.glob(".preview-*"),
    ]:
        shutil.rmtree(path, ignore_errors=True)
    print("removed output/, .preview/ and caches")


@task
def translations(c):
    """Update the theme's UI catalogue after template changes (then fill in new msgstr)."""
    pot = ROOT / "theme" / "translations" / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    c.run(f"{pybabel} extract -F babel.cfg --omit-header --no-location -o {pot} .")
    c.run(f"{pybabel} update -i {pot} -d theme/translations -l en --no-fuzzy-matching")
    pot.unlink()
    from plugins.theme_l10n.catalogue import tidy

    for po in sorted((ROOT / "theme" / "translations").glob("*/LC_MESSAGES/messages.po")):
        for missing in tidy(po):
            print(f"{po.relative_to(ROOT)}: still to translate: {missing}")


@task
def screenshots(c):
    """Build, then photograph the main kinds of page on a phone and a desktop, in both
    languages, into docs/screenshots/ (commit them with any change of the look)."""
    build(c)
    from scripts.screenshots import take

    for path in take(OUTPUT):
        print(path.relative_to(ROOT))


@task
def test(c, args=""):
    """Run the whole test suite (needs `make test`'s installs: chromium, Java, npm packages)."""
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", *shlex.split(args)], cwd=ROOT))
