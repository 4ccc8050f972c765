"""axe-core on the officers' pages, signed in through the browser as an officer would: the
sign-in page (and its error state), the dashboard, a measure page, attendance, staff submissions
and one submission, the printable report, and the plan pages. Zero WCAG 2.2 AA violations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from storage.database import Database
from survey import intake
from survey.domain.inputs import AttendanceInput, StaffSubmissionInput
from survey.officers.accounts import create_account
from tests.browser.conftest import Audit
from tests.browser.helpers import press

pytestmark = pytest.mark.browser
EMAIL = "officer@example.gov.uk"
PASSWORD = "a long and memorable passphrase"


@pytest.fixture(scope="module")
def officer_evidence(live_server: Any) -> str:
    """An officer account and a little evidence, so every page has rows, tables and charts."""
    database = Database(live_server.database_url)
    try:
        with database.unit_of_work() as session:
            create_account(session, EMAIL, PASSWORD, "officer", name="Olu Officer")
            receipt = intake.record_staff_submission(
                session,
                StaffSubmissionInput(
                    kind="concern",
                    text="Families are waiting months for speech and language assessments.",
                    channel="slack",
                    author_id="U0OFFICER",
                    workstream="staff-reference-group",
                ),
                hash_key="browser-test",
            )
            intake.record_attendance(
                session,
                AttendanceInput(
                    network="test-hub",
                    title="Transition strand group",
                    held_on=dt.date.today() - dt.timedelta(days=3),
                    kind="strand_group",
                    organisations=["E00000001", "E00000002"],
                    people=4,
                ),
            )
        return receipt.reference
    finally:
        database.dispose()


def test_every_officer_page_has_no_wcag_violations(
    live_server: Any, officer_evidence: str, audit: Audit
) -> None:
    page, base = audit.page, live_server.base_url
    page.goto(f"{base}/forgot-password")
    audit.check()
    page.goto(f"{base}/sign-in")
    audit.check()
    page.fill("#email", EMAIL)
    page.fill("#password", "not the password")
    press(page)
    assert page.locator(".govuk-error-summary").is_visible()
    audit.check("error")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    press(page)
    assert "/sign-in" not in page.url

    page.goto(f"{base}/dashboard/")
    assert page.locator("h1").count() == 1
    audit.check()
    with page.expect_navigation():
        page.locator("main table a[href*='/dashboard/measures/']").first.click()
    audit.check()
    month = dt.date.today().strftime("%Y-%m")
    for path in (
        "/dashboard/attendance",
        "/dashboard/submissions",
        f"/dashboard/submissions/{officer_evidence}",
        "/plans/",
        "/plans/mini-plan",
    ):
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        audit.check()
    # The HTML report is a download: check the file itself, as an officer would open it.
    report = page.request.get(f"{base}/dashboard/report?period={month}&format=html")
    assert report.ok
    page.set_content(report.text())
    assert page.locator("h1").count() == 1
    audit.check("report")
    assert audit.pages >= 10
    assert not audit.violations, "\n".join(audit.violations)
