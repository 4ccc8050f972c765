"""The parents' and public pages, as a list the browser checks walk (issue 16).

Public pages are data: one `PublicPage` line each. A page that is still being built elsewhere
carries `pending=` (why it may 404 today); while its route answers 404 the checks skip it with that
reason, and they start running on it, unchanged, the day it exists.

Survey pages cannot be listed ahead: which question pages a parent sees depends on the survey and
on their answers. So each survey is walked once per version it offers (standard, Easy Read,
Welsh), as a parent would, and the walk records every page it passed with the session cookies that
show it again. A second, shorter walk submits, for the confirmation page: a submitted draft no
longer shows its question pages, so one draft cannot serve both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage.database import Database
from storage.repositories import surveys
from survey.domain.yaml_checks import read_yaml
from survey.intake.loading import load_survey_file
from survey.officers import you_said_we_did as yswd
from tests.browser.conftest import BROWSER_DATA, survey_files
from tests.browser.helpers import FILL_PAGE, press, variants


@dataclass(frozen=True)
class PublicPage:
    name: str
    path: str
    status: int = 200
    pending: str | None = None  # why the route may not exist yet


PUBLIC_PAGES = (
    PublicPage("home", "/"),
    PublicPage("privacy-notice", "/privacy"),
    PublicPage("you-said-we-did", "/you-said-we-did"),
    PublicPage("error-404", "/no-such-page", status=404),
    PublicPage("error-404-survey", "/s/no-such-survey", status=404),
    PublicPage("accessibility-statement", "/accessibility"),
    PublicPage("cookies", "/cookies"),
    # A page still being built elsewhere: PublicPage("name", "/path", pending="why it may 404").
)
PUBLIC_VARIANTS = ("", "lang=cy")  # Easy Read is a version of a survey, not of these pages

CLOSED_SOURCE = BROWSER_DATA / "demo-survey.yaml"  # the closed page in all three versions
CLOSED_SLUG = "browser-closed"


@dataclass(frozen=True)
class Visit:
    """One page to check: where it is, the cookies that show it, the status it should answer."""

    name: str
    url: str
    cookies: list[dict[str, Any]]
    status: int = 200
    pending: str | None = None


@dataclass(frozen=True)
class Group:
    """Pages checked together: a survey in one version, or one public page in one language."""

    id: str
    kind: str  # survey | closed | public
    variant: str = ""
    path: Path | None = None
    public: PublicPage | None = None
    visits: list[Visit] = field(default_factory=list)


def _variant_id(variant: str) -> str:
    names = {"": "standard", "easy_read=0": "standard", "easy_read=1": "easy-read"}
    return names.get(variant, "welsh")


def groups() -> list[Group]:
    """Every group, known before any browser starts (so each is its own test id)."""
    found = [
        Group(f"{read_yaml(path)['slug']}-{_variant_id(variant)}", "survey", variant, path=path)
        for path in survey_files()
        for variant in variants(path)
    ]
    found += [
        Group(f"closed-{_variant_id(variant)}", "closed", variant)
        for variant in variants(CLOSED_SOURCE)
    ]
    found += [
        Group(f"{public.name}-{_variant_id(variant)}", "public", variant, public=public)
        for public in PUBLIC_PAGES
        for variant in PUBLIC_VARIANTS
    ]
    return found


def with_query(url: str, variant: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{variant}" if variant else url


def prepare_database(live_server: Any, folder: Path) -> None:
    """What the list needs beyond the surveys: a closed survey and one published "You said, we
    did" entry (an empty list would check less)."""
    source = CLOSED_SOURCE.read_text(encoding="utf-8")
    closed = folder / "closed-survey.yaml"
    closed.write_text(source.replace("slug: browser-demo", f"slug: {CLOSED_SLUG}"), "utf-8")
    database = Database(live_server.database_url)
    try:
        with database.unit_of_work() as session:
            load_survey_file(session, closed, actor="test")
            survey = surveys.get_survey_by_slug(session, CLOSED_SLUG)
            surveys.update_survey_window(session, survey, None, dt.datetime(2020, 1, 1))
            yswd.create_entry(
                session,
                yswd.EntryInput(
                    you_said="It was hard to find who to ask about transport to school.",
                    we_did="The Local Offer now has one page for school transport, with a phone number.",
                    done_on=dt.date.today(),
                    theme="Finding information",
                    publish=True,
                ),
                "test",
            )
    finally:
        database.dispose()


def _walk(page: Any, base: str, variant: str, record: bool) -> list[tuple[str, str]]:
    """From the start page to the check page, answering whatever each page asks."""
    seen: list[tuple[str, str]] = []
    page.goto(with_query(base, variant))
    seen.append(("start", page.url))
    press(page)
    if page.url.endswith("/consent"):
        seen.append(("consent", page.url))
        page.check("#consent")
        press(page)
    for _ in range(60):
        if "/q/" not in page.url:
            break
        here = page.url
        if record:
            seen.append(("question " + here.rsplit("/q/", 1)[1], here))
        page.evaluate(FILL_PAGE)
        press(page)
        if page.url == here:
            raise AssertionError(f"the walk could not answer {here}")
    if not page.url.endswith("/check"):
        raise AssertionError(f"the walk ended at {page.url}, not the check page")
    seen.append(("check answers", page.url))
    return seen


def _walker(chromium: Any) -> Any:
    """A tab for walking quickly: the pages' scripts do not run (they are not what is checked)."""
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def walk_survey(chromium: Any, live_server: Any, group: Group) -> list[Visit]:
    assert group.path is not None
    base = f"{live_server.base_url}/s/{read_yaml(group.path)['slug']}"
    page = _walker(chromium)
    context = page.context
    try:
        seen = _walk(page, base, group.variant, record=True)
        page.goto(f"{base}/save")
        seen.append(("saved", page.url))
        cookies = context.cookies()
        visits = [Visit(name, url, cookies) for name, url in seen]
        visits.append(Visit("link expired", f"{base}/resume/not-a-real-token", cookies, 404))
    finally:
        context.close()
    page = _walker(chromium)
    context = page.context
    try:
        _walk(page, base, group.variant, record=False)
        press(page)
        if not page.url.endswith("/confirmation"):
            raise AssertionError(f"submitting ended at {page.url}")
        visits.append(Visit("confirmation", page.url, context.cookies()))
    finally:
        context.close()
    return visits


def visits_of(chromium: Any, live_server: Any, group: Group) -> list[Visit]:
    if group.kind == "survey":
        return walk_survey(chromium, live_server, group)
    if group.kind == "closed":
        url = with_query(f"{live_server.base_url}/s/{CLOSED_SLUG}", group.variant)
        return [Visit("survey closed", url, [])]
    assert group.public is not None
    public = group.public
    url = with_query(live_server.base_url + public.path, group.variant)
    return [Visit(public.name, url, [], public.status, public.pending)]
