"""Drafts: pages and events an editor has not yet marked ready (`Status: draft`).

A draft is built like any other page by `make build`, `make serve` and `make check`, with a
visible "Entwurf" banner, so editors can look at it. It is never published: `make publish`
(production and staging) and `make release-check` refuse a run with a draft and name its file
(plugins/release_gate). An editor marks a file ready by deleting the `Status: draft` line.

Each run records its drafts in a list in the settings (`DRAFTS`), as it records placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass

REGISTRY = "DRAFTS"  # settings key of the run's list of drafts
VALUE = "draft"


@dataclass(frozen=True)
class Draft:
    """A file marked `Status: draft`, and the line of that mark."""

    path: str
    line: int | None


def record(settings: dict, drafts) -> None:
    settings.setdefault(REGISTRY, []).extend(drafts)


def recorded(settings: dict) -> list[Draft]:
    """The run's drafts, each once, in file order."""
    return sorted(set(settings.get(REGISTRY, [])), key=lambda d: (d.path, d.line or 0))
