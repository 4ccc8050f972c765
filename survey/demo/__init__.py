"""Demo data for ``yousaid seed-demo``: the seeding in ``survey.demo.seeding``, its words in
``survey.demo.content``. Importers keep using ``survey.demo`` as before the split."""

from __future__ import annotations

from survey.demo.content import PARENT_COMMENTS, STAFF_TEXTS, SURVEY_COMMENTS, WORKSTREAMS
from survey.demo.seeding import DEMO_EMAIL, EXAMPLES, FRACTIONAL_UNITS, NETWORK, seed_demo

__all__ = [
    "DEMO_EMAIL",
    "EXAMPLES",
    "FRACTIONAL_UNITS",
    "NETWORK",
    "PARENT_COMMENTS",
    "STAFF_TEXTS",
    "SURVEY_COMMENTS",
    "WORKSTREAMS",
    "seed_demo",
]
