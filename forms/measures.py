"""The dashboard's filters and the figure an officer enters for a measure. The views fill in the
choices (local authorities, settings, surveys, channels) from the database."""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from forms.validators import PeriodForm, number, readable_period


class FilterForm(PeriodForm):
    """The dashboard's filters, sent with GET so a filtered view can be bookmarked and shared."""

    class Meta:
        csrf = False

    period = StringField(
        "Period",
        description="A month (2026-10), term (2026-autumn), quarter (2026-Q3), financial year (2026-27) or range (2026-09-01..2026-10-15)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=40), readable_period],
    )
    la = SelectField("Local authority", widget=GovSelect(), validate_choice=False)
    setting = SelectField("School or setting", widget=GovSelect(), validate_choice=False)
    survey = SelectField("Survey", widget=GovSelect(), validate_choice=False)
    channel = SelectField("Channel", widget=GovSelect(), validate_choice=False)
    submit = SubmitField("Apply filters", widget=GovSubmitInput())


class FigureForm(PeriodForm):
    """A figure an officer enters for a measure: goes through intake like any other evidence."""

    period = StringField(
        "Period the figure is for",
        description="For example 2026-10 for October 2026, or 2026-autumn for the autumn term",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter the period the figure is for"),
            readable_period,
        ],
    )
    value = StringField(
        "Figure",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter the figure"), Length(max=30)],
    )
    denominator = StringField(
        "Out of (optional)",
        description="For example the number of families with an EHC plan, to show a response rate",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=30)],
    )
    organisation = SelectField("Local authority", widget=GovSelect(), validate_choice=False)
    note = StringField(
        "Note (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=1000)]
    )
    submit = SubmitField("Save figure", widget=GovSubmitInput())

    def validate_value(self, field: Any) -> None:
        number(field, "Enter the figure as a number, like 12 or 61.5")

    def validate_denominator(self, field: Any) -> None:
        if field.data:
            number(field, "Enter the number it is out of as a number, like 300")
