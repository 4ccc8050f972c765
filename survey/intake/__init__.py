"""The one road in: every response, staff submission, attendance record and figure enters here.

The entry points are re-exported so that channels say ``intake.submit_response(...)``; the
modules beside this one hold scoring, linking, importing and loading.
"""

from survey.intake.evidence import (
    MAX_STAFF_TEXT,
    author_hash,
    load_survey,
    record_attendance,
    record_metric_value,
    record_staff_submission,
    submit_response,
)

__all__ = [
    "MAX_STAFF_TEXT",
    "author_hash",
    "load_survey",
    "record_attendance",
    "record_metric_value",
    "record_staff_submission",
    "submit_response",
]
