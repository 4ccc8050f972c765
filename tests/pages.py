"""A page-checking test client (after GOV.UK Notify's client_request): every HTML page it fetches
must be valid HTML with one h1, no duplicate ids, and a title starting "Error: " ("Gwall: " in
Welsh) exactly when the page shows an error summary."""

from __future__ import annotations

from collections import Counter
from typing import Any

import html5lib
from bs4 import BeautifulSoup


class Page:
    def __init__(self, response: Any) -> None:
        self.response = response
        self.status = response.status_code
        self.html = response.get_data(as_text=True)
        self.soup = BeautifulSoup(self.html, "html.parser")

    @property
    def title(self) -> str:
        return self.soup.title.get_text(strip=True) if self.soup.title else ""

    @property
    def h1(self) -> str:
        return self.soup.h1.get_text(" ", strip=True) if self.soup.h1 else ""

    @property
    def text(self) -> str:
        return " ".join(self.soup.get_text(" ").split())

    def select(self, css: str) -> list[Any]:
        return self.soup.select(css)

    def error_messages(self) -> list[str]:
        return [
            a.get_text(" ", strip=True) for a in self.soup.select(".govuk-error-summary__list a")
        ]


def check_page(page: Page) -> None:
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(page.html)  # raises on any HTML parse error
    assert len(page.soup.find_all("h1")) == 1, "a page has exactly one h1"
    ids = Counter(tag["id"] for tag in page.soup.find_all(id=True))
    duplicates = [name for name, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    has_errors = bool(page.soup.select(".govuk-error-summary"))
    prefix = "Gwall: " if page.soup.html.get("lang") == "cy" else "Error: "
    assert page.title.startswith(prefix) == has_errors, (
        f"title says {prefix}exactly when the page shows errors"
    )
    assert page.soup.html.get("lang"), "the page declares its language"


class PageClient:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.http = app.test_client()

    def get(self, url: str, expected_status: int = 200, **kwargs: Any) -> Page:
        return self._checked(self.http.get(url, **kwargs), expected_status)

    def post(self, url: str, data: Any = None, expected_status: int = 200, **kwargs: Any) -> Page:
        return self._checked(self.http.post(url, data=data, **kwargs), expected_status)

    def raw(self) -> Any:
        return self.http

    def _checked(self, response: Any, expected_status: int) -> Page:
        assert response.status_code == expected_status, (
            response.status_code,
            response.get_data(as_text=True)[:500],
        )
        page = Page(response)
        if response.mimetype == "text/html":
            check_page(page)
        return page
