"""Officer sign-in and sign-out."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from forms.auth import ForgottenPasswordForm, NewPasswordForm, SignInForm
from survey.domain.errors import DomainError
from survey.email import EmailNotSent, PasswordResetEmail, email_sender
from survey.officers import password_reset
from survey.officers.accounts import SignInError, authenticate
from survey.web.extensions import commit_request, db_session
from survey.web.limits import sign_in_throttle
from survey.web.public_urls import external_url_for
from survey.web.session_auth import sign_in, sign_out

blueprint = Blueprint("auth", __name__)
logger = logging.getLogger(__name__)


def _safe_next(target: str | None) -> str:
    # Only same-site paths, so the sign-in page cannot be used to redirect people elsewhere.
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("dashboard.home")  # where officers work


@blueprint.route("/sign-in", methods=["GET", "POST"], endpoint="sign_in")
def sign_in_page() -> str | Response:
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = authenticate(
                db_session(), form.email.data or "", form.password.data or "", sign_in_throttle()
            )
        except SignInError as error:
            form.email.errors = [str(error)]
        else:
            commit_request()
            sign_in(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/sign_in.html", form=form)


@blueprint.post("/sign-out", endpoint="sign_out")
def sign_out_page() -> Response:
    sign_out()
    commit_request()  # the raised session version is what ends copies of the cookie
    return redirect(url_for("public.home"))


def _reset_minutes() -> int:
    return int(current_app.config.get("PASSWORD_RESET_MINUTES") or 60)


@blueprint.route("/forgot-password", methods=["GET", "POST"], endpoint="forgot_password")
def forgot_password_page() -> str:
    """Ask for a reset link. The answer is the same whether or not the address has an account,
    so the page cannot be used to find out who works here."""
    form = ForgottenPasswordForm()
    sender = email_sender(current_app.config)
    if form.validate_on_submit():
        link = password_reset.make_link(
            db_session(),
            form.email.data or "",
            current_app.config["SECRET_KEY"],
            _reset_minutes(),
            actor="web:forgot-password",
        )
        if link is not None and sender is not None:
            _send_reset(sender, form.email.data or "", link)
        commit_request()
        return render_template("auth/reset_sent.html", minutes=_reset_minutes())
    return render_template("auth/forgot_password.html", form=form, can_email=sender is not None)


def _send_reset(sender: Any, address: str, link: password_reset.ResetLink) -> None:
    url = external_url_for("auth.reset_password", token=link.token)
    try:
        sender.send_password_reset(
            PasswordResetEmail(
                to=address,
                link=url,
                expires=link.expires_at.strftime("%H:%M on %-d %B %Y (UTC)"),
                council_name=current_app.config.get("COUNCIL_NAME") or "",
            )
        )
    except EmailNotSent:
        # Logged without the address; the person sees the same page and can ask an admin.
        logger.warning("password reset email not sent")


@blueprint.route("/reset-password/<token>", methods=["GET", "POST"], endpoint="reset_password")
def reset_password_page(token: str) -> str | Response | tuple[str, int]:
    session, secret = db_session(), current_app.config["SECRET_KEY"]
    try:
        password_reset.account_for(session, token, secret, _reset_minutes())
    except DomainError as error:
        return render_template("auth/reset_expired.html", message=error.message), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            password_reset.use_link(
                session, token, form.password.data or "", secret, _reset_minutes()
            )
        except DomainError as error:
            form.password.errors = [*form.password.errors, error.message]
        else:
            commit_request()
            return redirect(url_for("auth.sign_in", reset="1"))
    return render_template("auth/reset_password.html", form=form)
