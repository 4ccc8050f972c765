"""The accessibility statement at /accessibility and the cookies page at /cookies: public, in
GOV.UK's model structure, written from configuration, in English and Welsh, linked from every
footer; and the cookies page names every cookie a real journey gets."""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

import pytest

from survey.config import build_config
from survey.domain.errors import DomainError
from survey.web import statements
from tests.pages import Page, PageClient
from tests.support.factories import PASSWORD, make_user

BASE = "/s/mini-survey"
MODEL_HEADINGS = [
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website’s accessibility",
    "Compliance status",
    "Non-accessible content",
    "Non-compliance with the accessibility regulations",
    "Disproportionate burden",
    "What we’re doing to improve accessibility",
    "Preparation of this accessibility statement",
]


def headings(page: Page) -> list[str]:
    return [h.get_text(" ", strip=True) for h in page.select("main h2, main h3")]


def test_the_statement_follows_the_model_and_says_what_the_tests_check(
    client: PageClient, loaded: Any
) -> None:
    page = client.get("/accessibility")
    assert page.h1 == "Accessibility statement for Have your say on SEND services"
    assert headings(page) == MODEL_HEADINGS
    text = page.text
    assert "This website is run by Demo Council." in text
    assert "at http://127.0.0.1:5000," in text  # PUBLIC_BASE_URL, never the request's host
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2" in text
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert page.select("a[href='https://www.equalityadvisoryservice.com/']")
    assert page.select("main a[href='mailto:send.feedback@example.gov.uk']")
    assert not page.select("main a[href^='tel:']"), "no phone number unless configured"
    assert "within 10 working days" in text
    reviewed = f"{statements.CHECKS_REVIEWED:%-d %B %Y}"
    assert f"This statement was prepared on {reviewed}." in text
    assert f"last tested on {reviewed} against the WCAG 2.2 AA standard" in text
    for check in statements.CHECKS:
        assert str(check.text) in text
    for issue in statements.KNOWN_ISSUES:
        assert text.count(str(issue)) == 2, "listed as known and as a non-compliance"


def test_the_statement_comes_from_configuration(make_app: Any, loaded: Any) -> None:
    app = make_app(
        TESTING=True,
        COUNCIL_NAME="Gateshead Council",
        PUBLIC_BASE_URL="https://haveyoursay.gateshead.example.gov.uk",
        ACCESSIBILITY_CONTACT_EMAIL="access@gateshead.example.gov.uk",
        ACCESSIBILITY_CONTACT_PHONE="0191 433 3000",
        ACCESSIBILITY_REPLY_DAYS="5",
        ACCESSIBILITY_COMPLIANCE="full",
        ACCESSIBILITY_LAST_TESTED="2026-09-30",
        ACCESSIBILITY_STATEMENT_PREPARED="2026-10-14",
    )
    page = PageClient(app).get("/accessibility")
    text = page.text
    assert "This website is run by Gateshead Council." in text
    assert "at https://haveyoursay.gateshead.example.gov.uk," in text
    assert page.select("main a[href='mailto:access@gateshead.example.gov.uk']")
    assert page.select("main a[href='tel:01914333000']")[0].get_text() == "0191 433 3000"
    assert "within 5 working days" in text
    assert "This website is fully compliant" in text
    assert "Non-accessible content" not in headings(page)
    assert "This statement was prepared on 14 October 2026." in text
    assert "last tested on 30 September 2026" in text


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("ACCESSIBILITY_LAST_TESTED", "30/09/2026", "must be a date written YYYY-MM-DD"),
        ("ACCESSIBILITY_STATEMENT_PREPARED", "2026-02-30", "must be a date written YYYY-MM-DD"),
        ("ACCESSIBILITY_LAST_TESTED", "2999-01-01", "cannot be in the future"),
        ("ACCESSIBILITY_COMPLIANCE", "mostly", "must be full, partial or none"),
        ("ACCESSIBILITY_REPLY_DAYS", "soon", "must be a whole number"),
    ],
)
def test_bad_statement_settings_stop_the_start_in_plain_words(
    tmp_path: Any, setting: str, value: str, message: str
) -> None:
    with pytest.raises(DomainError, match=message) as raised:
        build_config({setting: value, "YOUSAID_INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k"})
    assert raised.value.field == setting
    assert setting in str(raised.value)


def test_the_statement_and_the_cookies_page_are_in_welsh(client: PageClient, loaded: Any) -> None:
    page = client.get("/accessibility?lang=cy")
    assert page.soup.html["lang"] == "cy"
    assert (
        page.h1 == "Datganiad hygyrchedd ar gyfer Dweud eich dweud am wasanaethau AAA"
    )  # SERVICE_NAME_CY
    assert "Gweithdrefn orfodi" in headings(page)
    assert "Statws cydymffurfio" in headings(page)
    assert "Comisiwn Cydraddoldeb a Hawliau Dynol" in page.text
    reviewed = statements.CHECKS_REVIEWED
    months = ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst"]
    months += ["Medi", "Hydref", "Tachwedd", "Rhagfyr"]
    welsh_date = f"{reviewed.day} {months[reviewed.month - 1]} {reviewed.year}"
    assert f"Paratowyd y datganiad hwn ar {welsh_date}." in page.text
    for check in statements.CHECKS:
        assert str(check.text) not in page.text, "each check is in Welsh"
    cookies = client.get("/cookies")  # the choice of Welsh is kept
    assert cookies.h1 == "Cwcis"
    assert "Cwcis hanfodol" in headings(cookies)
    assert "Pam nad ydym yn gofyn i chi dderbyn cwcis" in headings(cookies)
    assert "Pan fyddwch yn cau eich porwr" in cookies.text
    footer = [a.get_text(strip=True) for a in cookies.select("footer a")]
    assert "Datganiad hygyrchedd" in footer and "Cwcis" in footer


