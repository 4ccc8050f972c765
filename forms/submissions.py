"""Officers' forms on a staff submission: its status (with a reply) and a link to an action or
measure. The views fill in the choices: the statuses and the plan's actions and measures."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from forms.base import StripWhitespaceForm


class StatusForm(StripWhitespaceForm):
    status = SelectField("Status", widget=GovSelect(), validate_choice=True)
    reply = StringField(
        "Reply to the person who sent it (optional)",
        description="They see this in Slack or Teams unless they sent it anonymously. Do not include anyone's personal details.",
        widget=GovTextArea(),
        validators=[
            Optional(),
            Length(max=2000, message="Keep the reply to 2000 characters or fewer"),
        ],
    )
    submit = SubmitField("Save status", widget=GovSubmitInput())


class LinkForm(StripWhitespaceForm):
    target = SelectField(
        "Link it to an action or outcome measure",
        widget=GovSelect(),
        validate_choice=True,
        validators=[DataRequired(message="Choose an action or outcome measure")],
    )
    submit = SubmitField("Add link", widget=GovSubmitInput())
