"""The review queue for suggested links: its filters and the one form round the whole queue.
The views fill in the choices (actions, measures, sources, local authorities)."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import Length, Optional

from forms.base import StripWhitespaceForm
from forms.validators import PeriodForm, readable_period


class QueueFilterForm(PeriodForm):
    """Sent with GET, so a filtered queue can be bookmarked and shared between officers."""

    class Meta:
        csrf = False

    action = SelectField("Action", widget=GovSelect(), validate_choice=False)
    measure = SelectField("Measure", widget=GovSelect(), validate_choice=False)
    source = SelectField("Source", widget=GovSelect(), validate_choice=False)
    la = SelectField("Local authority", widget=GovSelect(), validate_choice=False)
    period = StringField(
        "Received in",
        description="A month (2026-10), term (2026-autumn), quarter (2026-Q3) or range (2026-09-01..2026-10-15)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=40), readable_period],
    )
    submit = SubmitField("Apply filters", widget=GovSubmitInput())


class ReviewForm(StripWhitespaceForm):
    """One form round the whole queue: per-item buttons, or ticked items and one bulk button."""

    links = SelectMultipleField("Suggested links", coerce=int, validate_choice=False)
    target = SelectField("Move the ticked links to", widget=GovSelect(), validate_choice=False)
