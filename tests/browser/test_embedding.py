"""A survey inside the council's own page: a second loopback origin (a tiny http.server on
another port, standing in for www.council.gov.uk) serves a page with an iframe of the survey.
With that origin in FRAME_ANCESTORS the parent gets through the start, consent and the first
question inside the frame, sees "Open this page in a new tab", and the council's page stays put
(no framebusting). An origin not listed gets no survey at all.

Both origins are 127.0.0.1, so they are same-site (ports do not count), as
haveyoursay.council.gov.uk inside www.council.gov.uk is: the Lax session cookie is sent.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from werkzeug.serving import make_server

from storage.database import make_engine
from storage.migrate import upgrade
from survey.web.app import create_app
from tests.browser.conftest import _load_everything
from tests.browser.helpers import FILL_PAGE

pytestmark = pytest.mark.browser
SURVEY = "/s/browser-demo"


class CouncilPage(BaseHTTPRequestHandler):
    """The council's page: a heading and the survey in an iframe."""

    survey_url = ""

    def do_GET(self) -> None:
        body = (
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<title>Council</title></head><body><h1>Have your say</h1>"
            f"<iframe title='Survey' src='{self.survey_url}' width='900' height='1200'>"
            "</iframe></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        pass


def council_site() -> tuple[ThreadingHTTPServer, threading.Thread]:
    handler = type("Handler", (CouncilPage,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    allowed, allowed_thread = council_site()
    stranger, stranger_thread = council_site()
    allowed_origin = f"http://127.0.0.1:{allowed.server_port}"
    folder = tmp_path_factory.mktemp("framed")
    url = f"sqlite:///{folder / 'browser.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    _load_everything(url)
    app = create_app(
        {
            "DATABASE_URL": url,
            "YOUSAID_INSTANCE_PATH": str(folder / "instance"),
            "SECRET_KEY": "browser-test-secret-key-not-for-production",
            "FRAME_ANCESTORS": allowed_origin,
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = base
    for site in (allowed, stranger):
        site.RequestHandlerClass.survey_url = base + SURVEY  # type: ignore[attr-defined]
    try:
        yield {
            "allowed": allowed_origin + "/",
            "stranger": f"http://127.0.0.1:{stranger.server_port}/",
            "survey": base + SURVEY,
        }
    finally:
        for site, site_thread in ((server, thread), (allowed, allowed_thread)):
            site.shutdown()
            site_thread.join()
        stranger.shutdown()
        stranger_thread.join()
        app.extensions["yousaid.database"].dispose()


def press(frame: Any, name: str = "submit") -> None:
    with frame.expect_navigation():
        frame.click(f"main button[name={name}]")


def test_a_parent_answers_inside_the_councils_page(page: Any, sites: dict[str, str]) -> None:
    page.goto(sites["allowed"])
    frame = page.wait_for_selector("iframe").content_frame()
    frame.wait_for_selector("h1")
    assert frame.url == sites["survey"]
    new_tab = frame.get_by_role("link", name="Open this page in a new tab")
    assert new_tab.is_visible(), "framed, the way out is shown"
    assert new_tab.get_attribute("target") == "_blank"
    assert new_tab.get_attribute("rel") == "noopener"

    press(frame)  # Start now
    assert frame.url.endswith("/consent")
    frame.check("#consent")
    press(frame)
    assert frame.url.endswith("/q/about-you"), "the session cookie came with the POST"
    press(frame)  # nothing answered: the error state, still inside the frame
    assert "There is a problem" in frame.inner_text("main")
    frame.evaluate(FILL_PAGE)
    press(frame)
    assert "/q/" in frame.url and not frame.url.endswith("/q/about-you"), frame.url
    assert page.url == sites["allowed"], "the council's page stays where it is"
    assert page.inner_text("h1") == "Have your say"


def test_the_link_is_hidden_when_the_survey_is_not_framed(page: Any, sites: dict[str, str]) -> None:
    page.goto(sites["survey"])
    assert page.locator("[data-ys-framed]").is_hidden()


def test_a_site_not_listed_cannot_frame_the_survey(page: Any, sites: dict[str, str]) -> None:
    page.goto(sites["stranger"])
    frame = page.wait_for_selector("iframe").content_frame()
    page.wait_for_load_state("load")
    # Chromium replaces a frame its CSP refuses with its own error page.
    assert frame.url.startswith("chrome-error://"), frame.url
    assert "Your experience" not in (frame.inner_text("body") or "")
