"""Bolt listeners: translate Slack payloads to the conversation core and its answers back.

Each listener's first part runs before the HTTP response (``process_before_response``) and only
does quick database work and ``ack()``; Slack Web API calls (DMs, views) run in lazy listeners
after the response, so Slack always gets its answer within 3 seconds. Officers' posts are not
made here: intake queues them in the notification outbox. Keys for idempotency come from
Slack's own ids (trigger, view, message ts, event id), so a retried delivery or a
double-clicked button never stores twice.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.conversation import messages as m
from bot.conversation.attendance import AttendanceConversation
from bot.conversation.staff import CANCEL, StaffConversation
from bot.slack import blocks

log = logging.getLogger(__name__)
MENTION = re.compile(r"<@[A-Z0-9]+>")
MAX_BUTTON_TEXT = 1800  # a button's value holds the text to file (Slack allows 2000)


def slack_call(client: WebClient, method: str, **arguments: Any) -> dict[str, Any] | None:
    """Call the Web API; an error is logged by its code (never with message text), not raised."""
    try:
        return client.api_call(method, json=arguments).data  # type: ignore[return-value]
    except SlackApiError as error:
        log.warning("Slack %s failed: %s", method, error.response.get("error", "unknown"))
    except OSError as error:
        log.warning("Slack %s failed: %s", method, type(error).__name__)
    return None


def author_of(body: dict[str, Any], context: Any) -> m.Author:
    user = body.get("user") or {}
    user_id = user.get("id") if isinstance(user, dict) else None
    user_id = user_id or body.get("user_id") or context.user_id
    team = context.team_id or (body.get("team") or {}).get("id") or body.get("team_id")
    name = (user.get("name") or user.get("username")) if isinstance(user, dict) else None
    return m.Author(
        channel="slack",
        user_id=user_id,
        workspace_id=team,
        name=name or body.get("user_name"),
        reply_address={"team": team, "user": user_id},
    )


def channel_of(body: dict[str, Any]) -> str | None:
    """The channel a block action was clicked in (Slack signs the body, so this is Slack's word)."""
    container = body.get("container") or {}
    return container.get("channel_id") or (body.get("channel") or {}).get("id")


class SlackListeners:
    def __init__(
        self,
        staff: StaffConversation,
        attendance: AttendanceConversation,
        officers_channel: str | None = None,
    ) -> None:
        self.staff = staff
        self.attendance = attendance
        self.officers_channel = officers_channel

    def in_officers_channel(self, body: dict[str, Any]) -> bool:
        return bool(self.officers_channel) and channel_of(body) == self.officers_channel

    def register(self, app: App) -> None:
        app.command("/stars")(ack=self.stars_command, lazy=[self.after_stars_command])
        app.command("/attendance")(ack=self.attendance_command, lazy=[])
        app.view("stars")(ack=self.stars_submitted, lazy=[self.after_stars_submitted])
        app.view("attendance")(ack=self.attendance_submitted, lazy=[self.after_attendance])
        app.shortcut("send_to_stars")(ack=self.message_shortcut, lazy=[])
        app.action(re.compile(f"^{blocks.OFFER_ACTION}:"))(
            ack=self.offer_clicked, lazy=[self.after_offer_clicked]
        )
        app.action(re.compile(f"^{blocks.STATUS_ACTION}:"))(
            ack=self.status_clicked, lazy=[self.after_status_clicked]
        )
        app.action({"block_id": "network", "action_id": "network"})(
            ack=self.network_chosen, lazy=[]
        )
        app.options("action")(self.action_options)
        app.event("app_mention")(ack=_ack_event, lazy=[self.offer_to_file])
        # Only direct messages are offered a filing (the manifest subscribes to message.im).
        app.event("message")(ack=_ack_event, lazy=[self.offer_to_file])
        app.event("app_home_opened")(ack=_ack_event, lazy=[self.publish_home])

    # --- /stars ---------------------------------------------------------------------------

    def stars_command(
        self, ack: Ack, body: dict[str, Any], context: Any, client: WebClient
    ) -> None:
        author = author_of(body, context)
        key = f"command:{author.workspace_id}:{body.get('trigger_id')}"
        answer = self.staff.command(author, body.get("text"), key)
        if isinstance(answer, m.Form):
            ack()
            slack_call(
                client, "views.open", trigger_id=body["trigger_id"], view=blocks.modal(answer)
            )
        elif isinstance(answer, m.Filed):
            ack(text=answer.reply.text, response_type="ephemeral")
        else:
            ack(text=answer.text, response_type="ephemeral")

    def after_stars_command(self, body: dict[str, Any], context: Any, client: WebClient) -> None:
        author = author_of(body, context)
        self.announce(client, author, f"command:{author.workspace_id}:{body.get('trigger_id')}")

    def stars_submitted(
        self, ack: Ack, body: dict[str, Any], context: Any, view: dict[str, Any]
    ) -> None:
        outcome = self.staff.file(
            author_of(body, context), blocks.view_values(view), _view_key(body, view)
        )
        if isinstance(outcome, m.Problems):
            fields = {b.get("block_id") for b in view.get("blocks", [])} - {None}
            ack(response_action="errors", errors=blocks.errors(outcome, fields))
        else:
            ack()

    def after_stars_submitted(self, body: dict[str, Any], context: Any, client: WebClient) -> None:
        self.announce(client, author_of(body, context), _view_key(body, body["view"]))

    def message_shortcut(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        message = body.get("message") or {}
        source = f"{(body.get('channel') or {}).get('id')}:{message.get('ts')}"
        form = self.staff.form(
            text=MENTION.sub("", message.get("text") or "").strip(), context={"source": source}
        )
        slack_call(client, "views.open", trigger_id=body["trigger_id"], view=blocks.modal(form))

    def announce(self, client: WebClient, author: m.Author, raw_key: str) -> None:
        """After a submission: give an anonymous author their reference by DM.

        Named authors get theirs from the notification outbox (it retries), and officers hear of
        every new submission through the outbox too (queued by intake). An anonymous author's
        reference is sent straight away and kept nowhere, so it cannot wait in the outbox.
        """
        found = self.staff.filed(raw_key)
        if found is None or not found[1] or not self.staff.claim(f"announce:{raw_key}"):
            return  # nothing stored, named (the outbox tells them), or already told (a repeat)
        slack_call(client, "chat.postMessage", channel=author.user_id, text=found[2])

    # --- a message to the app -----------------------------------------------------------------

    def offer_to_file(self, body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        if event.get("bot_id") or event.get("subtype"):
            return  # our own posts, edits, joins: nothing to file
        if event.get("type") == "message" and event.get("channel_type") != "im":
            return
        if not self.staff.claim(f"event:{body.get('event_id')}"):
            return  # Slack retried a delivery we already answered
        text = MENTION.sub("", event.get("text") or "").strip()
        context = {"c": event.get("channel", ""), "ts": event.get("ts", "")}
        if len(text) > MAX_BUTTON_TEXT:
            reply = m.Reply(
                "That is long for a quick note: type /stars to open the form and paste it there."
            )
        else:
            reply = self.staff.offer(text, {**context, "t": text})
        slack_call(
            client,
            "chat.postMessage",
            channel=event.get("channel"),
            thread_ts=event.get("thread_ts")
            if event.get("channel_type") == "im"
            else event.get("ts"),
            text=reply.text,
            blocks=blocks.reply_blocks(reply),
        )

    def offer_clicked(
        self, ack: Ack, body: dict[str, Any], context: Any, action: dict[str, Any]
    ) -> None:
        ack()
        choice = action["action_id"].split(":", 1)[1]
        offered = _json(action.get("value"))
        if choice == CANCEL or not offered.get("t"):
            return
        author = author_of(body, context)
        self.staff.file(author, {"kind": choice, "text": offered["t"]}, _offer_key(author, offered))

    def after_offer_clicked(
        self, body: dict[str, Any], context: Any, action: dict[str, Any], client: WebClient
    ) -> None:
        choice = action["action_id"].split(":", 1)[1]
        author = author_of(body, context)
        offered = _json(action.get("value"))
        found = self.staff.filed(_offer_key(author, offered)) if choice != CANCEL else None
        text = found[2] if found else "Not sent. Nothing was kept."
        container = body.get("container") or {}
        slack_call(
            client,
            "chat.update",
            channel=container.get("channel_id"),
            ts=container.get("message_ts"),
            text=text,
            blocks=blocks.reply_blocks(m.Reply(text)),
        )
        if found:
            self.announce(client, author, _offer_key(author, offered))

    # --- officers ---------------------------------------------------------------------------

    def status_clicked(
        self, ack: Ack, body: dict[str, Any], context: Any, action: dict[str, Any]
    ) -> None:
        ack()
        status = action["action_id"].split(":", 1)[1]
        self.staff.change_status(
            author_of(body, context),
            action.get("value", ""),
            status,
            in_officers_place=self.in_officers_channel(body),
        )

    def after_status_clicked(
        self, body: dict[str, Any], context: Any, action: dict[str, Any], client: WebClient
    ) -> None:
        officer = author_of(body, context)
        container = body.get("container") or {}
        refusal = self.staff.status_refusal(
            officer, in_officers_place=self.in_officers_channel(body)
        )
        if refusal is not None:
            # Refused (and audited) before the response: tell only the person who clicked.
            slack_call(
                client,
                "chat.postEphemeral",
                channel=channel_of(body) or officer.user_id,
                user=officer.user_id,
                text=refusal.text,
            )
            return
        card = self.staff.officer_card(action.get("value", ""))
        if card is None:
            return
        slack_call(
            client,
            "chat.update",
            channel=container.get("channel_id"),
            ts=container.get("message_ts"),
            text=f"{card.reference}: {card.status}",
            blocks=blocks.officer_blocks(
                card, note=f"{card.status}, last changed by <@{officer.user_id}>"
            ),
        )

    def action_options(self, ack: Ack, body: dict[str, Any]) -> None:
        found = self.staff.search_actions(body.get("value") or "")
        ack(
            options=[
                {"text": {"type": "plain_text", "text": c.label}, "value": c.value} for c in found
            ]
        )

    # --- App Home ---------------------------------------------------------------------------

    def publish_home(self, event: dict[str, Any], context: Any, client: WebClient) -> None:
        if event.get("tab") not in (None, "home"):
            return
        author = m.Author("slack", event["user"], context.team_id)
        slack_call(
            client,
            "views.publish",
            user_id=event["user"],
            view=blocks.home_view(self.staff.home(author)),
        )

    # --- /attendance -------------------------------------------------------------------------

    def attendance_command(
        self, ack: Ack, body: dict[str, Any], context: Any, client: WebClient
    ) -> None:
        answer = self.attendance.form(
            author_of(body, context), (body.get("text") or "").strip() or None
        )
        if isinstance(answer, m.Reply):
            ack(text=answer.text, response_type="ephemeral")
            return
        ack()
        metadata = {"reply_to": body.get("channel_id", "")}
        slack_call(
            client, "views.open", trigger_id=body["trigger_id"], view=blocks.modal(answer, metadata)
        )

    def network_chosen(
        self,
        ack: Ack,
        body: dict[str, Any],
        context: Any,
        action: dict[str, Any],
        client: WebClient,
    ) -> None:
        ack()
        view = body.get("view") or {}
        form = self.attendance.form(
            author_of(body, context), (action.get("selected_option") or {}).get("value")
        )
        if isinstance(form, m.Form):
            metadata = {"reply_to": blocks.view_context(view).get("reply_to", "")}
            slack_call(
                client,
                "views.update",
                view_id=view.get("id"),
                hash=view.get("hash"),
                view=blocks.modal(form, metadata),
            )

    def attendance_submitted(
        self, ack: Ack, body: dict[str, Any], context: Any, view: dict[str, Any]
    ) -> None:
        values = blocks.view_values(view)
        author = author_of(body, context)
        fields = {b.get("block_id") for b in view.get("blocks", [])} - {None}
        if "organisations" not in values:  # only the network was asked: show the whole form
            form = self.attendance.form(author, values.get("network"))
            if isinstance(form, m.Form):
                metadata = {"reply_to": blocks.view_context(view).get("reply_to", "")}
                ack(response_action="update", view=blocks.modal(form, metadata))
                return
        outcome = self.attendance.submit(values, author)
        if isinstance(outcome, m.Reply):  # refused: a modal shows words only as a field error
            ack(
                response_action="errors",
                errors=blocks.errors(m.Problems({"": outcome.text}), fields),
            )
        elif isinstance(outcome, m.Problems):
            ack(response_action="errors", errors=blocks.errors(outcome, fields))
        else:
            ack()

    def after_attendance(
        self, body: dict[str, Any], context: Any, view: dict[str, Any], client: WebClient
    ) -> None:
        values = blocks.view_values(view)
        if "organisations" not in values:
            return
        author = author_of(body, context)
        summary = self.attendance.summary(values, author)
        if summary is None:
            return  # refused: the person saw why in the form
        user = author.user_id
        reply_to = blocks.view_context(view).get("reply_to") or user
        posted = slack_call(client, "chat.postMessage", channel=reply_to, text=summary)
        if posted is None and reply_to != user:
            # The app is not in that channel (or it is gone): the hub lead still gets it by DM.
            slack_call(client, "chat.postMessage", channel=user, text=summary)


def _ack_event(ack: Ack) -> None:
    ack()


def _json(value: str | None) -> dict[str, Any]:
    try:
        found = json.loads(value or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _view_key(body: dict[str, Any], view: dict[str, Any]) -> str:
    # A shortcut's form is keyed on the message, so sending that message twice files it once;
    # any other form on the view id, which a double-clicked submit repeats.
    source = blocks.view_context(view).get("source")
    team = (body.get("team") or {}).get("id")
    user = (body.get("user") or {}).get("id")
    return f"message:{team}:{user}:{source}" if source else f"view:{team}:{view.get('id')}"


def _offer_key(author: m.Author, offered: dict[str, Any]) -> str:
    return f"message:{author.workspace_id}:{author.user_id}:{offered.get('c')}:{offered.get('ts')}"


Handler = Callable[..., None]
