"""The docs site: built with --strict, opened in a real headless Chromium, and offline;
the README stays short and its links lead somewhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import PROJECT, free_port
from playwright.sync_api import Browser, BrowserContext, Page

from cinelake.cli import build_parser
from cinelake.cli.completion import words
from cinelake.config.variables import VARIABLES

MKDOCS = Path(sys.executable).parent / "mkdocs"
README = PROJECT / "README.md"
README_MAX_LINES = 200
# Not requests that leave the machine: inline data and objects the page made itself.
LOCAL_SCHEMES = ("data:", "blob:", "about:")


def nav_pages(nav: list) -> list[str]:
    """The Markdown files of mkdocs.yml's nav, in its order."""
    pages = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        pages.extend(nav_pages(value) if isinstance(value, list) else [value])
    return pages


CONFIG = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
PAGES = nav_pages(CONFIG["nav"])
# use_directory_urls: false, so that every link also works from file://
URLS = [page.removesuffix(".md") + ".html" for page in PAGES]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs-site") / "site"
    built = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(out)],
        cwd=PROJECT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-4000:]
    return out


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The built site on a free loopback port, by a plain static file server."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/index.html", timeout=2):  # noqa: S310
                break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, "no http.server"
            time.sleep(0.2)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


class Watched:
    """A browser context that records every request and every console error."""

    def __init__(self, browser: Browser) -> None:
        self.context: BrowserContext = browser.new_context(viewport={"width": 1400, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))

    def page(self) -> Page:
        page = self.context.new_page()
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        return page

    def off_machine(self, origin: str) -> list[str]:
        """The requests that went anywhere but `origin` (a loopback URL or file://)."""
        return [
            url
            for url in self.requests
            if not url.startswith(LOCAL_SCHEMES)
            and not (
                url.startswith("file:")
                if origin == "file:"
                else urlsplit(url).hostname == "127.0.0.1" and url.startswith(origin)
            )
        ]


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    watched = Watched(browser)
    yield watched
    watched.context.close()


def test_the_site_builds_every_nav_page(site: Path) -> None:
    assert len(PAGES) >= 15, PAGES
    assert not [url for url in URLS if not (site / url).is_file()]
    assert "reference/index.md" in PAGES


def test_the_references_are_generated_from_the_code(site: Path) -> None:
    """The CLI and configuration pages exist only as the hook's output (no Markdown file
    in docs/), and they name every command, action and variable the code has today."""
    assert not (PROJECT / "docs" / "reference" / "cli.md").exists()
    cli = (site / "reference" / "cli.html").read_text(encoding="utf-8")
    for path in words(build_parser()):
        assert f"cinelake {path}".strip() in cli, path
    configuration = (site / "reference" / "configuration.html").read_text(encoding="utf-8")
    for variable in VARIABLES:
        assert variable.name in configuration, variable.name


def test_the_home_page_renders_its_title(served: str, watched: Watched) -> None:
    page = watched.page()
    reply = page.goto(f"{served}/index.html")
    assert reply is not None and reply.status == 200
    assert page.title().startswith("cinelake")
    # (the heading ends in its permalink, ¶)
    assert page.locator("article h1").inner_text().removesuffix("¶") == "cinelake"
    # the rendered navigation links every page of mkdocs.yml's nav
    hrefs = page.locator("nav.md-nav--primary a.md-nav__link[href]").evaluate_all(
        "links => links.map(link => new URL(link.href).pathname.slice(1))"
    )
    assert sorted(set(URLS) - set(hrefs)) == []
    assert watched.errors == []
    assert watched.off_machine(served) == []


def test_every_nav_page_loads_without_errors_or_network(served: str, watched: Watched) -> None:
    page = watched.page()
    for url in URLS:
        reply = page.goto(f"{served}/{url}")
        assert reply is not None and reply.status == 200, url
        assert page.locator("article h1").first.inner_text().strip(), f"{url} has no title"
    # every image the pages show was found (a missing one is a 404, not an error)
    broken = page.evaluate("[...document.images].filter(i => !i.naturalWidth).map(i => i.src)")
    assert broken == []
    assert watched.errors == []
    assert len(watched.requests) > len(URLS)  # the recorder saw the pages' own assets
    assert watched.off_machine(served) == []


def search(page: Page, term: str) -> list[str]:
    """Type `term` into the header's search box: the result links it lists."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # typed key by key, as a reader does: the search listens to keyboard events
    page.locator("input.md-search__input").press_sequentially(term, delay=50)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15_000)
    return results.evaluate_all("links => links.map(link => link.href)")


def test_search_finds_a_term(served: str, watched: Watched) -> None:
    page = watched.page()
    page.goto(f"{served}/index.html")
    found = search(page, "Iceberg")
    assert any("warehouse/iceberg.html" in url for url in found), found
    meta = page.locator(".md-search-result__meta").inner_text()
    assert re.search(r"\d+ matching documents?", meta), meta
    assert watched.errors == []
    assert watched.off_machine(served) == []


def test_the_site_works_from_file_urls(site: Path, watched: Watched) -> None:
    """No server at all: the offline plugin makes pages and search work from file://."""
    page = watched.page()
    page.goto((site / "index.html").as_uri())
    assert page.title().startswith("cinelake")
    page.locator("nav.md-nav--primary a.md-nav__link[href$='spark.html']").first.click()
    assert page.url.endswith("/spark.html")
    assert any("lake/index.html" in url for url in search(page, "SeaweedFS"))
    assert watched.errors == []
    assert watched.off_machine("file:") == []


# A Markdown link or image: ](target) with an optional "title".
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def test_readme_is_short() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines"


def test_every_relative_readme_link_points_to_a_file() -> None:
    targets = LINK.findall(README.read_text(encoding="utf-8"))
    relative = [
        target.split("#", 1)[0]
        for target in targets
        if not re.match(r"[a-z][a-z0-9+.-]*:", target) and not target.startswith("#")
    ]
    assert len(relative) >= 5, relative  # the README points into the docs
    assert "docs/assets/dashboard.png" in relative
    assert sorted(t for t in relative if not (PROJECT / t).is_file()) == []
    assert (PROJECT / "docs/assets/dashboard.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
