"""The application factory: short, and calls named helpers (Flask tutorial, GOV.UK Notify)."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Flask

from bot.slack.flask import init_slack
from bot.teams.flask import init_teams
from survey.config import build_config
from survey.intake.link_rebuilds import LinkRebuilds, run_after_commit
from survey.outbox import Outbox, deliver_after_commit
from survey.web.error_pages import register_error_handlers
from survey.web.extensions import (
    csrf,
    init_database,
    init_request_commit,
    init_security,
    init_templates,
)
from survey.web.i18n import init_i18n
from survey.web.limits import init_limits
from survey.web.session_auth import init_user_in_templates
from survey.web.views import (
    api,
    assets,
    auth,
    dashboard,
    health,
    plan_editing,
    plans,
    privacy,
    public,
    respond,
    review,
    yswd,
)

# Chat channels' blueprints: each signs its own requests (Slack) or sends a bearer token (Teams),
# so neither can send our CSRF token.
CHANNEL_BLUEPRINTS = ("slack", "teams")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the yousaid web app. ``config`` overrides environment variables (tests, CLI)."""
    settings = build_config(config)
    app = Flask(__name__, instance_path=settings["YOUSAID_INSTANCE_PATH"], static_folder=None)
    app.config.update(settings)
    _register_extensions(app)
    _register_blueprints(app)
    _register_channels(app)
    _register_background_jobs(app)
    register_error_handlers(app)
    init_request_commit(app)  # last, so it runs first after each request
    return app


def _register_extensions(app: Flask) -> None:
    init_database(app)
    init_templates(app)
    init_user_in_templates(app)
    init_security(app)
    init_i18n(app)


def _register_blueprints(app: Flask) -> None:
    for module in (dashboard, api):
        app.register_blueprint(module.blueprint)
    api.init_api(app)
    for module in (assets, health, public, respond, auth, plans, plan_editing):
        app.register_blueprint(module.blueprint)
    init_limits(app)
    for module in (review, yswd, privacy):
        app.register_blueprint(module.blueprint)


def _register_background_jobs(app: Flask) -> None:
    """Link suggestions are recomputed after a plan edit commits: on one background thread per
    web process (``BACKGROUND_JOBS=thread``), in the request (``inline``: tests), or only by
    ``yousaid links rebuild --queued`` (``off``)."""
    database = app.extensions["yousaid.database"]
    rebuilds = LinkRebuilds(database.unit_of_work)
    mode = app.config["BACKGROUND_JOBS"]
    if mode == "thread":
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="yousaid-link-rebuilds")
        rebuilds.run_with(executor.submit)
        app.extensions["yousaid.background"] = executor
    elif mode == "off":
        rebuilds.run_with(lambda _job: None)  # left queued for the command line
    run_after_commit(database.sessions, rebuilds)
    app.extensions["yousaid.link_rebuilds"] = rebuilds


def _register_channels(app: Flask) -> None:
    """Chat channels are optional: each registers itself only when configured."""
    # The outbox exists without any channel: queued messages wait until a sender is registered.
    database = app.extensions["yousaid.database"]
    outbox = Outbox(database.unit_of_work)
    deliver_after_commit(database.sessions, outbox)
    app.extensions["yousaid.outbox"] = outbox
    init_slack(app, outbox)
    init_teams(app, outbox)
    for name in CHANNEL_BLUEPRINTS:
        if name in app.blueprints:  # registered only when that channel is configured
            csrf.exempt(app.blueprints[name])
