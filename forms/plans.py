"""Officers' forms for editing a plan in the browser: a measure and its indicator, an action, and
an action's monthly review. The rules an indicator must keep are the plan file's
(``survey.domain.plan_definitions``): the view checks them after these forms, so the browser and
``plan load`` cannot disagree. The views fill in the choices (the plan's measures)."""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from forms.base import StripWhitespaceForm
from forms.validators import number
from forms.you_said_we_did import DoneOnField

KINDS = [
    ("count", "Count"),
    ("rate", "Rate of positive answers"),
    ("mean_score", "Mean score"),
    ("mean_sentiment", "Mean sentiment"),
    ("figure", "Figure entered by an officer"),
]
OF = [
    ("", "Nothing (a figure)"),
    ("answers", "Answers"),
    ("submissions", "Staff submissions"),
    ("responses", "Responses"),
    ("attending_las", "Attending local authorities"),
    ("meetings", "Meetings"),
]
DIRECTIONS = [("higher", "Higher is better"), ("lower", "Lower is better")]
RAGS = [
    ("green", "Green: on track"),
    ("amber", "Amber: some risk"),
    ("red", "Red: off track"),
    ("blue", "Blue: complete"),
    ("none", "Not rated"),
]
KEYWORDS_HINT = "One a line, or separated by commas. Link suggestions look for these words."


def keywords_field() -> Any:
    """The same keywords box on a measure's and an action's form (one list, one limit)."""
    return StringField(
        "Keywords for link suggestions",
        description=KEYWORDS_HINT,
        widget=GovTextArea(),
        validators=[
            Optional(),
            Length(max=2000, message="Keywords must be 2000 characters or fewer"),
        ],
    )


def _optional_number(field: Any, message: str) -> None:
    if field.data:
        number(field, message)


def as_number(text: str | None) -> float | None:
    """A number field's value (commas allowed), or None when left empty."""
    return float(str(text).replace(",", "")) if text else None


class MeasureForm(StripWhitespaceForm):
    statement = StringField(
        "Wording of the measure",
        widget=GovTextArea(),
        validators=[DataRequired(message="Enter the wording of the measure"), Length(max=2000)],
    )
    keywords = keywords_field()
    kind = RadioField(
        "Kind of indicator",
        choices=KINDS,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select what kind of indicator the measure has")],
    )
    of = SelectField("What it counts or reads", choices=OF, widget=GovSelect())
    unit = StringField(
        "Unit",
        description="For example percent, number, children or meetings",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=16, message="Unit must be 16 characters or fewer")],
    )
    baseline_value = StringField("Baseline value (optional)", widget=GovTextInput())
    baseline_period = StringField(
        "Baseline period (optional)",
        description="For example 2016-17 or 2026-autumn",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=32, message="Baseline period must be 32 characters or fewer"),
        ],
    )
    target = StringField("Target (optional)", widget=GovTextInput())
    direction = RadioField(
        "Which way is better",
        choices=DIRECTIONS,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select whether higher or lower is better")],
    )
    tolerance = StringField(
        "RAG tolerance (optional)",
        description="How far from the target still counts as amber rather than red",
        widget=GovTextInput(),
    )
    min_n = StringField(
        "Minimum number of responses",
        description="Below this, a change is shown as too few to tell",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter the minimum number of responses")],
    )
    submit = SubmitField("Save measure", widget=GovSubmitInput())

    def validate_baseline_value(self, field: Any) -> None:
        _optional_number(field, "Enter the baseline value as a number, like 12 or 61.5")

    def validate_target(self, field: Any) -> None:
        _optional_number(field, "Enter the target as a number, like 12 or 61.5")

    def validate_tolerance(self, field: Any) -> None:
        _optional_number(field, "Enter the RAG tolerance as a number, like 5")

    def validate_min_n(self, field: Any) -> None:
        if field.data and not str(field.data).isdigit():
            raise ValidationError(
                "Enter the minimum number of responses as a whole number, like 20"
            )


class ActionForm(StripWhitespaceForm):
    measures = SelectMultipleField(
        "Measures this action serves",
        widget=GovCheckboxesInput(),
        validate_choice=False,
    )
    lead = StringField(
        "Lead",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=200, message="Lead must be 200 characters or fewer")],
    )
    group_name = StringField(
        "Task and finish group",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=200, message="Group must be 200 characters or fewer")],
    )
    timeframe = StringField(
        "Timeframe",
        description="For example April 2017 - March 2018",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=100, message="Timeframe must be 100 characters or fewer"),
        ],
    )
    keywords = keywords_field()
    submit = SubmitField("Save action", widget=GovSubmitInput())


class ReviewedOnField(DoneOnField):
    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(
                "Enter the date of the review as a real date, for example 30 11 2026"
            ) from None


class ActionReviewForm(StripWhitespaceForm):
    reviewed_on = ReviewedOnField(
        "Date of the review",
        description="For example 30 11 2026",
        widget=GovDateInput(),
    )
    rag = RadioField(
        "RAG rating",
        choices=RAGS,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the RAG rating for the action")],
    )
    status_label = StringField(
        "Status in the plan's own words (optional)",
        description='For example "In progress" or "Complete". Left empty, the RAG rating is used.',
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=100, message="Status must be 100 characters or fewer"),
        ],
    )
    note = StringField(
        "Summary of current position",
        widget=GovTextArea(),
        validators=[
            DataRequired(message="Enter a summary of the action's current position"),
            Length(
                max=2000, message="Summary of current position must be 2000 characters or fewer"
            ),
        ],
    )
    submit = SubmitField("Record review", widget=GovSubmitInput())

    def validate_reviewed_on(self, field: Any) -> None:
        if field.data is None and not field.process_errors:
            raise ValidationError("Enter the date of the review")
