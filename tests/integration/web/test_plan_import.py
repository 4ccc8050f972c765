"""Importing a plan in the browser: an officer uploads the table, corrects the column mapping
(one select per column), sees what saving would do, and confirms (issue 14, Import)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from storage.repositories import plan_import_mappings, plans
from tests.conftest import ROOT
from tests.support.factories import PASSWORD, make_user, sign_in
from tests.support.plan_tables import plan_xlsx

CSV = b"Ref,Objective,Officer,Success measures\n1.1,Do a thing,Jo,1.A: Better\n1.2,Again,Al,1.A\n"


def upload(client: Any, data: bytes, name: str, status: int = 302, **fields: str) -> Any:
    return client.post(
        "/plans/import",
        {"file": (io.BytesIO(data), name), **fields},
        expected_status=status,
        content_type="multipart/form-data",
    )


@pytest.fixture
def officer(loaded: Any, client: Any) -> Any:
    make_user(loaded, "officer@example.gov.uk", "officer")
    sign_in(client, "officer@example.gov.uk")
    return client


def selected(page: Any, label: str) -> str:
    for group in page.select(".govuk-form-group"):
        if label in group.get_text(" ", strip=True):
            option = group.select_one("option[selected]")
            return option["value"] if option else ""
    raise AssertionError(f"no select labelled {label}")


def test_an_officer_uploads_corrects_the_mapping_and_saves_a_new_plan(
    officer: Any, loaded: Any
) -> None:
    start = officer.get("/plans/")
    assert "Import a plan from Word or Excel" in start.text
    sent = upload(officer, CSV, "Local offer plan.csv")
    check_url = sent.response.headers["Location"]
    assert re.fullmatch(r"/plans/import/[A-Za-z0-9_-]{40,}", check_url)

    page = officer.get(check_url)
    assert page.h1 == "Check the plan before saving it"
    assert "local-offer-plan" in page.text
    assert selected(page, "Column “Ref”") == "ref"
    assert selected(page, "Column “Officer”") == ""
    assert selected(page, "Column “Success measures”") == "measures"
    assert "Created 3" in page.text  # measure 1.A, actions 1.1 and 1.2
    assert page.select("button[name=save]")

    form = {"column_0": "ref", "column_1": "objective", "column_2": "lead", "column_3": "measures"}
    again = officer.post(check_url, {**form, "save_as": "new", "check": "1"})
    assert selected(again, "Column “Officer”") == "lead"
    assert plans.get_plan_by_slug(loaded, "local-offer-plan") is None  # nothing stored yet

    saved = officer.post(check_url, {**form, "save_as": "new", "save": "1"}, expected_status=302)
    assert saved.response.headers["Location"] == "/plans/local-offer-plan?imported=1"
    plan = plans.get_plan_by_slug(loaded, "local-offer-plan")
    assert plan is not None
    assert [(a.ref, a.lead, [m.code for m in a.measures]) for a in plan.actions] == [
        ("1.1", "Jo", ["1.A"]),
        ("1.2", "Al", ["1.A"]),
    ]
    remembered = plan_import_mappings.get_mapping(loaded, "local-offer-plan", "csv")
    assert remembered is not None and remembered["columns"]["Officer"] == "lead"
    shown = officer.get("/plans/local-offer-plan?imported=1")
    assert "The plan was imported and saved." in shown.text
    officer.get(check_url, expected_status=404)  # the upload is gone once saved

    # Next month: the same file kind starts from the remembered mapping.
    again = officer.get(upload(officer, CSV, "Local offer plan.csv").response.headers["Location"])
    assert selected(again, "Column “Officer”") == "lead"
    assert "This is the mapping used the last time" in again.text


def test_the_operations_plan_xlsx_previews_every_action(officer: Any) -> None:
    data = plan_xlsx(ROOT / "examples" / "plans" / "send-operations-2017-18.yaml")
    sent = upload(officer, data, "ops.xlsx", slug="send-operations-2017-18")
    page = officer.get(sent.response.headers["Location"])
    assert "Created 68" in page.text  # 27 measures and 41 actions
    assert selected(page, "Column “Review Impact (RAG)”") == "review"


def test_saving_as_new_over_an_existing_plan_is_refused(officer: Any, loaded: Any) -> None:
    data = b"Reference,Objective\n1.1,Only this\n"
    sent = upload(officer, data, "mini.csv", slug="mini-plan")
    url = sent.response.headers["Location"]
    page = officer.get(url)
    assert "saving would update the existing plan" in page.text
    form = {"column_0": "ref", "column_1": "objective", "save_as": "new", "save": "1"}
    refused = officer.post(url, form, expected_status=400)
    assert refused.error_messages() == [
        "A plan called 'mini-plan' exists already: import it as an update, or give the new "
        "plan another short name"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not a table", "plan.xlsx is not a Word, Excel or CSV file"),
        (b"Objective,Lead\nDo,Jo\n", "table 1 has no reference column"),
    ],
)
def test_a_bad_file_is_a_govuk_error_on_the_upload_page(
    officer: Any, data: bytes, message: str
) -> None:
    page = upload(officer, data, "plan.xlsx", status=400)
    assert page.title.startswith("Error: ")
    assert any(message in m for m in page.error_messages())


def test_no_file_selected(officer: Any) -> None:
    page = officer.post("/plans/import", {}, expected_status=400)
    assert page.error_messages() == ["Select the plan file"]


def test_a_file_over_the_limit_is_a_govuk_error(make_app: Any, loaded: Any) -> None:
    from tests.pages import PageClient

    client = PageClient(make_app(TESTING=True, WTF_CSRF_ENABLED=False, MAX_PLAN_UPLOAD_KB="2"))
    make_user(loaded, "officer@example.gov.uk", "officer")
    sign_in(client, "officer@example.gov.uk")
    page = upload(client, CSV + b"x" * 4096, "plan.csv", status=413)
    assert page.error_messages() == ["The selected file must be smaller than 2 KB"]


def test_only_officers_and_admins_import(loaded: Any, client: Any) -> None:
    anonymous = client.get("/plans/import", expected_status=302)
    assert "/sign-in" in anonymous.response.headers["Location"]
    make_user(loaded, "lead@example.gov.uk", "hub_lead")
    sign_in(client, "lead@example.gov.uk")
    client.get("/plans/import", expected_status=403)
    upload(client, CSV, "plan.csv", status=403)


def test_another_officers_upload_cannot_be_seen(officer: Any, loaded: Any, app: Any) -> None:
    from tests.pages import PageClient

    url = upload(officer, CSV, "plan.csv").response.headers["Location"]
    other = PageClient(app)
    make_user(loaded, "other@example.gov.uk", "officer")
    sign_in(other, "other@example.gov.uk")
    other.get(url, expected_status=404)
    other.get("/plans/import/not-a-token", expected_status=404)


def test_the_upload_needs_its_csrf_token(make_app: Any, loaded: Any) -> None:
    from tests.pages import PageClient

    client = PageClient(make_app(TESTING=True))
    make_user(loaded, "officer@example.gov.uk", "officer")
    page = client.get("/sign-in")
    token = page.select("input[name=csrf_token]")[0]["value"]
    client.post(
        "/sign-in",
        {"email": "officer@example.gov.uk", "password": PASSWORD, "csrf_token": token},
        expected_status=302,
    )
    refused = upload(client, CSV, "plan.csv", status=400)
    assert "Your session has expired" in refused.text
    assert not list((Path(client.app.config["YOUSAID_INSTANCE_PATH"]) / "plan-imports").glob("*"))


def test_warnings_with_rows_and_a_refused_removal_are_shown_and_nothing_can_be_saved(
    officer: Any, loaded: Any
) -> None:
    from storage.models import EvidenceKind, Link, LinkMethod

    plan = plans.get_plan_by_slug(loaded, "mini-plan")
    assert plan is not None
    kept, linked = plan.actions[0], plan.actions[1]
    loaded.add(
        Link(
            evidence_kind=EvidenceKind.RESPONSE,
            evidence_id=1,
            action_id=linked.id,
            method=LinkMethod.MANUAL,
        )
    )
    loaded.flush()
    data = f"Reference,Objective\n{kept.ref},Kept\n{kept.ref},Twice\n".encode()
    page = officer.get(
        upload(officer, data, "mini.csv", slug="mini-plan").response.headers["Location"]
    )
    assert (
        f"table 1 row 3: repeats reference '{kept.ref}' (first used in row 2); left out"
        in page.text
    )
    assert f"{linked.ref}" in page.text and "evidence is linked to them" in page.text
    assert not page.select("button[name=save]")
