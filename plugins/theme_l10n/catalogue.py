"""Keep the UI catalogues tidy: no volatile header, one stable layout (`invoke translations`)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from babel.messages.pofile import read_po, write_po

HEADER = (
    b"# English catalogue of the theme's interface strings. msgids are German, the site's\n"
    b"# default language. After changing templates run `invoke translations` and fill in\n"
    b"# every new msgstr.\n"
)


def tidy(po: Path, translations: dict[str, str] | None = None) -> list[str]:
    """Rewrite `po` without header, obsolete entries or dates; return msgids still untranslated.

    `translations` fills in missing msgstr (singular messages) by msgid.
    """
    lines = po.read_bytes().splitlines(keepends=True)
    while lines and lines[0].startswith(b"#"):  # our header; read_po would keep it twice
        lines.pop(0)
    catalog = read_po(BytesIO(b"".join(lines)), locale=po.parent.parent.name)
    catalog.obsolete.clear()
    first = next((message for message in catalog if message.id), None)
    if first is not None:
        first.user_comments = []  # where `pybabel update` puts our header when it rereads it
    for message in catalog:
        if message.id and not message.string and translations and message.id in translations:
            message.string = translations[message.id]
    with po.open("wb") as handle:
        handle.write(HEADER)
        write_po(handle, catalog, omit_header=True, width=100, no_location=True)
    return [
        str(m.id)
        for m in catalog
        if m.id and not all(m.string if isinstance(m.string, tuple) else (m.string,))
    ]
