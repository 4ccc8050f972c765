"""The ``yousaid`` command line: one plain sentence and a non-zero exit for every user error.

Each command group lives in its own module (``survey/cli/surveys.py`` holds ``yousaid survey
...``) and is imported only when it is run: importing every group's dependencies (the sentiment
models, the ORM, alembic, Flask, the Slack SDK) costs about 1.8 s of CPU, against 0.2 s for
click alone, and ``yousaid sentiment`` in a pipe or a cron job should not pay for the rest.
``yousaid --help`` still lists every command, since listing them loads them all.
"""

from __future__ import annotations

import importlib

import click

# Command name -> "module:attribute" under survey.cli. Kept in one place so a newcomer can find
# where any command is written.
COMMANDS = {
    "analyse": "analyse:analyse",
    "api": "reports:api",
    "db": "db:db",
    "digest": "chat:digest",
    "import": "imports:import_group",
    "links": "links:links_group",
    "notifications": "chat:notifications_group",
    "orgs": "plans:orgs_group",
    "plan": "plans:plan",
    "report": "reports:report",
    "retention": "privacy:retention",
    "secrets": "secrets:secrets_group",
    "seed-demo": "plans:seed_demo",
    "sentiment": "sentiment:sentiment",
    "serve": "serve:serve",
    "slack": "chat:slack",
    "stats": "stats:stats",
    "subject": "privacy:subject",
    "survey": "surveys:survey_group",
    "teams": "teams:teams_group",
    "user": "users:user",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported from COMMANDS the first time they are asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = COMMANDS[cmd_name].split(":")
        module = importlib.import_module(f"{__name__}.{module_name}")
        command: click.Command = getattr(module, attribute)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="yousaid")
def main() -> None:
    """yousaid: hear from parents, staff and hub leads, link it to the SEND action plan, and
    show what changed because of it."""
