"""Embedding a survey in the council's own website (FRAME_ANCESTORS): off by default; when set,
only the parents' survey pages and the public pages name those origins in CSP frame-ancestors,
and officers' pages, or any page a signed-in officer sees, can never be framed. Bad origins stop
the start in plain words; the session cookie is made to work in a cross-site frame only over
HTTPS."""

from __future__ import annotations

from typing import Any

import pytest

from survey.config import build_config
from survey.domain.errors import DomainError
from tests.pages import PageClient
from tests.support.factories import make_user, sign_in

COUNCIL = "https://www.example.gov.uk"
OTHER = "https://*.example.gov.uk"
FRAMEABLE = [
    "/",
    "/s/mini-survey",
    "/s/mini-survey/consent",
    "/privacy",
    "/accessibility",
    "/cookies",
    "/you-said-we-did",
]
OFFICERS = ["/sign-in", "/forgot-password", "/dashboard/", "/plans/"]


def frame_ancestors(response: Any) -> str:
    directives = [d.strip() for d in response.headers["Content-Security-Policy"].split(";")]
    found = [d for d in directives if d.startswith("frame-ancestors")]
    assert len(found) == 1
    return found[0]


def test_no_page_can_be_framed_by_default(client: PageClient, loaded: Any) -> None:
    loaded.commit()
    for url in [*FRAMEABLE, *OFFICERS]:
        response = client.raw().get(url)
        assert frame_ancestors(response) == "frame-ancestors 'none'", url
        assert response.headers["X-Frame-Options"] == "DENY", url


def test_configured_origins_may_frame_only_the_parent_and_public_pages(
    make_app: Any, loaded: Any
) -> None:
    loaded.commit()
    app = make_app(TESTING=True, FRAME_ANCESTORS=f"{COUNCIL}, {OTHER}")
    http = app.test_client()
    for url in FRAMEABLE:
        response = http.get(url)
        assert frame_ancestors(response) == f"frame-ancestors {COUNCIL} {OTHER}", url
        assert "X-Frame-Options" not in response.headers, url
        # Only frame-ancestors changes: the rest of the policy stays as strict.
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    for url in OFFICERS:
        response = http.get(url)
        assert frame_ancestors(response) == "frame-ancestors 'none'", url
        assert response.headers["X-Frame-Options"] == "DENY", url


def test_a_signed_in_officer_never_gets_a_framable_page(make_app: Any, loaded: Any) -> None:
    make_user(loaded, "officer@example.gov.uk", "officer")
    loaded.commit()
    client = PageClient(make_app(TESTING=True, WTF_CSRF_ENABLED=False, FRAME_ANCESTORS=COUNCIL))
    sign_in(client, "officer@example.gov.uk")
    for url in ["/", "/s/mini-survey", "/accessibility", "/dashboard/"]:
        response = client.raw().get(url)
        assert frame_ancestors(response) == "frame-ancestors 'none'", url
        assert response.headers["X-Frame-Options"] == "DENY", url


def test_framed_pages_offer_to_open_in_a_new_tab(make_app: Any, loaded: Any) -> None:
    loaded.commit()
    client = PageClient(make_app(TESTING=True, FRAME_ANCESTORS=COUNCIL))
    # A public page in Welsh (the mini survey has no Welsh, so its pages stay wholly English).
    page = client.get("/accessibility?lang=cy")
    link = page.select("[data-ys-framed] a")[0]
    assert page.select("[data-ys-framed]")[0].has_attr("hidden"), "shown only by the script"
    assert link["href"] == "/accessibility?lang=cy"
    assert link["target"] == "_blank" and link["rel"] == ["noopener"]
    assert link.get_text(strip=True) == "Agor y dudalen hon mewn tab newydd"
    assert page.select("script[src='/static/js/framed.js']")
    script = client.raw().get("/static/js/framed.js").get_data(as_text=True)
    assert "window.self !== window.top" in script
    assert "top.location" not in script, "never framebusting"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("www.example.gov.uk", "FRAME_ANCESTORS must list origins such as https://"),
        ("https://www.example.gov.uk/surveys", "with no path"),
        ("https://www.example.gov.uk?x=1", "with no path"),
        ("http://www.example.gov.uk", "must start with https://"),
        ("'self'", "FRAME_ANCESTORS must list origins"),
        ("*", "FRAME_ANCESTORS must list origins"),
        ("https://user@www.example.gov.uk", "FRAME_ANCESTORS must list origins"),
    ],
)
def test_bad_origins_stop_the_start_in_plain_words(tmp_path: Any, value: str, message: str) -> None:
    with pytest.raises(DomainError, match=message) as raised:
        build_config({"FRAME_ANCESTORS": value, "YOUSAID_INSTANCE_PATH": str(tmp_path)})
    assert raised.value.field == "FRAME_ANCESTORS"


def test_http_is_allowed_only_for_this_computer_in_development(tmp_path: Any) -> None:
    folder = {"YOUSAID_INSTANCE_PATH": str(tmp_path)}
    config = build_config(
        {"FRAME_ANCESTORS": "http://localhost:8000 http://127.0.0.1:9000/"} | folder
    )
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax", "development: no SameSite=None"
    production = {
        "YOUSAID_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "DATABASE_URL": "postgresql://u:p@db/yousaid",
        "PUBLIC_BASE_URL": "https://haveyoursay.example.gov.uk",
    } | folder
    with pytest.raises(DomainError, match="only in development"):
        build_config({"FRAME_ANCESTORS": "http://localhost:8000"} | production)


def test_the_session_cookie_works_in_a_cross_site_frame_only_over_https(tmp_path: Any) -> None:
    production = {
        "YOUSAID_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "DATABASE_URL": "postgresql://u:p@db/yousaid",
        "PUBLIC_BASE_URL": "https://haveyoursay.example.gov.uk",
        "YOUSAID_INSTANCE_PATH": str(tmp_path),
    }
    plain = build_config(production)
    assert plain["SESSION_COOKIE_SAMESITE"] == "Lax" and plain["SESSION_COOKIE_SECURE"]
    assert not plain.get("SESSION_COOKIE_PARTITIONED")
    framed = build_config({"FRAME_ANCESTORS": COUNCIL} | production)
    assert framed["SESSION_COOKIE_SAMESITE"] == "None" and framed["SESSION_COOKIE_SECURE"]
    assert framed["SESSION_COOKIE_PARTITIONED"]


def test_the_cookie_a_framed_survey_sets_says_so(make_app: Any, loaded: Any) -> None:
    loaded.commit()
    app = make_app(
        TESTING=True,
        WTF_CSRF_ENABLED=False,
        FRAME_ANCESTORS=COUNCIL,
        SESSION_COOKIE_SAMESITE="None",
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_PARTITIONED=True,
    )
    response = app.test_client().post("/s/mini-survey/start")
    cookie = response.headers["Set-Cookie"]
    assert "SameSite=None" in cookie and "Secure" in cookie and "Partitioned" in cookie
