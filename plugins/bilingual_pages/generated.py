"""Pages made from data (a city profile, say) that templates can treat like Markdown pages.

A `GeneratedPage` has what the theme's navigation reads from a Pelican page – language, URL,
titles, translations, parent, ancestors, office section – so breadcrumbs, the language
switcher and the main navigation work for it unchanged (MkDocs' `File.generated` is the model).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class GeneratedPage:
    key: str
    lang: str
    url: str
    title: str
    short_title: str
    summary: str
    parent: Any  # the Markdown page (or generated page) it hangs under
    translations: list[GeneratedPage] = field(default_factory=list)
    children: list[Any] = field(default_factory=list)
    modified: None = None

    @property
    def save_as(self) -> str:
        return self.url + "index.html"

    @property
    def ancestors(self) -> list[Any]:
        return [*self.parent.ancestors, self.parent]

    @property
    def section(self) -> Any:
        chain = [*self.ancestors, self]
        return chain[1] if len(chain) > 1 else None


def link_translations(versions: list[GeneratedPage]) -> None:
    """Make each version list all the others as its translations."""
    for version in versions:
        version.translations = [other for other in versions if other is not version]
