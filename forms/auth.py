"""Officer sign-in."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from forms.base import StripWhitespaceForm


class SignInForm(StripWhitespaceForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter your email address"),
            Email(message="Enter an email address in the correct format, like name@example.gov.uk"),
            Length(max=320, message="Email address must be 320 characters or fewer"),
        ],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[DataRequired(message="Enter your password"), Length(max=200)],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ForgottenPasswordForm(StripWhitespaceForm):
    email = EmailField(
        "Email address",
        description="The address you sign in with. We will email you a link to choose a new password.",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter your email address"),
            Email(message="Enter an email address in the correct format, like name@example.gov.uk"),
            Length(max=320, message="Email address must be 320 characters or fewer"),
        ],
    )
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


class NewPasswordForm(StripWhitespaceForm):
    password = PasswordField(
        "New password",
        description="At least 12 characters. A few unrelated words make a strong, memorable one.",
        widget=GovPasswordInput(),
        validators=[DataRequired(message="Enter a new password"), Length(max=200)],
    )
    confirm = PasswordField(
        "Type the new password again",
        widget=GovPasswordInput(),
        validators=[
            DataRequired(message="Type the new password again"),
            EqualTo("password", message="The two passwords are not the same"),
        ],
    )
    submit = SubmitField("Set new password", widget=GovSubmitInput())
