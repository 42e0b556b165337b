"""The release gate: a production site has no placeholder on a page the law requires.

The legal notice (§ 5 DDG), the privacy notice (Art. 13 GDPR), the accessibility statement
with its feedback channel (BITV 2.0 § 7) and the contact directory must be complete before the
site goes live. Every placeholder a run reads (plugins/core/placeholders.py; the `note` of an
address in the data) is marked `required` if it is on one of the pages `RELEASE_REQUIRED_PAGES`
names. The stage of a run is the setting `SITE_STAGE`:

* `production` (`invoke publish`): each required placeholder is a problem, so the run fails
  before anything is rendered and the last published site stays;
* `staging` (`invoke publish --stage=staging`): the site is built, and every page says it is a
  preview and asks search engines not to index it (theme, plugins/site_files);
* unset (`invoke build`, `check`, `serve`): neither.

Drafts (`Status: draft`, plugins/core/drafts.py) are refused at both stages, each named by
its file, and by `invoke check --release`.

`invoke check --release` lists every placeholder with file, line and who supplies it.
"""

from __future__ import annotations

import dataclasses

from pelican import signals

from plugins.core import Problem, drafts, enabled, report
from plugins.core.messages import Msg
from plugins.core.placeholders import REGISTRY, recorded

STAGES = ("staging", "production")


def check_stage(settings: dict) -> None:
    stage = settings.get("SITE_STAGE")
    if stage is not None and stage not in STAGES:
        report(
            settings,
            [
                Problem(
                    "SITE_STAGE",
                    None,
                    Msg("muss staging oder production sein, ist aber {stage}", stage=repr(stage)),
                    hint=Msg("mit STAGE=staging oder STAGE=production veröffentlichen"),
                )
            ],
        )


def on_all_generators_finalized(generators) -> None:
    """Mark the required placeholders; in production, each of them stops the release."""
    if not generators or not enabled(generators[0].settings, __package__):
        return
    settings = generators[0].settings
    check_stage(settings)
    required_pages = set(settings.get("RELEASE_REQUIRED_PAGES", ()))
    marked = [
        dataclasses.replace(placeholder, required=placeholder.page in required_pages)
        for placeholder in recorded(settings)
    ]
    settings[REGISTRY] = marked
    if settings.get("SITE_STAGE") in STAGES:
        report(settings, draft_problems(drafts.recorded(settings)))
    if settings.get("SITE_STAGE") != "production":
        return
    report(
        settings,
        [
            Problem(
                placeholder.path,
                placeholder.line,
                Msg(
                    "'{what}' fehlt noch, auf einer Seite, die das Gesetz verlangt",
                    what=placeholder.what,
                ),
                hint=Msg(
                    "{who} liefert die Angabe; bis dahin nur als Vorschau veröffentlichen "
                    "(make publish STAGE=staging)",
                    who=placeholder.who,
                ),
            )
            for placeholder in marked
            if placeholder.required
        ],
    )


def draft_problems(found) -> list[Problem]:
    """A problem for each draft: nothing marked `Status: draft` is published."""
    return [
        Problem(
            draft.path,
            draft.line,
            Msg("ist ein Entwurf und wird nicht veröffentlicht"),
            field="Status",
            hint=Msg(
                "wenn der Text fertig ist, die Zeile 'Status: draft' löschen; sonst die Datei "
                "bis dahin nicht veröffentlichen"
            ),
        )
        for draft in found
    ]


def register() -> None:
    """all_generators_finalized: every page, event and data file is read; nothing rendered."""
    signals.all_generators_finalized.connect(on_all_generators_finalized)
