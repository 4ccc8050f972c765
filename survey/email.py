"""Sending email: save-and-return links, through SMTP or GOV.UK Notify's official client.

Which sender is used is configuration (``email_sender(config)``); with neither configured the
link is only shown on screen. The parent's address is used for the one message and not stored.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, Protocol

from survey.domain.errors import DomainError


@dataclass(frozen=True)
class ResumeEmail:
    to: str
    survey_title: str
    link: str
    expires: str  # already written for people, in their language, e.g. "14 December 2026"
    council_name: str
    language: str = "en"  # the parent's: "cy" sends the Welsh wording


@dataclass(frozen=True)
class PasswordResetEmail:
    to: str
    link: str
    expires: str  # written for people, e.g. "14:05 on 30 November 2026"
    council_name: str


class EmailSender(Protocol):
    def send_resume_link(self, message: ResumeEmail) -> None: ...

    def send_password_reset(self, message: PasswordResetEmail) -> None: ...


class EmailNotSent(DomainError):
    """The sender refused or could not be reached; the parent still has the link on screen."""


def resume_email_text(message: ResumeEmail) -> tuple[str, str]:
    if message.language == "cy":
        return _welsh_resume_email_text(message)
    subject = f"Your saved answers: {message.survey_title}"
    body = (
        f"You saved your answers to '{message.survey_title}'.\n\n"
        f"To carry on, open this link before {message.expires}:\n\n{message.link}\n\n"
        "Anyone with the link can see and change your answers, so do not share it.\n"
        "If you did not ask for this email, you can ignore it.\n\n"
        f"{message.council_name}\n"
    )
    return subject, body


def _welsh_resume_email_text(message: ResumeEmail) -> tuple[str, str]:
    # Written here rather than in the web catalogue: this module knows no Flask.
    subject = f"Eich atebion wedi’u cadw: {message.survey_title}"
    body = (
        f"Rydych wedi cadw eich atebion i ‘{message.survey_title}’.\n\n"
        f"I barhau, agorwch y ddolen hon cyn {message.expires}:\n\n{message.link}\n\n"
        "Gall unrhyw un sydd â’r ddolen weld a newid eich atebion, felly peidiwch â’i rhannu.\n"
        "Os na wnaethoch ofyn am yr e-bost hwn, gallwch ei anwybyddu.\n\n"
        f"{message.council_name}\n"
    )
    return subject, body


def password_reset_text(message: PasswordResetEmail) -> tuple[str, str]:
    subject = f"Reset your password: {message.council_name} SEND feedback"
    body = (
        "Someone asked to reset the password of your officer account.\n\n"
        f"To choose a new password, open this link before {message.expires}:\n\n"
        f"{message.link}\n\n"
        "The link works once. If you did not ask for this, ignore this email: your password "
        "has not changed.\n\n"
        f"{message.council_name}\n"
    )
    return subject, body


@dataclass(frozen=True)
class SmtpSender:
    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 10.0

    def send_resume_link(self, message: ResumeEmail) -> None:
        self._send(message.to, *resume_email_text(message))

    def send_password_reset(self, message: PasswordResetEmail) -> None:
        self._send(message.to, *password_reset_text(message))

    def _send(self, to: str, subject: str, body: str) -> None:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = to
        email["Subject"] = subject
        email.set_content(body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(email)
        except (OSError, smtplib.SMTPException) as error:
            raise EmailNotSent(f"The email could not be sent ({error})", field="email") from None


@dataclass(frozen=True)
class NotifySender:
    """GOV.UK Notify: the template takes ((survey_title)), ((link)), ((expires)),
    ((council_name)) and ((welsh)) ("yes" when the parent answered in Welsh, for the template's
    conditional text ((welsh??...))) as personalisation."""

    api_key: str
    template_id: str
    base_url: str | None = None
    password_reset_template_id: str | None = None

    def send_resume_link(self, message: ResumeEmail) -> None:
        self._send(
            message.to,
            self.template_id,
            {
                "survey_title": message.survey_title,
                "link": message.link,
                "expires": message.expires,
                "council_name": message.council_name,
                "welsh": "yes" if message.language == "cy" else "no",
            },
        )

    def send_password_reset(self, message: PasswordResetEmail) -> None:
        if not self.password_reset_template_id:
            raise EmailNotSent("No Notify template is set for password resets", field="email")
        self._send(
            message.to,
            self.password_reset_template_id,
            {
                "link": message.link,
                "expires": message.expires,
                "council_name": message.council_name,
            },
        )

    def _send(self, to: str, template_id: str, personalisation: dict[str, str]) -> None:
        from notifications_python_client.errors import APIError
        from notifications_python_client.notifications import NotificationsAPIClient

        options: dict[str, Any] = {"base_url": self.base_url} if self.base_url else {}
        client = NotificationsAPIClient(self.api_key, **options)
        try:
            client.send_email_notification(
                email_address=to, template_id=template_id, personalisation=personalisation
            )
        except (APIError, OSError) as error:
            raise EmailNotSent(f"The email could not be sent ({error})", field="email") from None


def email_sender(config: Mapping[str, Any]) -> EmailSender | None:
    """The configured sender: GOV.UK Notify when its key is set, else SMTP, else none."""
    if config.get("NOTIFY_API_KEY"):
        return NotifySender(
            config["NOTIFY_API_KEY"],
            config.get("NOTIFY_RESUME_TEMPLATE_ID") or "",
            config.get("NOTIFY_BASE_URL"),
            config.get("NOTIFY_PASSWORD_RESET_TEMPLATE_ID"),
        )
    if config.get("SMTP_HOST"):
        return SmtpSender(
            host=config["SMTP_HOST"],
            port=int(config.get("SMTP_PORT") or 25),
            sender=config.get("EMAIL_FROM") or "noreply@localhost",
            username=config.get("SMTP_USERNAME"),
            password=config.get("SMTP_PASSWORD"),
            starttls=str(config.get("SMTP_STARTTLS") or "").lower() in {"1", "true", "yes"},
        )
    return None
