"""Integration fixtures: the small test region, plan and survey loaded through the real loaders."""

from __future__ import annotations

from typing import Any

import pytest

from survey.loading import load_organisations, load_plan, load_survey_file
from tests.conftest import DATA


@pytest.fixture
def loaded(session: Any) -> Any:
    load_organisations(session, DATA / "organisations" / "test-region.yaml", actor="test")
    load_plan(session, DATA / "plans" / "mini.yaml", actor="test")
    load_survey_file(session, DATA / "surveys" / "mini.yaml", actor="test")
    session.flush()
    return session
