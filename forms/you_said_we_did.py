"""Officers' forms for "You said, we did" entries. The longest text each field may hold is the
service's (``survey.officers.you_said_we_did``): the view passes the limits in, so the form and the
service cannot disagree and forms need not import the service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovDateInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, SelectField, StringField, SubmitField
from wtforms.utils import unset_value
from wtforms.validators import Length, Optional

from forms.base import StripWhitespaceForm

PARTS = ("day", "month", "year")


class DoneOnField(DateField):
    """Day, month and year boxes (GOV.UK date input) with a message that says what to do.

    The widget names all three boxes ``done_on``; GOV.UK's own pattern names them
    ``done_on-day``, ``done_on-month`` and ``done_on-year``, so those are read too. Whatever
    arrives, the widget is given exactly three values back (it unpacks three, and anything else
    was an HTTP 500).
    """

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        named = [f"{self.name}-{part}" for part in PARTS]
        if formdata is not None and self.name not in formdata and any(n in formdata for n in named):
            formdata = MultiDict([(self.name, formdata.get(n) or "") for n in named])
        super().process(formdata, data, extra_filters)

    def process_formdata(self, valuelist: list[Any]) -> None:
        parts = [str(value).strip() for value in valuelist or []]
        # Only called with form data, so the widget shows these three instead of the data.
        self.raw_data: list[Any] | None = (parts + [""] * len(PARTS))[: len(PARTS)]
        if len(parts) > len(PARTS):
            self.data = None
            raise ValueError("Enter the date it was done as a real date, for example 27 11 2026")
        if not any(parts):
            self.data = None
            return
        try:
            self.data = dt.datetime.strptime(" ".join(parts), "%d %m %Y").date()
        except ValueError:
            self.data = None
            raise ValueError(
                "Enter the date it was done as a real date, for example 27 11 2026"
            ) from None


@dataclass(frozen=True)
class EntryLimits:
    """The longest text each field may hold, in characters (the service's limits)."""

    said: int
    did: int
    theme: int


class EntryForm(StripWhitespaceForm):
    you_said = StringField(
        "What people said",
        description="A short summary in your own words. Names, contact details and dates of birth are removed when you save.",
        widget=GovTextArea(),
        validators=[Optional()],
    )
    we_did = StringField("What was done", widget=GovTextArea(), validators=[Optional()])
    done_on = DoneOnField("When it was done", widget=GovDateInput(), validators=[Optional()])
    action = SelectField(
        "The action it is about (optional)", widget=GovSelect(), validate_choice=False
    )
    theme = StringField(
        "Theme (optional)",
        description="What it is about, as the public page groups it, for example Communication or Waiting times",
        widget=GovTextInput(),
        validators=[Optional()],
    )
    submissions = StringField(
        "Staff submissions it answers (optional)",
        description="References such as YS-7K3Q-2MXA, separated by commas. Their authors are told when you publish, unless they sent it anonymously.",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=2000)],
    )
    publish = BooleanField("Publish it now", widget=GovCheckboxInput())
    submit = SubmitField("Save entry", widget=GovSubmitInput())

    def __init__(self, *args: Any, limits: EntryLimits, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new list for this form only: the declared list is shared by every instance.
        for field, longest in (
            (self.you_said, limits.said),
            (self.we_did, limits.did),
            (self.theme, limits.theme),
        ):
            field.validators = [*field.validators, Length(max=longest)]


class PublishForm(StripWhitespaceForm):
    submit = SubmitField("Publish", widget=GovSubmitInput())
