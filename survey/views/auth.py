"""Officer sign-in and sign-out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from forms.auth import SignInForm
from survey.auth import SignInError, authenticate, sign_in, sign_out
from survey.extensions import commit_request, db_session

blueprint = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    # Only same-site paths, so the sign-in page cannot be used to redirect people elsewhere.
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("plans.index")


@blueprint.route("/sign-in", methods=["GET", "POST"], endpoint="sign_in")
def sign_in_page() -> str | Response:
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = authenticate(db_session(), form.email.data or "", form.password.data or "")
        except SignInError as error:
            commit_request()  # keep the failure count even though we show the form again
            form.email.errors = [str(error)]
        else:
            commit_request()
            sign_in(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/sign_in.html", form=form)


@blueprint.post("/sign-out", endpoint="sign_out")
def sign_out_page() -> Response:
    sign_out()
    return redirect(url_for("public.home"))
