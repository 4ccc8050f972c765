"""Block Kit to and from the conversation core: pure functions, no Slack calls."""

from __future__ import annotations

import json
from typing import Any

from bot.conversation import messages as m

OFFER_ACTION = "stars_offer"  # action ids "stars_offer:idea", ... "stars_offer:cancel"
STATUS_ACTION = "stars_status"  # action ids "stars_status:acknowledged", ...


def _text(text: str, limit: int = 3000) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:limit], "emoji": False}


def _md(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text[:3000]}


def _option(choice: m.Choice) -> dict[str, Any]:
    return {"text": _text(choice.label, 75), "value": choice.value[:150]}


def _element(f: m.Field) -> dict[str, Any]:
    element: dict[str, Any] = {"action_id": f.name}
    if f.kind in (m.TEXT, m.LONG_TEXT):
        element["type"] = "plain_text_input"
        element["multiline"] = f.kind == m.LONG_TEXT
        if f.max_length:
            element["max_length"] = f.max_length
        if f.initial:
            element["initial_value"] = str(f.initial)[: f.max_length or 3000]
    elif f.kind == m.CHOICE:
        element.update(type="static_select", options=[_option(c) for c in f.choices[:100]])
        initial = next((c for c in f.choices if c.value == f.initial), None)
        if initial:
            element["initial_option"] = _option(initial)
    elif f.kind == m.MULTI_CHOICE:
        element.update(type="multi_static_select", options=[_option(c) for c in f.choices[:100]])
    elif f.kind == m.SEARCH:
        element.update(type="external_select", min_query_length=1)
    elif f.kind == m.CHECKBOX:
        option = {"text": _text(f.label), "value": "yes"}
        if f.hint:
            option["description"] = _text(f.hint, 150)
        element.update(type="checkboxes", options=[option])
    elif f.kind == m.DATE:
        element["type"] = "datepicker"
    elif f.kind == m.NUMBER:
        element.update(type="number_input", is_decimal_allowed=False, min_value="0")
    return element


def field_block(f: m.Field) -> dict[str, Any] | None:
    if f.kind == m.NOTE:
        return {"type": "section", "block_id": f.name, "text": _md(f.label)}
    if f.kind in (m.CHOICE, m.MULTI_CHOICE) and not f.choices:
        return None  # Slack refuses a select without options (e.g. no workstreams loaded)
    block: dict[str, Any] = {
        "type": "input",
        "block_id": f.name,
        "label": _text(f.label, 2000),
        "optional": not f.required,
        "element": _element(f),
    }
    if f.refreshes_form:
        block["dispatch_action"] = True
    if f.hint and f.kind != m.CHECKBOX:
        block["hint"] = _text(f.hint, 2000)
    return block


def modal(form: m.Form, metadata: dict[str, str] | None = None) -> dict[str, Any]:
    """A modal view for a core form; ``private_metadata`` carries the form's context."""
    return {
        "type": "modal",
        "callback_id": form.name,
        "title": _text(form.title, 24),
        "submit": _text(form.submit_label, 24),
        "close": _text("Cancel", 24),
        "private_metadata": json.dumps({**form.context, **(metadata or {})})[:3000],
        "blocks": [b for b in (field_block(f) for f in form.fields) if b],
    }


def view_values(view: dict[str, Any]) -> dict[str, Any]:
    """What someone answered in a modal, as field name -> plain value."""
    values: dict[str, Any] = {}
    for block_id, actions in (view.get("state") or {}).get("values", {}).items():
        for state in actions.values():
            values[block_id] = _state_value(state)
    return values


def _state_value(state: dict[str, Any]) -> Any:
    kind = state.get("type")
    if kind in ("static_select", "external_select"):
        return (state.get("selected_option") or {}).get("value")
    if kind == "multi_static_select":
        return [o["value"] for o in state.get("selected_options") or []]
    if kind == "checkboxes":
        return bool(state.get("selected_options"))
    if kind == "datepicker":
        return state.get("selected_date")
    return state.get("value")


def view_context(view: dict[str, Any]) -> dict[str, str]:
    try:
        found = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def errors(problems: m.Problems, form_fields: set[str]) -> dict[str, str]:
    """Problems keyed by the block they belong to; others go on the main text block."""
    fallback = "text" if "text" in form_fields else next(iter(sorted(form_fields)), "text")
    out: dict[str, str] = {}
    for name, message in problems.messages.items():
        block = name if name in form_fields else fallback
        out[block] = f"{out[block]} {message}" if block in out else message
    return out


def reply_blocks(reply: m.Reply, action_prefix: str = OFFER_ACTION) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [{"type": "section", "text": _md(reply.text)}]
    if reply.choices:
        value = json.dumps(reply.context)
        blocks.append(
            {
                "type": "actions",
                "block_id": action_prefix,
                "elements": [
                    {
                        "type": "button",
                        "action_id": f"{action_prefix}:{c.value}",
                        "text": _text(c.label, 75),
                        "value": value,
                        **({"style": "primary"} if i == 0 else {}),
                    }
                    for i, c in enumerate(reply.choices)
                ],
            }
        )
    return blocks


def officer_blocks(card: m.OfficerCard, note: str | None = None) -> list[dict[str, Any]]:
    lines = [
        f"*New {card.kind}* {card.reference}"
        + (f" for _{card.workstream}_" if card.workstream else ""),
        f"From: {card.author}",
        f"Status: {card.status}",
    ]
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": _md("\n".join(lines))},
        {"type": "section", "text": _text(card.text)},
    ]
    if note:
        blocks.append({"type": "context", "elements": [_md(note)]})
    if card.next_statuses:
        blocks.append(
            {
                "type": "actions",
                "block_id": STATUS_ACTION,
                "elements": [
                    {
                        "type": "button",
                        "action_id": f"{STATUS_ACTION}:{c.value}",
                        "text": _text(c.label, 75),
                        "value": card.reference,
                    }
                    for c in card.next_statuses
                ],
            }
        )
    return blocks


def home_view(home: m.Home) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": _text("Your STARS submissions", 150)},
    ]
    if home.submissions:
        for s in home.submissions:
            line = f"*{s.reference}* ({s.kind}{', anonymous' if s.anonymous else ''}): {s.status}"
            blocks.append({"type": "section", "text": _md(f"{line}\n{_escape(s.summary)}")})
            if s.officer_reply:
                blocks.append(
                    {"type": "context", "elements": [_md(f"Reply: {_escape(s.officer_reply)}")]}
                )
            for change in s.we_did:
                blocks.append({"type": "context", "elements": [_md(_escape(change))]})
    else:
        blocks.append({"type": "section", "text": _md("Nothing yet. Type `/stars` and your idea.")})
    if home.you_said_we_did:
        blocks.append({"type": "header", "text": _text("You said, we did", 150)})
        blocks += [{"type": "section", "text": _md(_escape(item))} for item in home.you_said_we_did]
    blocks.append({"type": "divider"})
    blocks.append({"type": "context", "elements": [_md("\n".join(home.help_lines))]})
    return {"type": "home", "blocks": blocks[:100]}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
