"""Adaptive Cards as pure functions: plain data in, card JSON out.

Cards use schema version 1.5, the newest Teams renders on every client (desktop, web and
mobile). Buttons are ``Action.Submit`` with a ``data`` object that names the step (``yousaid``)
so the adapter can turn a click back into the conversation core's input without guessing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

CARD_VERSION = "1.5"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
# The key every button's data carries, so a submit is recognised as ours and routed by its step.
STEP_KEY = "yousaid"

Card = dict[str, Any]


def card(body: Sequence[dict[str, Any]], actions: Sequence[dict[str, Any]] = ()) -> Card:
    content: Card = {
        "$schema": CARD_SCHEMA,
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "body": list(body),
    }
    if actions:
        content["actions"] = list(actions)
    return content


def attachment(content: Card) -> dict[str, Any]:
    return {"contentType": CONTENT_TYPE, "content": content}


def heading(text: str) -> dict[str, Any]:
    return {
        "type": "TextBlock",
        "text": text,
        "size": "Medium",
        "weight": "Bolder",
        "wrap": True,
        "style": "heading",
    }


def paragraph(text: str, subtle: bool = False) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "TextBlock", "text": text, "wrap": True}
    if subtle:
        block["isSubtle"] = True
    return block


def facts(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    return {"type": "FactSet", "facts": [{"title": t, "value": v} for t, v in pairs]}


def choice_set(
    input_id: str,
    label: str,
    choices: Iterable[tuple[str, str]],
    value: str | Sequence[str] | None = None,
    multi: bool = False,
    required: bool = False,
    expanded: bool = True,
    error: str | None = None,
) -> dict[str, Any]:
    """A radio group (or tick boxes with ``multi``); ``choices`` are (value, title) pairs."""
    block: dict[str, Any] = {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "style": "expanded" if expanded else "compact",
        "isMultiSelect": multi,
        "choices": [{"title": title, "value": val} for val, title in choices],
    }
    if value:
        block["value"] = ",".join(value) if not isinstance(value, str) else value
    if required:
        block["isRequired"] = True
        block["errorMessage"] = error or f"Select {label.lower()}"
    return block


def text_input(
    input_id: str,
    label: str,
    value: str | None = None,
    placeholder: str | None = None,
    multiline: bool = False,
    max_length: int | None = None,
    required: bool = False,
    error: str | None = None,
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "Input.Text",
        "id": input_id,
        "label": label,
        "isMultiline": multiline,
    }
    if value:
        block["value"] = value
    if placeholder:
        block["placeholder"] = placeholder
    if max_length:
        block["maxLength"] = max_length
    if required:
        block["isRequired"] = True
        block["errorMessage"] = error or f"Enter {label.lower()}"
    return block


def number_input(
    input_id: str,
    label: str,
    value: int | None = None,
    minimum: int = 0,
    maximum: int = 10000,
    required: bool = False,
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "Input.Number",
        "id": input_id,
        "label": label,
        "min": minimum,
        "max": maximum,
    }
    if value is not None:
        block["value"] = value
    if required:
        block["isRequired"] = True
        block["errorMessage"] = f"Enter {label.lower()}, from {minimum} to {maximum}"
    return block


def date_input(input_id: str, label: str, value: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "Input.Date", "id": input_id, "label": label}
    if value:
        block["value"] = value
    return block


def toggle(input_id: str, title: str, value: bool = False) -> dict[str, Any]:
    return {
        "type": "Input.Toggle",
        "id": input_id,
        "title": title,
        "value": "true" if value else "false",
        "valueOn": "true",
        "valueOff": "false",
        "wrap": True,
    }


def submit(title: str, step: str, primary: bool = False, **data: Any) -> dict[str, Any]:
    """A button that posts the card's inputs plus ``data`` back as a message with a value."""
    action: dict[str, Any] = {
        "type": "Action.Submit",
        "title": title,
        "data": {STEP_KEY: step, **data},
    }
    if primary:
        action["style"] = "positive"
    return action


def message_card(text: str, title: str | None = None) -> Card:
    return card(([heading(title)] if title else []) + [paragraph(text)])


def welcome_card(council_name: str, service_name: str) -> Card:
    return card(
        [
            heading(service_name),
            paragraph(
                f"Hello. This app carries staff ideas, views, concerns and questions to "
                f"{council_name}'s SEND transformation programme, and lets hub leads log who "
                "came to network meetings."
            ),
            paragraph(
                "In a chat with me, just type what you want to say. You can send it anonymously. "
                "Type **help** to see everything you can do.",
            ),
        ],
        [submit("Help", "command", command="help")],
    )
