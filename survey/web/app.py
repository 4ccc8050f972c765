"""The application factory: short, and calls named helpers (Flask tutorial, GOV.UK Notify)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from survey.config import build_config


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the yousaid web app. ``config`` overrides environment variables (tests, CLI)."""
    settings = build_config(config)
    app = Flask(__name__, instance_path=settings["YOUSAID_INSTANCE_PATH"], static_folder=None)
    app.config.update(settings)
    _register_extensions(app)
    _register_blueprints(app)
    _register_channels(app)
    from survey.web.errors import register_error_handlers

    register_error_handlers(app)
    from survey.web.extensions import init_request_commit

    init_request_commit(app)  # last, so it runs first after each request
    return app


def _register_extensions(app: Flask) -> None:
    from survey.web.extensions import init_database, init_security, init_templates
    from survey.web.i18n import init_i18n

    init_database(app)
    init_templates(app)
    init_security(app)
    init_i18n(app)


def _register_blueprints(app: Flask) -> None:
    from survey.web.views import api, dashboard

    for module in (dashboard, api):
        app.register_blueprint(module.blueprint)
    api.init_api(app)
    from survey.web.limits import init_limits
    from survey.web.views import assets, auth, health, plans, public, respond

    for module in (assets, health, public, respond, auth, plans):
        app.register_blueprint(module.blueprint)
    init_limits(app)
    from survey.web.views import review, yswd

    app.register_blueprint(review.blueprint)
    app.register_blueprint(yswd.blueprint)
    from survey.web.views import privacy

    app.register_blueprint(privacy.blueprint)


def _register_channels(app: Flask) -> None:
    """Chat channels are optional: each registers itself only when configured."""
    from survey.outbox import Outbox, deliver_after_commit

    # The outbox exists without any channel: queued messages wait until a sender is registered.
    database = app.extensions["yousaid.database"]
    outbox = Outbox(database.unit_of_work)
    deliver_after_commit(database.sessions, outbox)
    app.extensions["yousaid.outbox"] = outbox
    from bot.slack.flask import init_slack

    init_slack(app, outbox)
    from bot.teams.flask import init_teams

    init_teams(app, outbox)
