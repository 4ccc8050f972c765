"""The five shipped plans (examples/plans/) are the five source documents: each has the actions
and measures counted from its seed document, loads through the loader `yousaid plan load` uses,
and loading it again changes nothing. No two plans share an action reference or a measure code,
because lookups without a plan (`find_action_by_ref`, the link matcher) take the first match
across active plans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import Action, OutcomeMeasure, Plan
from survey.domain.plan_definitions import PlanDef, load_plan_file
from survey.intake.loading import load_plan
from tests.conftest import EXAMPLES

PLANS = EXAMPLES / "plans"
# file stem -> (priorities, actions, measures), counted from the seed documents (see each file's
# opening comment for what was numbered or added).
COUNTS = {
    # priorities 1-4 and transport; actions 1.1-1.9, 2.1-2.9, 3.1-3.7, 4.1-4.15 and T.1;
    # measures 1.A-1.I, 2A-2D, 3A-3E, 4A-4G, T.A and T.B.
    "send-operations-2017-18": (5, 41, 27),
    # the general expectations and three periods; 6 + 5 + 5 + 4 activities; TSP-A to TSP-F.
    "tsp-hub-programme-2009-10": (4, 20, 6),
    # 14 objectives under five aims; 6 + 4 + 4 + 4 + 3 actions; 7 + 9 + 8 + 6 + 6 impact lines.
    "newcastle-send-action-plan-2010-13": (14, 21, 36),
    # ten workstreams; 24 lines of "What will be done"; 32 outcomes.
    "hertfordshire-send-strategy-workstreams": (10, 24, 32),
    # the steering group and four workstreams; 1 + 4 + 5 + 1 + 2 actions; 11 measures.
    "devon-send-transformation-2021": (5, 13, 11),
}


def plan(stem: str) -> PlanDef:
    return load_plan_file(PLANS / f"{stem}.yaml")


def test_the_five_source_plans_ship() -> None:
    assert sorted(p.stem for p in PLANS.glob("*.yaml")) == sorted(COUNTS)


@pytest.mark.parametrize("stem", sorted(COUNTS))
def test_each_plan_has_the_actions_and_measures_of_its_document(stem: str) -> None:
    definition = plan(stem)

    counted = (len(definition.priorities), len(definition.actions), len(definition.measures))
    assert counted == COUNTS[stem]
    assert all(a.keywords for a in definition.actions), "every action has words for linking"
    used = {code for a in definition.actions for code in a.measures}
    assert used == {m.code for m in definition.measures}, "every measure serves an action"


def test_newcastle_keeps_its_objectives_and_shared_impact_cells() -> None:
    definition = plan("newcastle-send-action-plan-2010-13")
    by_ref = {a.ref: a for a in definition.actions}
    priorities = {p.number: p.title for p in definition.priorities}

    assert [a.ref for a in definition.actions if a.priority == "1.2"] == ["1.2.1", "1.2.2"]
    assert priorities["1.3"].startswith("To enable parents and carers to have a central role")
    # One "Impact on CYP will be measured by" cell spans 1.1.1 to 1.3.1.
    shared = ("NCL-1A", "NCL-1B", "NCL-1C", "NCL-1D", "NCL-1E")
    assert {by_ref[r].measures for r in ("1.1.1", "1.2.1", "1.2.2", "1.3.1")} == {shared}
    assert by_ref["1.3.3"].measures == ("NCL-1F", "NCL-1G")
    assert by_ref["1.2.1"].lead == "J Caswell, L Wafer, I Lane"
    assert by_ref["4.2.2"].monitoring is not None
    assert "Cost: Current budget, £30,000 LSC for Project Worker." in by_ref["4.2.2"].monitoring
    measures = {m.code: m for m in definition.measures}
    assert measures["NCL-3G"].indicator.target == 50


def test_hertfordshire_workstreams_carry_their_current_position() -> None:
    definition = plan("hertfordshire-send-strategy-workstreams")
    by_ref = {a.ref: a for a in definition.actions}

    assert [p.title for p in definition.priorities][:3] == [
        "Quality SEND Offer",
        "Exceptional Needs Funding",
        "Behaviour and Alternative Provision",
    ]
    assert [a.ref for a in definition.actions if a.priority == "3"] == [
        "HW-3.1",
        "HW-3.2",
        "HW-3.3",
        "HW-3.4",
    ]
    assert by_ref["HW-3.3"].measures == ("HW-3A", "HW-3B", "HW-3C", "HW-3D")
    assert by_ref["HW-1.2"].members is not None
    assert by_ref["HW-1.2"].members.startswith("David Killgallon, Herts for Learning")
    assert by_ref["HW-3.1"].review_note is not None
    assert "160 schools and 29 early years settings" in by_ref["HW-3.1"].review_note


def test_devon_counts_the_stars_ideas_from_staff_submissions() -> None:
    definition = plan("devon-send-transformation-2021")
    measures = {m.code: m for m in definition.measures}

    assert [p.title for p in definition.priorities][-1] == "Staff Reference Group"
    assert (measures["DEV-4A"].indicator.kind, measures["DEV-4A"].indicator.of) == (
        "count",
        "submissions",
    )
    assert (measures["DEV-2A"].indicator.target, measures["DEV-2B"].indicator.target) == (8, 4)


def test_no_two_plans_share_a_reference_or_a_code() -> None:
    refs: dict[str, str] = {}
    codes: dict[str, str] = {}
    for stem in COUNTS:
        definition = plan(stem)
        for action in definition.actions:
            assert refs.setdefault(action.ref, stem) == stem, action.ref
        for measure in definition.measures:
            assert codes.setdefault(measure.code, stem) == stem, measure.code


def _stored(session: Any, slug: str) -> list[tuple[Any, ...]]:
    found = session.scalar(select(Plan).where(Plan.slug == slug))
    actions = session.scalars(select(Action).where(Action.plan_id == found.id))
    return sorted(
        (
            a.ref,
            a.priority.number,
            a.objective,
            a.group_name,
            a.lead,
            a.members,
            a.timeframe,
            a.monitoring,
            a.review_status.value,
            a.review_note,
            tuple(a.keywords),
            tuple(m.code for m in a.measures),
        )
        for a in actions
    )


def test_all_five_load_together_and_loading_again_changes_nothing(session: Any) -> None:
    files: list[Path] = sorted(PLANS.glob("*.yaml"))
    first = [load_plan(session, path, actor="test") for path in files]
    before = {path.stem: _stored(session, path.stem) for path in files}
    measures_before = session.query(OutcomeMeasure).count()
    second = [load_plan(session, path, actor="test") for path in files]

    assert all(message.startswith("Created plan") for message in first)
    assert all("(0 new, 0 removed)" in message for message in second)
    assert {path.stem: _stored(session, path.stem) for path in files} == before
    assert {stem: len(rows) for stem, rows in before.items()} == {
        stem: counts[1] for stem, counts in COUNTS.items()
    }
    assert measures_before == sum(counts[2] for counts in COUNTS.values())
    assert session.query(OutcomeMeasure).count() == measures_before
