"""The accounts that may sign in to the dashboard (admins only)."""

from __future__ import annotations

from flask import render_template

from storage.repositories.users import list_users
from survey.web.extensions import db_session
from survey.web.session_auth import login_required
from survey.web.views.dashboard.base import blueprint


@blueprint.get("/users")
@login_required("admin")
def users() -> str:
    return render_template("dashboard/users.html", users=list_users(db_session()))
