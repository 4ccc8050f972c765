"""An officer edits a plan in the browser as they would: changes a measure's target, records the
monthly review of an action, and downloads the plan update as DOCX, which opens with python-docx
with the new status in it. The forms and their error states have no WCAG 2.2 AA violations."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from storage.database import Database
from survey.officers.accounts import create_account
from tests.browser.conftest import Audit
from tests.browser.helpers import press

pytestmark = pytest.mark.browser
EMAIL = "editor@example.gov.uk"
PASSWORD = "a long and memorable passphrase"


@pytest.fixture(scope="module")
def editor(live_server: Any) -> None:
    database = Database(live_server.database_url)
    try:
        with database.unit_of_work() as session:
            create_account(session, EMAIL, PASSWORD, "officer", name="Eda Editor")
    finally:
        database.dispose()


def test_an_officer_changes_a_target_records_a_review_and_downloads_the_update(
    live_server: Any, editor: None, audit: Audit
) -> None:
    page, base = audit.page, live_server.base_url
    page.goto(f"{base}/sign-in")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    press(page)

    page.goto(f"{base}/plans/mini-plan")
    with page.expect_navigation():
        page.get_by_role("link", name="Change measure 1.G").click()
    audit.check()
    page.fill("#target", "lots")
    press(page)
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("#target") == "lots"
    audit.check("error")
    page.fill("#target", "85")
    press(page)
    assert "The measure 1.G is saved." in page.inner_text("main")
    assert "target 85%" in page.inner_text("#measure-1\\.G")
    page.goto(f"{base}/dashboard/measures/mini-plan/1.G")
    assert "85" in page.inner_text("main .govuk-summary-list")

    page.goto(f"{base}/plans/mini-plan/actions/1.1/edit")
    audit.check()
    page.fill("#keywords", "SEN support\nself assessment\nframework")
    press(page)
    # The link suggestions are recomputed on the web process's background thread: the page
    # says how far it has got, and its script reloads it when the job is done.
    assert "The action 1.1 is saved." in page.inner_text("main")
    page.wait_for_selector("text=Link suggestions updated", timeout=20000)
    assert "waiting for review" in page.inner_text("#link-rebuild")
    audit.check("relinked")
    page.goto(f"{base}/plans/mini-plan")
    audit.check("saved")
    with page.expect_navigation():
        page.get_by_role("link", name="Record review of action 1.1").click()
    audit.check()
    page.fill("#reviewed_on-day", "28")
    page.fill("#reviewed_on-month", "11")
    page.fill("#reviewed_on-year", "2026")
    page.check("input[name=rag][value=green]")
    page.fill("#status_label", "Complete for the autumn term")
    page.fill("#note", "Self-assessment framework live in all secondary schools.")
    press(page)
    assert "The review of 1.1 is saved." in page.inner_text("main")
    assert "Complete for the autumn term" in page.inner_text("#action-1\\.1")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the plan update (Word, DOCX)").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Complete for the autumn term" in cells
    assert "Self-assessment framework live in all secondary schools." in cells
    assert "85" in cells  # the new target in the measures table
    page.goto(f"{base}/dashboard/actions/mini-plan/1.1")
    assert "Self-assessment framework live" in page.inner_text("#review-history + table")
    audit.check()
    assert not audit.violations, "\n".join(audit.violations)
