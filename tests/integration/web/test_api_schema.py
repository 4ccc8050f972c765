"""Schemathesis against /api/v1/openapi.json: every operation, with generated query strings, must
answer as its OpenAPI document says (status codes, content types, response schemas) and never
with a server error. An integrator building on the document can trust it.

Hypothesis drives each operation's strategy directly (schemathesis's pytest plugin does not yet
support this pytest), so one test per database covers every operation and says how many cases
it tried."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from survey.officers.api_tokens import create_token
from tests.integration.web.test_api import ALL_SCOPES
from tests.support.factories import seed_evidence

FUZZ = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@pytest.fixture
def bearer(loaded: Any) -> str:
    seed_evidence(loaded)
    _record, plain = create_token(loaded, "Schemathesis", ALL_SCOPES, actor="test")
    loaded.flush()
    return plain


def operations(app: Any) -> list[Any]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    found = [result.ok() for result in schema.get_all_operations()]
    assert found, "the OpenAPI document lists no operations"
    return found


def test_every_operation_answers_as_documented(app: Any, bearer: str) -> None:
    tried = 0
    for operation in operations(app):

        @FUZZ
        @given(case=operation.as_strategy())
        def call(case: Any) -> None:
            nonlocal tried
            tried += 1
            # A well-formed but unknown LA code or an unreadable period is a documented 400 with
            # a JSON error: the document cannot list which codes exist, so that one check is off.
            case.call_and_validate(
                headers={"Authorization": f"Bearer {bearer}"},
                excluded_checks=[positive_data_acceptance],
            )

        call()
    print(f"schemathesis: {tried} generated requests, every one answered as documented")
    assert tried >= 40


def test_without_a_token_every_data_operation_is_refused_in_json(app: Any, loaded: Any) -> None:
    for operation in operations(app):
        if operation.path.endswith("openapi.json"):
            continue  # the document itself is public, so integrators can read it first
        check_refused(operation)


def check_refused(operation: Any) -> None:
    @FUZZ
    @given(case=operation.as_strategy())
    def call(case: Any) -> None:
        case.headers = {}
        response = case.call()
        assert response.status_code == 401, (operation.path, response.status_code)
        assert json.loads(response.content)["error"]["status"] == 401

    call()
