"""The commands people type: `invoke --list` shows them; `make <name>` runs them in .venv.

Editors use `serve` (preview that reloads the browser) and `check` (find every mistake, write
nothing). CI uses `test` and `publish`.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import task

from plugins.core.messages import Msg
from plugins.core.messages import language as messages_language

ROOT = Path(__file__).parent
OUTPUT = ROOT / "output"
PREVIEW = ROOT / ".preview"  # the preview never touches output/, which stays production-like
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
HOST, PORT = "127.0.0.1", 8000
# The preview adds its own script to every page (plugins/core/preview), which listens to the
# preview's news (server-sent events, `connect-src 'self'`); the site itself needs neither.
PREVIEW_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'"
)


# What each command says it did, in the language of messages (plugins/core/messages.py)
ACTIONS = {"build": Msg("Bauen"), "check": Msg("Prüfen"), "publish": Msg("Veröffentlichen")}


def _say(message: Msg, lang: str, *, error: bool = False) -> None:
    print(message.render(lang), file=sys.stderr if error else sys.stdout, flush=True)


def _language() -> str:
    """The language of messages: MELDUNGEN, else MESSAGES_LANGUAGE in pelicanconf.py."""
    from plugins.core.build import load_settings

    return messages_language(load_settings(SETTINGS))


def _report(result, action: str) -> None:
    """Print the outcome of a build run in one line (and each problem below it); exit 1 (no
    traceback) if it found problems, 130 if it was interrupted."""
    lang = result.language
    shown = os.path.relpath(result.output, Path.cwd()) + "/"
    if result.interrupted:
        _say(
            Msg("{action}: {problem}", action=ACTIONS[action], problem=result.issues[-1].message),
            lang,
            error=True,
        )
        sys.exit(130)
    if result.ok and result.unchanged:
        _say(
            Msg(
                "Website unverändert: seit dem letzten Bau hat sich nichts geändert; {folder} ist "
                "aktuell",
                folder=shown,
            ),
            lang,
        )
        return
    if result.ok and result.written:
        _say(
            Msg(
                "Website gebaut: {pages} Seiten in {seconds} s → {folder}",
                pages=result.pages,
                seconds=round(result.seconds, 1),
                folder=shown,
            ),
            lang,
        )
        return
    if result.ok:
        _say(
            Msg(
                "Geprüft: keine Fehler in {pages} Seiten ({seconds} s); nichts geschrieben",
                pages=result.pages,
                seconds=round(result.seconds, 1),
            ),
            lang,
        )
        return
    count = len(result.issues)
    found = Msg("1 Fehler gefunden") if count == 1 else Msg("{count} Fehler gefunden", count=count)
    if action == "check":
        summary = Msg("{action}: {found}:", action=ACTIONS[action], found=found)
    else:
        summary = Msg(
            "{action}: {found}; nichts wurde geschrieben, die Website bleibt auf dem letzten "
            "guten Stand:",
            action=ACTIONS[action],
            found=found,
        )
    _say(summary, lang, error=True)
    for problem in result.issues:
        print(f"  {problem.text(lang)}", file=sys.stderr)
        for line in problem.marker():
            print(f"      {line}", file=sys.stderr)
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
    """Check all content, data and links as a build would, without rendering the pages; writes
    nothing, changes nothing."""
    from plugins.core.build import build as run_build

    result = run_build(SETTINGS, OUTPUT, write=False)
    if result.ok and release:
        from plugins.release_gate.gate import draft_problems

        _list_placeholders(result.placeholders, result.language)
        result.issues.extend(draft_problems(result.drafts))  # a draft is never released
    _report(result, "check")
    if release and any(placeholder.required for placeholder in result.placeholders):
        sys.exit(1)


def _list_placeholders(placeholders, lang: str) -> None:
    """Every placeholder by who supplies it; those on pages the law requires marked."""
    required = [p for p in placeholders if p.required]
    _say(
        Msg(
            "Freigabeprüfung: {count} Angaben fehlen noch, {required} davon auf Seiten, die das "
            "Gesetz verlangt ({verdict})",
            count=len(placeholders),
            required=len(required),
            verdict=Msg("eine Veröffentlichung ist gesperrt")
            if required
            else Msg("eine Veröffentlichung ist möglich"),
        ),
        lang,
    )
    label = Msg("Pflicht").render(lang)
    for who in sorted({placeholder.who for placeholder in placeholders}):
        print(f"\n{who}:")
        for placeholder in placeholders:
            if placeholder.who == who:
                mark = label if placeholder.required else " " * len(label)
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
    import asyncio
    import mimetypes

    mimetypes.add_type("text/calendar", ".ics")  # calendar apps refuse feeds served otherwise

    address = f"http://{host}:{port}/"
    lang = _language()
    if not _port_free(host, int(port)):  # before building: never rebuild a running preview
        _say(
            Msg(
                "Port {port} ist schon belegt: läuft die Vorschau schon? Sie ist unter "
                "{address} zu sehen. Für eine zweite Vorschau einen anderen Port wählen: "
                "make serve ARGS=--port=8001",
                port=port,
                address=address,
            ),
            lang,
            error=True,
        )
        raise SystemExit(1)

    from plugins.core.preview import Status
    from plugins.core.preview.server import Preview, application

    status = Status()  # what the pages show over the last good version after a failed build
    status.language = lang

    def said(news: dict) -> None:
        if news["event"] == "ended":
            _say(Msg("die Vorschau baut nicht mehr: make serve neu starten"), lang, error=True)
        elif news["ok"]:
            _say(Msg("Vorschau neu gebaut in {seconds} s", seconds=round(news["seconds"], 2)), lang)
        elif not news.get("interrupted"):
            _say(
                Msg("nicht neu gebaut; die Vorschau zeigt den letzten guten Stand:"),
                lang,
                error=True,
            )
            for problem in news["problems"]:
                print(f"  {problem['text']}", file=sys.stderr, flush=True)

    async def main() -> None:
        preview = Preview(
            ROOT, SETTINGS, PREVIEW, {"CONTENT_SECURITY_POLICY": PREVIEW_CSP}, status, said
        )
        preview.start_builder()
        await preview.first_done.wait()
        application(preview, host).listen(int(port), address=host)
        _say(Msg("Vorschau: {address}  (Strg+C beendet sie)", address=address), lang)
        await preview.watch()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


def _port_free(host: str, port: int) -> bool:
    import socket

    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


@task(
    positional=["kind", "path"],
    help={
        "kind": "page or event (asked for when missing and the terminal is interactive)",
        "path": "page: German URL path, e.g. stuttgart/neue-seite; event: its address, e.g. "
        "besuch-aus-bruenn",
        "title": "the German title",
        "summary": "page: one or two sentences on what the page is about",
        "start": "event: 2027-05-09 (all day) or 2027-05-09 18:00",
        "end": "event: the end, 20:00 or 2027-05-10 (needed with a start time)",
        "office": "event: office id(s), e.g. stuttgart or stuttgart, dortmund",
        "english_path": "English path or address (default: the German one)",
        "english_title": "the English title (without it the English file is an untranslated draft)",
        "english_summary": "page: the English summary",
        "key": "page: translation key (default: from the path)",
    },
)
def new(
    c,
    kind=None,
    path=None,
    title=None,
    summary=None,
    start=None,
    end=None,
    office=None,
    english_path=None,
    english_title=None,
    english_summary=None,
    key=None,
):
    """Scaffold a page or event in both languages, as drafts: new page stuttgart/neu
    --title=… --summary=…; new event besuch --title=… --start=2027-05-09 --office=stuttgart."""
    from plugins.core.messages import MessageError

    lang = _language()
    interactive = sys.stdin.isatty()

    def ask(value, question: Msg, *, needed: bool = True):
        if value or not interactive or not needed:
            return value
        answer = input(question.render(lang) + " ").strip()
        return answer or None

    def missing(option: str, example: str):
        _say(
            Msg("new: {option} fehlt, etwa {example}", option=option, example=example),
            lang,
            error=True,
        )
        sys.exit(1)

    kind = ask(kind, Msg("Was anlegen – page (Seite) oder event (Termin)?"))
    if kind not in ("page", "event"):
        _say(
            Msg("new: unbekannte Art '{kind}'; möglich sind page und event", kind=kind or ""),
            lang,
            error=True,
        )
        sys.exit(1)
    try:
        if kind == "page":
            from plugins.bilingual_pages.scaffold import scaffold_page

            path = ask(path, Msg("Adresse der deutschen Seite (etwa stuttgart/neue-seite):"))
            title = ask(title, Msg("Titel (deutsch):"))
            summary = ask(summary, Msg("Zusammenfassung in ein bis zwei Sätzen (deutsch):"))
            english_path = ask(
                english_path, Msg("Adresse der englischen Seite (leer: wie die deutsche):")
            )
            english_title = ask(english_title, Msg("Titel (englisch; leer: noch nicht übersetzt):"))
            if english_title:
                english_summary = ask(english_summary, Msg("Zusammenfassung (englisch):"))
            for value, option, example in (
                (path, "der Pfad", "page stuttgart/neue-seite"),
                (title, "--title", "--title='Neue Seite'"),
                (summary, "--summary", "--summary='Worum es auf der Seite geht.'"),
            ):
                if not value:
                    missing(option, example)
            created = scaffold_page(
                ROOT / "content",
                path,
                title=title,
                summary=summary,
                key=key,
                english_path=english_path,
                english_title=english_title,
                english_summary=english_summary,
            )
            address = f"{path}/"
        else:
            from plugins.core.site_data import read_site_data
            from plugins.events.scaffold import scaffold_event

            path = ask(path, Msg("Adresse des Termins (etwa besuch-aus-bruenn):"))
            title = ask(title, Msg("Titel (deutsch):"))
            start = ask(start, Msg("Beginn (2027-05-09 ganztägig oder 2027-05-09 18:00):"))
            if start and " " in start.strip():
                end = ask(end, Msg("Ende (Uhrzeit wie 20:00, oder Datum und Uhrzeit):"))
            office = ask(office, Msg("Einrichtung (stuttgart, region-stuttgart, dortmund):"))
            english_path = ask(
                english_path, Msg("Adresse der englischen Fassung (leer: wie die deutsche):")
            )
            english_title = ask(english_title, Msg("Titel (englisch; leer: noch nicht übersetzt):"))
            for value, option, example in (
                (path, "die Adresse", "event besuch-aus-bruenn"),
                (title, "--title", "--title='Besuch aus Brünn'"),
                (start, "--start", "--start='2027-05-12 18:00'"),
                (office, "--office", "--office=stuttgart"),
            ):
                if not value:
                    missing(option, example)
            data, _problems = read_site_data(ROOT / "data")
            created = scaffold_event(
                ROOT / "content",
                path,
                title=title,
                start=start,
                end=end,
                office=office,
                english_slug=english_path,
                english_title=english_title,
                offices=[o.id for o in data.offices if o.id] or None,
            )
            address = f"veranstaltungen/{path}/"
    except MessageError as error:
        _say(Msg("new: {problem}", problem=error.message), lang, error=True)
        sys.exit(1)
    german, english = (p.relative_to(ROOT).as_posix() for p in created)
    _say(Msg("Angelegt als Entwurf: {file}", file=german), lang)
    _say(
        Msg("Angelegt als Entwurf: {file}", file=english)
        if english_title
        else Msg("Angelegt als Entwurf, noch nicht übersetzt: {file}", file=english),
        lang,
    )
    _say(
        Msg(
            "\nVorschau: http://{host}:{port}/{address} (nach make serve)\n\n"
            "Nächste Schritte:\n"
            "  1. Den Text in {german} schreiben; make serve zeigt ihn beim Speichern.\n"
            "  2. {english} übersetzen.\n"
            "  3. Wenn eine Fassung fertig ist, in ihrer Datei die Zeile 'Status: draft' "
            "löschen: erst dann wird sie veröffentlicht.\n"
            "  4. make check, dann committen.",
            host=HOST,
            port=PORT,
            address=address,
            german=german,
            english=english,
        ),
        lang,
    )


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
    _say(Msg("output/, .preview/ und Zwischenspeicher entfernt"), _language())


@task
def translations(c):
    """Update the catalogues of the theme's interface and of the messages to editors after
    changes (then fill in every new msgstr)."""
    pot = ROOT / "theme" / "translations" / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    c.run(f"{pybabel} extract -F babel.cfg --omit-header --no-location -o {pot} .")
    c.run(f"{pybabel} update -i {pot} -d theme/translations -l en --no-fuzzy-matching")
    pot.unlink()
    from plugins.core.messages import CATALOGUES, update_catalogue
    from plugins.theme_l10n.catalogue import tidy

    for po in sorted((ROOT / "theme" / "translations").glob("*/LC_MESSAGES/messages.po")):
        for missing in tidy(po):
            print(f"{po.relative_to(ROOT)}: noch zu übersetzen: {missing}")
    # the messages to editors (build, check, new): German in the code, English in a catalogue
    for missing in update_catalogue(ROOT, "en"):
        po = (CATALOGUES / "en" / "LC_MESSAGES" / "messages.po").relative_to(ROOT)
        print(f"{po}: noch zu übersetzen: {missing!r}")


@task
def screenshots(c):
    """Build, then photograph the main kinds of page on a phone and a desktop, in both
    languages, into docs/screenshots/ (commit them with any change of the look)."""
    build(c)
    from scripts.screenshots import take

    for path in take(OUTPUT):
        print(path.relative_to(ROOT))


@task
def guide_screenshots(c):
    """Do each task of the editors' guide in the preview of a project copy and photograph it
    into docs/redaktion/bilder/ (commit them with any change of the look or the guide)."""
    from scripts.guide_screenshots import take

    for path in take():
        print(path.relative_to(ROOT))


@task
def test(c, args=""):
    """Run the whole test suite (needs `make test`'s installs: chromium, Java, npm packages)."""
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", *shlex.split(args)], cwd=ROOT))
