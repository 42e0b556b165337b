"""The public URLs every build must have, as pairs of German page and English translation.

These are promises to other sites and to bookmarks (see PRODUCT.md): change them only on purpose.
"""

OFFICE_SECTIONS = {
    "stuttgart": [
        ("/stuttgart/", "/en/stuttgart/"),
        ("/stuttgart/aufgaben/", "/en/stuttgart/tasks/"),
        ("/stuttgart/aemter/", "/en/stuttgart/departments/"),
        ("/stuttgart/begegnungen/", "/en/stuttgart/encounters/"),
        ("/stuttgart/netzwerke/", "/en/stuttgart/networks/"),
    ],
    "region-stuttgart": [
        ("/region-stuttgart/", "/en/region-stuttgart/"),
        ("/region-stuttgart/strategie/", "/en/region-stuttgart/strategy/"),
        ("/region-stuttgart/delegationen/", "/en/region-stuttgart/delegations/"),
        ("/region-stuttgart/europa/", "/en/region-stuttgart/europe/"),
        (
            "/region-stuttgart/europa/europabuero-bruessel/",
            "/en/region-stuttgart/europe/brussels-office/",
        ),
        ("/region-stuttgart/europa/eu-beauftragte/", "/en/region-stuttgart/europe/eu-officers/"),
        (
            "/region-stuttgart/europa/rems-murr-kreis/",
            "/en/region-stuttgart/europe/rems-murr-kreis/",
        ),
        ("/region-stuttgart/nordamerika/", "/en/region-stuttgart/north-america/"),
    ],
    "dortmund": [
        ("/dortmund/", "/en/dortmund/"),
        ("/dortmund/aufgaben/", "/en/dortmund/tasks/"),
        ("/dortmund/netzwerke/", "/en/dortmund/networks/"),
        ("/dortmund/nachhaltige-entwicklung/", "/en/dortmund/sustainable-development/"),
        ("/dortmund/projektpartnerschaften/", "/en/dortmund/project-partnerships/"),
        ("/dortmund/kontakt/", "/en/dortmund/contact/"),
    ],
}

LEGAL_PAGES = [
    ("/impressum/", "/en/legal-notice/"),
    ("/datenschutz/", "/en/privacy/"),
    ("/barrierefreiheit/", "/en/accessibility/"),
    ("/leichte-sprache/", "/en/easy-read/"),
    ("/gebaerdensprache/", "/en/sign-language/"),
]

HOME = ("/", "/en/")

CROSS_SECTIONS = [
    ("/partnerstaedte/", "/en/partner-cities/"),
    ("/veranstaltungen/", "/en/events/"),
    ("/kontakt/", "/en/contact/"),
]

ALL_PAIRS = [
    HOME,
    *CROSS_SECTIONS,
    *LEGAL_PAGES,
    *(pair for pairs in OFFICE_SECTIONS.values() for pair in pairs),
]