def test_every_footer_links_to_both_pages(client: PageClient, loaded: Any) -> None:
    loaded.commit()
    for url in ("/", BASE, "/sign-in", "/privacy", "/you-said-we-did", "/accessibility"):
        page = client.get(url)
        assert page.select("footer a[href='/accessibility']"), url
        assert page.select("footer a[href='/cookies']"), url


def test_the_cookies_page_says_why_there_is_no_banner(client: PageClient, loaded: Any) -> None:
    page = client.get("/cookies")
    assert page.h1 == "Cookies"
    assert headings(page) == [
        "Essential cookies",
        "Why we do not ask you to accept cookies",
        "If you block cookies",
    ]
    assert "Privacy and Electronic Communications Regulations" in page.text
    assert "strictly necessary" in page.text
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        for row in page.select("tbody tr")
    ]
    assert rows[0][0] == "session" and rows[0][2] == "When you close your browser"
    assert [row[0] for row in rows] == ["session"], "no Slack cookie unless Slack OAuth is on"


def listed_cookies(page: Page) -> set[str]:
    return {cell.get_text(strip=True) for cell in page.select("tbody th")}


class CookieJournal:
    """A test client that notes the name of every cookie any response sets."""

    def __init__(self, app: Any) -> None:
        self.pages = PageClient(app)
        self.names: set[str] = set()
        self.attributes: list[SimpleCookie] = []

    def get(self, url: str, expected_status: int = 200) -> Page:
        return self.note(self.pages.get(url, expected_status))

    def post(self, url: str, data: dict[str, Any], expected_status: int = 302) -> Page:
        return self.note(self.pages.post(url, data, expected_status))

    def get_unchecked(self, url: str) -> Page:
        """A page that is not ours (Slack's installation page has no doctype)."""
        return self.note(Page(self.pages.raw().get(url)))

    def note(self, page: Page) -> Page:
        for header in page.response.headers.getlist("Set-Cookie"):
            parsed: SimpleCookie = SimpleCookie()
            parsed.load(header)
            self.names |= set(parsed)
            self.attributes.append(parsed)
        return page


def token(page: Page) -> str:
    return str(page.select("input[name=csrf_token]")[0]["value"])


def test_the_cookies_page_names_every_cookie_a_real_journey_sets(
    make_app: Any, loaded: Any
) -> None:
    """A parent (CSRF on, as in production) starts, consents, answers, saves, switches to Welsh
    and sends; an officer signs in and out. Every cookie set on the way is on the page."""
    make_user(loaded, "officer@example.gov.uk", "officer")
    loaded.commit()
    app = make_app(TESTING=True)
    journey = CookieJournal(app)
    start = journey.get(BASE)
    journey.post(f"{BASE}/start", {"csrf_token": token(start)})
    consent = journey.get(f"{BASE}/consent")
    journey.post(f"{BASE}/consent", {"csrf_token": token(consent), "consent": "y"})
    first = journey.get(f"{BASE}/q/about-you")
    journey.post(f"{BASE}/q/about-you", {"csrf_token": token(first), "la": "E00000001"})
    journey.get(f"{BASE}/save")
    journey.get(f"{BASE}/q/info_timely?lang=cy&easy_read=1")
    journey.get("/?lang=en")
    sign_in = journey.get("/sign-in")
    journey.post(
        "/sign-in",
        {
            "csrf_token": token(sign_in),
            "email": "officer@example.gov.uk",
            "password": "not the password",
        },
        expected_status=200,
    )
    page = journey.post(
        "/sign-in",
        {"csrf_token": token(sign_in), "email": "officer@example.gov.uk", "password": PASSWORD},
    )
    dashboard = journey.get(page.response.headers["Location"])
    journey.post("/sign-out", {"csrf_token": token(dashboard)})
    assert journey.names, "the journey set cookies"
    page = journey.get("/cookies")
    assert journey.names <= listed_cookies(page), journey.names - listed_cookies(page)
    session = [c["session"] for c in journey.attributes if "session" in c]
    assert all(not c["expires"] and not c["max-age"] for c in session if c.value), (
        "the page says it lasts until the browser closes"
    )


def test_the_slack_installation_cookie_is_listed_when_slack_oauth_is_on(
    make_app: Any, loaded: Any
) -> None:
    app = make_app(
        TESTING=True,
        SLACK_SIGNING_SECRET="test-signing-secret",
        SLACK_CLIENT_ID="111.222",
        SLACK_CLIENT_SECRET="client-secret",
    )
    journey = CookieJournal(app)
    assert journey.get_unchecked("/slack/install").status == 200
    assert "slack-app-oauth-state" in journey.names
    assert journey.names <= listed_cookies(journey.get("/cookies"))
    row = [r for r in journey.get("/cookies").select("tbody tr") if "slack" in r.get_text()]
    assert "10 minutes" in row[0].get_text()


def test_the_pages_need_no_sign_in(client: PageClient, loaded: Any) -> None:
    for url in ("/accessibility", "/cookies"):
        page = client.get(url)
        assert page.status == 200 and not page.select("nav[aria-label=Account]")
