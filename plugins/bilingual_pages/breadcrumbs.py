"""The way from the home page to a page as schema.org `BreadcrumbList`, for search engines.

The visible breadcrumbs (theme/templates/components/navigation.html `breadcrumbs`) and this
list name the same pages with the same labels: the home page by its label in the page's
language, every other page by its short title.
"""

from __future__ import annotations

from pelican import signals

from plugins.core import enabled


def breadcrumb_list(page, siteurl: str, home_label: str) -> dict:
    """BreadcrumbList of `page` and its ancestors; each item refers to its page by address
    (`@id`: the full address when SITEURL is one, else root-relative)."""
    items = []
    for position, step in enumerate([*page.ancestors, page], start=1):
        is_home = getattr(step, "tree_path", None) == ""
        items.append(
            {
                "@type": "ListItem",
                "position": position,
                "name": home_label if is_home else step.short_title,
                "item": {"@id": f"{siteurl}/{step.url}"},
            }
        )
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}


def on_generator_init(generator) -> None:
    if enabled(generator.settings, __package__):
        generator.env.globals["breadcrumb_list"] = breadcrumb_list


def register() -> None:
    signals.generator_init.connect(on_generator_init)
