"""Data for the directory page (`Template: office_directory`) and the office sections.

The records come from the shared loader; this plugin adds what templates need to show them:
schema.org `GovernmentOrganization` with `ContactPoint`s as JSON-LD, built in code so that the
output is always valid JSON, never assembled from template text.
"""

from __future__ import annotations

from jinja2 import pass_context
from pelican import signals

from plugins.core import enabled
from plugins.core.site_data import Address, Office, SiteData
from plugins.theme_l10n.l10n import language_of


def postal_address(address: Address, lang: str) -> dict:
    """schema.org `PostalAddress`; parts still to be supplied are left out, not invented."""
    data = {
        "@type": "PostalAddress",
        "addressLocality": address.city[lang],
        "addressCountry": address.country,
    }
    if address.street:
        data["streetAddress"] = address.street
    if address.postcode:
        data["postalCode"] = address.postcode
    return data


def office_json_ld(office: Office, lang: str, page_url: str) -> dict:
    """schema.org `GovernmentOrganization` for one office, with its units and contacts."""
    data = {
        "@type": "GovernmentOrganization",
        "@id": f"{page_url}#{office.id}",
        "name": office.name[lang],
        "address": postal_address(office.address, lang),
        "url": office.website,
    }
    if office.name.de not in office.body.de:  # a department of a city, not the body itself
        data["parentOrganization"] = {"@type": "GovernmentOrganization", "name": office.body[lang]}
    contacts = []
    for contact in office.contacts:
        point = {"@type": "ContactPoint", "contactType": contact.role[lang]}
        if contact.name:
            point["name"] = contact.name
        if contact.email:
            point["email"] = contact.email
        if contact.phone:
            point["telephone"] = contact.phone
        contacts.append(point)
    if contacts:
        data["contactPoint"] = contacts
    units = []
    for unit in office.units:
        entry = {
            "@type": "GovernmentOrganization",
            "name": unit.name[lang],
            "description": unit.description[lang],
        }
        if unit.address:
            entry["address"] = postal_address(unit.address, lang)
        units.append(entry)
    if units:
        data["subOrganization"] = units
    return data


@pass_context
def directory_json_ld(context, data: SiteData, page_url: str) -> dict:
    """All offices as one JSON-LD graph for the directory page."""
    lang = language_of(context)
    return {
        "@context": "https://schema.org",
        "@graph": [office_json_ld(office, lang, page_url) for office in data.offices],
    }


def office_for_page(data: SiteData, page_key: str) -> Office | None:
    """The office whose section starts at the page with `page_key`, if any."""
    return next((office for office in data.offices if office.page == page_key), None)


def on_generator_init(generator) -> None:
    if enabled(generator.settings, __package__):
        generator.env.globals.update(
            directory_json_ld=directory_json_ld, office_for_page=office_for_page
        )


def register() -> None:
    """generator_init: the directory page is written by Pelican's page generator."""
    signals.generator_init.connect(on_generator_init)
