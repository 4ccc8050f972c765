"""Importing a plan from Word, Excel or CSV: the upload, and the column mapping the officer can
correct (one select per column of the table). The view passes in the columns and the fields."""

from __future__ import annotations

from typing import Any

from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from forms.base import StripWhitespaceForm


class PlanUploadForm(StripWhitespaceForm):
    file = FileField(
        "Plan file",
        description="The plan's table as a Word (.docx), Excel (.xlsx) or CSV file, 20 MB at most",
        widget=GovFileInput(),
        validators=[FileRequired(message="Select the plan file")],
    )
    slug = StringField(
        "Short name of the plan (optional)",
        description="Lower-case letters, digits and hyphens, like send-operations-2017-18. "
        "Give an existing plan's short name to update it. Leave empty to take it from the file name.",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=100, message="Short name must be 100 characters or fewer"),
            Regexp(
                r"^[a-z0-9][a-z0-9-]*$",
                message="Short name must be lower-case letters, digits and hyphens",
            ),
        ],
    )
    title = StringField(
        "Title of a new plan (optional)",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=300, message="Title must be 300 characters or fewer"),
        ],
    )
    submit = SubmitField("Upload and check", widget=GovSubmitInput())


class PlanMappingForm(StripWhitespaceForm):
    """Fields column_0, column_1, ... are added by ``mapping_form``, one per table column."""

    save_as = RadioField(
        "Save as",
        widget=GovRadioInput(),
        choices=[
            SelectChoice("new", "A new plan"),
            SelectChoice("update", "An update of the existing plan"),
        ],
        validators=[InputRequired(message="Select whether this is a new plan or an update")],
    )
    check = SubmitField("Check the mapping again", widget=GovSubmitInput())
    save = SubmitField("Save the plan", widget=GovSubmitInput())


def mapping_form(
    headers: list[str], choices: list[tuple[str, str]], **kwargs: Any
) -> PlanMappingForm:
    """A mapping form with one select per column, labelled with the column's header."""

    class Form(PlanMappingForm):
        pass

    for position, header in enumerate(headers):
        setattr(
            Form,
            f"column_{position}",
            SelectField(
                f"Column \u201c{header}\u201d",
                widget=GovSelect(),
                choices=[SelectChoice(value, label) for value, label in choices],
            ),
        )
    return Form(**kwargs)
