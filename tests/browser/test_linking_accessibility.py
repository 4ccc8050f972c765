"""axe-core on the linking pages, signed in as an officer: the review queue (and its error state),
an action's evidence page, the "you said, we did" list, form (and its errors) and entry, and the
public page. Zero WCAG 2.2 AA violations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from storage.database import Database
from survey import intake
from survey.domain.inputs import StaffSubmissionInput
from survey.officers import you_said_we_did as yswd
from survey.officers.accounts import create_account
from tests.browser.conftest import Audit
from tests.browser.helpers import press

pytestmark = pytest.mark.browser
EMAIL = "linking.officer@example.gov.uk"
PASSWORD = "a long and memorable passphrase"


@pytest.fixture(scope="module")
def linked(live_server: Any) -> int:
    """An officer, a staff idea with suggested links, and one published entry."""
    database = Database(live_server.database_url)
    try:
        with database.unit_of_work() as session:
            create_account(session, EMAIL, PASSWORD, "officer", name="Lin Officer")
            receipt = intake.record_staff_submission(
                session,
                StaffSubmissionInput(
                    kind="idea",
                    text="The SEN support at my school needs a proper self-assessment framework.",
                    channel="teams",
                    author_id="A0LINK",
                ),
                hash_key="browser-test",
            )
            result = yswd.create_entry(
                session,
                yswd.EntryInput(
                    you_said="Families repeat their story at every meeting.",
                    we_did="One shared chronology that every service reads first.",
                    done_on=dt.date.today(),
                    theme="Telling it once",
                    submissions=(receipt.reference,),
                    publish=True,
                ),
                "test",
            )
        return int(result.entry.id)
    finally:
        database.dispose()


def test_every_linking_page_has_no_wcag_violations(
    live_server: Any, linked: int, audit: Audit
) -> None:
    page, base = audit.page, live_server.base_url
    page.goto(f"{base}/you-said-we-did")
    assert page.locator("h1").count() == 1
    audit.check()
    page.goto(f"{base}/sign-in")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    press(page)
    assert "/sign-in" not in page.url

    page.goto(f"{base}/dashboard/links")
    assert page.locator("table.ys-review tbody tr").count() >= 1
    audit.check()
    with page.expect_navigation():
        page.click("button[name=decision][value=confirm]")  # nothing ticked: the error state
    assert page.locator(".govuk-error-summary").is_visible()
    audit.check("error")
    for path in (
        "/dashboard/actions/mini-plan/1.1",
        "/dashboard/you-said-we-did",
        f"/dashboard/you-said-we-did/{linked}",
        f"/dashboard/you-said-we-did/{linked}/edit",
        "/dashboard/you-said-we-did/new",  # last: the error state below is tried on it
    ):
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        audit.check()
    with page.expect_navigation():
        page.click("#submit")
    assert page.locator(".govuk-error-summary").is_visible()
    audit.check("error")
    assert audit.pages >= 8
    assert not audit.violations, "\n".join(audit.violations)
