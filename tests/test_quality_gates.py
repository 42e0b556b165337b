"""Every built page: zero axe-core violations (WCAG 2.2 AA, on a small phone, a phone and a
desktop), zero Nu Html Checker errors, nothing loaded from another host, and a
Content-Security-Policy without inline scripts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.built_html import html_pages, read_html, url_of

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WCAG_22_AA = [*WCAG_21_AA, "wcag22a", "wcag22aa"]
# axe leaves target size (2.5.8) off unless asked for by name
AXE_RUN = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                     rules: {'target-size': {enabled: true}}})"""
WIDTHS = [320, 360, 1280]
RESOURCE_ATTRIBUTES = {
    "link": "href",
    "script": "src",
    "img": "src",
    "iframe": "src",
    "video": "src",
    "audio": "src",
    "source": "src",
    "object": "data",
    "embed": "src",
    "track": "src",
}


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_has_no_axe_violations_and_loads_nothing_from_other_hosts(
    browser, built_site, site_url, width
):
    assert AXE.exists(), "axe-core is missing; `make test` installs it with npm"
    # bypass_csp lets axe be injected; the policy itself is checked in its own test below
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 740})
    tab = context.new_page()
    foreign: list[str] = []
    tab.on(
        "request",
        lambda request: (
            foreign.append(request.url) if not request.url.startswith(site_url) else None
        ),
    )
    failures = []
    try:
        for path in html_pages(built_site):
            url = url_of(built_site, path)
            tab.goto(site_url + url)
            tab.add_script_tag(path=str(AXE))
            result = tab.evaluate(AXE_RUN, WCAG_22_AA)
            for violation in result["violations"]:
                targets = [node["target"] for node in violation["nodes"]][:3]
                failures.append(f"{url}: {violation['id']} ({violation['impact']}): {targets}")
    finally:
        context.close()
    assert failures == []
    assert foreign == []


def test_every_page_is_valid_html_for_the_nu_checker(built_site):
    java = shutil.which("java")
    assert java and VNU.exists(), "Java or vnu-jar is missing; `make test` installs both"
    run = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--skip-non-html",
            "--format",
            "json",
            "--stdout",
            "--errors-only",
            str(built_site),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(run.stdout)["messages"]
    errors = [
        f"{m.get('url', '').split('/output/')[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
    ]
    assert errors == []
    assert run.returncode == 0


def test_no_page_references_a_resource_on_another_host(built_site):
    offenders = []
    for path in html_pages(built_site):
        for element in read_html(path).elements:
            attribute = RESOURCE_ATTRIBUTES.get(element.tag)
            if element.tag == "link" and element.attrs.get("rel") in {"alternate", "canonical"}:
                continue
            value = element.attrs.get(attribute, "") if attribute else ""
            if urlparse(value).netloc or value.startswith("//"):
                offenders.append(f"{url_of(built_site, path)}: <{element.tag} {attribute}={value}>")
    for css in built_site.rglob("*.css"):
        for found in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if not found.startswith(("data:", "#")) and urlparse(found).netloc:
                offenders.append(f"{css.name}: url({found})")
        assert "@import" not in css.read_text(encoding="utf-8")
    assert offenders == []


@pytest.mark.parametrize(
    "directive", ["script-src 'self'", "default-src 'self'", "object-src 'none'"]
)
def test_every_page_sets_a_content_security_policy_that_forbids_inline_and_foreign_scripts(
    built_site, directive
):
    for path in html_pages(built_site):
        document = read_html(path)
        policy = document.first("meta", **{"http-equiv": "Content-Security-Policy"}).attrs[
            "content"
        ]
        assert directive in policy
        assert "unsafe-inline" not in policy
        inline = [
            s
            for s in document.find_all("script")
            if not s.attrs.get("src") and s.attrs.get("type") != "application/ld+json"
        ]
        assert inline == [], f"{path}: inline script"
