"""An officer imports the operations plan from its Excel workbook in the browser, as they would:
signs in, uploads a PDF renamed .xlsx by mistake (a GOV.UK error summary names the file and the
page stays usable), uploads the workbook, corrects one column of the mapping and sees the preview
follow, saves the plan, changes a measure's target, records the monthly review of an action and
downloads the plan update as DOCX, which opens with python-docx with the new status in it.

The whole journey runs with JavaScript and without it. With JavaScript, axe-core checks the
upload page (and its error state) and the mapping and preview pages at 1280 and 390 px wide, and
at 390 px none of them (the mapping and preview above all) scrolls sideways (officers use phones too).
The conftest already loads the operations plan from YAML, so each run imports under a slug of
its own, as a new plan.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from docx import Document

from storage.database import Database
from survey.officers.accounts import create_account
from tests.browser.conftest import Audit
from tests.browser.helpers import press
from tests.conftest import DATA

pytestmark = pytest.mark.browser
EMAIL = "importer@example.gov.uk"
PASSWORD = "a long and memorable passphrase"
WORKBOOK = DATA / "plans" / "send-operations-2017-18.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The opening of a PDF: what an officer uploads when they saved the plan "as PDF" and renamed it.
NOT_A_WORKBOOK = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
# As councils name their files: long, with underscores rather than spaces (no place to wrap).
PDF_NAME = "SEND_Operations_Implementation_Plan_April2017_March2018_FINAL_v3_board.xlsx"
SIDEWAYS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.fixture(scope="module")
def importer(live_server: Any) -> None:
    database = Database(live_server.database_url)
    try:
        with database.unit_of_work() as session:
            create_account(session, EMAIL, PASSWORD, "officer", name="Ife Importer")
    finally:
        database.dispose()


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def browser_page(request: pytest.FixtureRequest, chromium: Any) -> Iterator[tuple[Any, bool]]:
    javascript = request.param
    # CSP forbids inline scripts, as it should; only the audited run injects axe.
    context = chromium.new_context(
        java_script_enabled=javascript,
        bypass_csp=javascript,
        viewport={"width": 1280, "height": 800},
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page, javascript
    finally:
        context.close()


def test_an_officer_imports_the_operations_plan_edits_it_and_downloads_the_update(
    live_server: Any, importer: None, browser_page: tuple[Any, bool]
) -> None:
    page, javascript = browser_page
    base = live_server.base_url
    slug = "ops-import-" + ("js" if javascript else "nojs")
    audit = Audit(page) if javascript else None
    narrow: list[str] = []

    def look(state: str) -> None:
        """axe at 1280 and 390 px; at 390 px the page must not scroll sideways."""
        if audit is None:
            return
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 800})
            audit.check(f"{width}px {state}")
            scroll, client = page.evaluate(SIDEWAYS)
            if width == 390 and scroll > client:
                narrow.append(f"{state}: {scroll}px wide in a {client}px window")
        page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(f"{base}/sign-in")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    press(page)
    assert "/sign-in" not in page.url

    page.goto(f"{base}/plans/import")
    assert page.locator("h1").inner_text() == "Import a plan from Word or Excel"
    look("upload")

    # A PDF renamed .xlsx: an error summary names the file; what was typed is kept.
    page.fill("#slug", slug)
    page.set_input_files(
        "#file",
        files=[{"name": PDF_NAME, "mimeType": XLSX_TYPE, "buffer": NOT_A_WORKBOOK}],
    )
    press(page)
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert f"{PDF_NAME} is not a Word, Excel or CSV file" in summary.inner_text()
    assert summary.locator("a").first.get_attribute("href") == "#file"
    assert f"{PDF_NAME} is not a Word, Excel or CSV file" in page.inner_text(
        ".govuk-form-group--error"
    )
    assert page.title().startswith("Error:")
    assert page.input_value("#slug") == slug
    look("upload error")

    # The same page, still usable: the real workbook this time.
    page.set_input_files("#file", str(WORKBOOK))
    press(page)
    assert "/plans/import/" in page.url
    main = page.inner_text("main")
    assert "Check the plan before saving it" in main
    assert "This is what the column headers suggest." in main
    assert "create a new plan" in main
    measures = page.get_by_label("Column \u201cSuccess Measures\u201d")
    assert measures.input_value() == "measures"
    assert _created(page) == "68"  # 27 measures and 41 actions
    assert "measure 1.F" in page.inner_text(".govuk-summary-list")
    look("mapping")

    # Every column is proposed rightly for this file; the officer first leaves the success
    # measures out, sees the preview lose them, then corrects the column and checks again.
    measures.select_option("")
    press(page, "check")
    assert "This is the mapping you chose." in page.inner_text("main")
    assert page.get_by_label("Column \u201cSuccess Measures\u201d").input_value() == ""
    assert _created(page) == "41"
    assert "measure 1.F" not in page.inner_text(".govuk-summary-list")
    page.get_by_label("Column \u201cSuccess Measures\u201d").select_option("measures")
    press(page, "check")
    assert _created(page) == "68"
    assert "measure 1.F" in page.inner_text(".govuk-summary-list")
    look("preview")

    assert page.is_checked("input[name=save_as][value=new]")
    press(page, "save")
    assert page.url.startswith(f"{base}/plans/{slug}")
    assert page.locator("#action-1\\.1").count() == 1

    # A measure's target.
    with page.expect_navigation():
        page.get_by_role("link", name="Change measure 1.F").click()
    page.fill("#target", "90")
    press(page)
    assert "The measure 1.F is saved." in page.inner_text("main")
    assert "target 90" in page.inner_text("#measure-1\\.F")

    # The monthly review of an action.
    with page.expect_navigation():
        page.get_by_role("link", name="Record review of action 1.1").click()
    page.fill("#reviewed_on-day", "30")
    page.fill("#reviewed_on-month", "11")
    page.fill("#reviewed_on-year", "2026")
    page.check("input[name=rag][value=amber]")
    page.fill("#status_label", "Behind: two schools still to map")
    page.fill("#note", "Provision mapped in 38 of 40 schools; the last two by January.")
    press(page)
    assert "The review of 1.1 is saved." in page.inner_text("main")
    assert "Behind: two schools still to map" in page.inner_text("#action-1\\.1")

    # The plan update as Word.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the plan update (Word, DOCX)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Behind: two schools still to map" in cells
    assert "Provision mapped in 38 of 40 schools; the last two by January." in cells
    assert "90" in cells  # the new target in the measures table

    if audit is not None:
        assert audit.pages == 8
        assert not audit.violations, "\n".join(audit.violations)
    assert not narrow, "scrolls sideways at 390 px:\n" + "\n".join(narrow)


def _created(page: Any) -> str:
    """The number on the preview's "Created" row."""
    row = page.locator(".govuk-summary-list__row", has_text="Created")
    return row.locator(".govuk-summary-list__value").inner_text().split()[0]
