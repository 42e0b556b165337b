"""Every link on the built site leads somewhere: linkinator crawls it from the home page
(pages, stylesheets, scripts, feeds and data files), and every `#fragment` of an internal link
names an element of its target page, which linkinator checks only on some pages."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.built_html import html_pages, read_html, url_of

ROOT = Path(__file__).resolve().parents[1]
LINKINATOR = ROOT / "node_modules" / ".bin" / "linkinator"


def crawl(site: Path) -> dict:
    assert LINKINATOR.exists(), "linkinator is missing; `make test` installs it with npm"
    run = subprocess.run(
        [
            str(LINKINATOR),
            ".",
            "--recurse",
            "--check-fragments",
            "--format",
            "json",
            # only the local site: linkinator serves it at http://localhost:<port>
            "--skip",
            "^(?!http://localhost)",
        ],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(run.stdout)


def test_no_link_on_the_site_is_broken(built_site):
    report = crawl(built_site)
    broken = [
        f"{link['parent']} → {link['url']} ({link['status']})"
        for link in report["links"]
        if link["state"] == "BROKEN"
    ]
    assert not broken, "\n".join(broken)
    checked = {link["url"].rstrip("/") for link in report["links"]}
    assert any(url.endswith("theme/css/site.css") for url in checked)
    assert any(url.endswith(".ics") for url in checked), "feeds are crawled too"
    assert len(report["links"]) > len(html_pages(built_site))


def ids_of(path: Path) -> set[str]:
    return {e.attrs["id"] for e in read_html(path).elements if "id" in e.attrs}


def missing_fragments(site: Path) -> list[str]:
    ids: dict[str, set[str]] = {}
    missing = []
    for path in html_pages(site):
        here = url_of(site, path)
        for anchor in read_html(path).find_all("a"):
            parts = urlsplit(anchor.attrs.get("href", ""))
            if not parts.fragment or parts.scheme or parts.netloc:
                continue
            target = parts.path or here
            file = (
                site / target.strip("/") / "index.html"
                if target.endswith("/")
                else (site / target.lstrip("/"))
            )
            if target not in ids:
                ids[target] = ids_of(file)
            if unquote(parts.fragment) not in ids[target]:
                missing.append(f"{here} → {anchor.attrs['href']}")
    return missing


def test_every_fragment_of_an_internal_link_names_an_element_of_its_target(built_site):
    missing = missing_fragments(built_site)
    assert not missing, "\n".join(missing)


def test_the_link_checks_fail_on_a_broken_link_and_a_broken_fragment(built_site, tmp_path):
    """The checks themselves can fail: a copy of the site with two links bent."""
    copy = Path(shutil.copytree(built_site, tmp_path / "site"))
    page = copy / "impressum" / "index.html"
    page.write_text(
        page.read_text("utf-8").replace('href="/datenschutz/"', 'href="/datenschtz/"', 1),
        encoding="utf-8",
    )
    cardiff = copy / "partnerstaedte" / "cardiff" / "index.html"
    cardiff.write_text(
        cardiff.read_text("utf-8").replace(
            'href="/kontakt/#stuttgart"', 'href="/kontakt/#stutgart"'
        ),
        encoding="utf-8",
    )
    broken = [link for link in crawl(copy)["links"] if link["state"] == "BROKEN"]
    assert [link["url"] for link in broken] == ["datenschtz/"]
    assert missing_fragments(copy) == ["/partnerstaedte/cardiff/ → /kontakt/#stutgart"]
