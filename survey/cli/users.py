"""``yousaid user``: officer accounts, their roles, and passwords."""

from __future__ import annotations

import click
from sqlalchemy.orm import Session

from survey.cli.context import in_unit_of_work, settings, unit_of_work
from survey.cli.errors import user_errors
from survey.domain.errors import DomainError
from survey.officers.accounts import (
    create_account,
    deactivate_account,
    reset_password,
    set_role,
)
from survey.officers.chat_identities import (
    ChatId,
    link_chat,
    list_links,
    slack_id,
    teams_id,
    unlink_chat,
)
from survey.officers.password_reset import make_link

ROLES = ["admin", "officer", "hub_lead"]


@click.group()
def user() -> None:
    """Manage officer accounts."""


@user.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="officer", show_default=True)
@click.option("--name", default=None, help="The person's name, shown in the audit trail.")
@click.password_option(prompt="Password (at least 12 characters)")
@user_errors
@in_unit_of_work
def user_create(session: Session, email: str, role: str, name: str | None, password: str) -> str:
    """Create an officer account with EMAIL."""
    create_account(session, email, password, role, name=name, actor="cli")
    return f"Created {role} account for {email.strip().lower()}."


@user.command("set-role")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option(
    "--organisation",
    default=None,
    help="Code of the LA an officer belongs to (they then see its evidence only); '' for none.",
)
@click.option("--network", default=None, help="Slug of a hub lead's network; '' for none.")
@user_errors
@in_unit_of_work
def user_set_role(
    session: Session, email: str, role: str, organisation: str | None, network: str | None
) -> str:
    """Change the role (and organisation or network) of the account with EMAIL."""
    set_role(session, email, role, organisation, network, actor="cli")
    return f"{email.strip().lower()} is now {role.replace('_', ' ')}."


@user.command("reset-password")
@click.argument("email")
@click.password_option(prompt="New password (at least 12 characters)")
@user_errors
@in_unit_of_work
def user_reset_password(session: Session, email: str, password: str) -> str:
    """Set a new password for EMAIL and sign it out everywhere (audited; tell them in person)."""
    reset_password(session, email, password, actor="cli")
    return f"Password reset for {email.strip().lower()}."


@user.command("deactivate")
@click.argument("email")
@user_errors
@in_unit_of_work
def user_deactivate(session: Session, email: str) -> str:
    """Stop EMAIL signing in and end its open sessions at once (audited)."""
    deactivate_account(session, email, actor="cli")
    return f"{email.strip().lower()} can no longer sign in."


@user.command("reset-link")
@click.argument("email")
@user_errors
def user_reset_link(email: str) -> None:
    """Print a one-use link with which EMAIL chooses a new password (works for
    PASSWORD_RESET_MINUTES; audited). Give it to them yourself, e.g. by Teams or phone."""
    config = settings()
    base = config.get("PUBLIC_BASE_URL")
    if not base:
        raise click.ClickException(
            "Set PUBLIC_BASE_URL to the service's public address so the link points at it."
        )
    minutes = int(config.get("PASSWORD_RESET_MINUTES") or 60)
    with unit_of_work() as session:
        link = make_link(session, email, config["SECRET_KEY"], minutes, actor="cli")
    if link is None:
        raise click.ClickException(f"There is no active account for {email.strip().lower()}.")
    click.echo(f"{base.rstrip('/')}/reset-password/{link.token}")
    click.echo(f"It works once, until {link.expires_at:%H:%M on %-d %B %Y} (UTC).", err=True)


def _chat_id(slack: str | None, teams: str | None) -> ChatId:
    if bool(slack) == bool(teams):
        raise DomainError("Give one of --slack TEAM:USER or --teams OBJECT-ID", field="slack")
    return slack_id(slack) if slack else teams_id(teams or "")


_SLACK_HELP = "Slack team and user ids, TEAM:USER (from the user's profile, 'Copy member ID')."
_TEAMS_HELP = "The Teams user's Entra (AAD) object id (Entra admin centre, the user's Object ID)."


@user.command("link-chat")
@click.argument("email")
@click.option("--slack", default=None, metavar="TEAM:USER", help=_SLACK_HELP)
@click.option("--teams", default=None, metavar="OBJECT-ID", help=_TEAMS_HELP)
@user_errors
@in_unit_of_work
def user_link_chat(session: Session, email: str, slack: str | None, teams: str | None) -> str:
    """Say which Slack or Teams user the account with EMAIL is (audited).

    Only linked chat users may change a submission's status from the officers' channel, or log
    attendance, with what their account's role allows."""
    chat = _chat_id(slack, teams)
    link_chat(session, email, chat, actor="cli")
    return f"{chat} is now {email.strip().lower()}."


@user.command("unlink-chat")
@click.argument("email")
@click.option("--slack", default=None, metavar="TEAM:USER", help=_SLACK_HELP)
@click.option("--teams", default=None, metavar="OBJECT-ID", help=_TEAMS_HELP)
@user_errors
@in_unit_of_work
def user_unlink_chat(session: Session, email: str, slack: str | None, teams: str | None) -> str:
    """Remove a link made with link-chat (audited)."""
    chat = _chat_id(slack, teams)
    unlink_chat(session, email, chat, actor="cli")
    return f"{chat} is no longer linked to {email.strip().lower()}."


@user.command("list-chat")
@click.argument("email", required=False)
@user_errors
@in_unit_of_work
def user_list_chat(session: Session, email: str | None) -> str:
    """List the chat users linked to accounts (or to EMAIL's)."""
    links = list_links(session, email)
    if not links:
        return "No chat users are linked."
    return "\n".join(f"{address}\t{role}\t{chat}" for address, role, chat in links)
