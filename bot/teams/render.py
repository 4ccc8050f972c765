"""The conversation core's forms and replies as Adaptive Cards, and card submits back as the
plain field -> value dictionaries the core reads. Pure functions: no SDK, no database."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.conversation import messages as m
from bot.teams import cards

# Keys our buttons add to a card's data, beside the inputs; never passed to the core as answers.
SOURCE_KEY = "source"  # the activity a card was offered for (the idempotency key's root)
CONTEXT_PREFIX = "ctx_"  # the form's context (e.g. the chosen network) travelling with it


def form_card(
    form: m.Form,
    values: Mapping[str, Any] | None = None,
    problems: Mapping[str, str] | None = None,
    source: str | None = None,
) -> cards.Card:
    """A core form as a card; ``values`` refill it and ``problems`` say what to fix."""
    values = values or {}
    problems = problems or {}
    body: list[dict[str, Any]] = [cards.heading(form.title)]
    if problems:
        body.append(_error("There is a problem: " + " ".join(problems.values())))
    for field in form.fields:
        value = values.get(field.name, field.initial)
        body.extend(field_blocks(field, value))
        if field.name in problems:
            body.append(_error(problems[field.name]))
    data: dict[str, Any] = {f"{CONTEXT_PREFIX}{k}": v for k, v in form.context.items()}
    if source:
        data[SOURCE_KEY] = source
    actions = [cards.submit(form.submit_label, form.name, primary=True, **data)]
    if form.name == "stars":
        actions.append(cards.submit("Cancel", "cancel"))
    return cards.card(body, actions)


def field_blocks(field: m.Field, value: Any) -> list[dict[str, Any]]:
    label = field.label
    if field.kind == m.NOTE:
        return [cards.paragraph(label)]
    if field.kind in (m.TEXT, m.LONG_TEXT, m.SEARCH):
        block = cards.text_input(
            field.name,
            label,
            value=str(value) if value not in (None, "") else None,
            placeholder=field.hint if field.kind == m.SEARCH else None,
            multiline=field.kind == m.LONG_TEXT,
            max_length=field.max_length,
            required=field.required,
        )
    elif field.kind in (m.CHOICE, m.MULTI_CHOICE):
        multi = field.kind == m.MULTI_CHOICE
        chosen = value if multi else (str(value) if value not in (None, "") else None)
        block = cards.choice_set(
            field.name,
            label,
            [(c.value, c.label) for c in field.choices],
            value=chosen,
            multi=multi,
            required=field.required,
            # Long lists (all the LAs of a hub) read better as a drop-down in Teams.
            expanded=len(field.choices) <= 6 or multi,
        )
    elif field.kind == m.CHECKBOX:
        block = cards.toggle(field.name, label, value=_truthy(value))
    elif field.kind == m.DATE:
        block = cards.date_input(field.name, label, value=str(value) if value else None)
    elif field.kind == m.NUMBER:
        block = cards.number_input(
            field.name,
            label,
            value=int(value) if str(value or "").strip().isdigit() else None,
            required=field.required,
        )
    else:  # a kind this adapter does not know yet: still let people answer it
        block = cards.text_input(field.name, label, value=str(value) if value else None)
    blocks = [block]
    if field.hint and field.kind != m.SEARCH:
        blocks.append(cards.paragraph(field.hint, subtle=True))
    return blocks


def form_values(form: m.Form, data: Mapping[str, Any]) -> dict[str, Any]:
    """What a card submit answered, as the core expects it (lists, booleans, plain strings)."""
    values: dict[str, Any] = {}
    for field in form.fields:
        raw = data.get(field.name)
        if field.kind == m.MULTI_CHOICE:
            values[field.name] = _split(raw)
        elif field.kind == m.CHECKBOX:
            values[field.name] = _truthy(raw)
        elif raw is None:
            values[field.name] = None
        else:
            values[field.name] = str(raw).strip()
    for key, value in data.items():
        if key.startswith(CONTEXT_PREFIX):
            values.setdefault(key[len(CONTEXT_PREFIX) :], value)
    return values


def context_of(data: Mapping[str, Any]) -> dict[str, str]:
    return {
        k[len(CONTEXT_PREFIX) :]: str(v) for k, v in data.items() if k.startswith(CONTEXT_PREFIX)
    }


def reply_card(reply: m.Reply, title: str | None = None) -> cards.Card:
    body: list[dict[str, Any]] = [cards.heading(title)] if title else []
    body.extend(cards.paragraph(line) for line in reply.text.splitlines() if line.strip())
    actions = [
        cards.submit(
            choice.label,
            "choice",
            primary=False,
            choice=choice.value,
            **{f"{CONTEXT_PREFIX}{k}": v for k, v in reply.context.items()},
        )
        for choice in reply.choices
    ]
    return cards.card(body, actions)


def filed_card(filed: m.Filed) -> cards.Card:
    return cards.card(
        [
            cards.heading("Sent to STARS"),
            cards.paragraph(filed.reply.text),
            cards.facts([("Reference", filed.reference)]),
        ]
    )


def submissions_card(lines: list[m.SubmissionLine]) -> cards.Card:
    if not lines:
        return cards.card(
            [
                cards.heading("Your submissions"),
                cards.paragraph(
                    "You have not sent anything yet. Type your idea, view, concern or question "
                    "in this chat to send it."
                ),
            ]
        )
    body: list[dict[str, Any]] = [cards.heading("Your submissions")]
    for line in lines:
        pairs = [("Status", line.status), ("Kind", line.kind.capitalize())]
        if line.anonymous:
            pairs.append(("Sent", "Anonymously"))
        if line.officer_reply:
            pairs.append(("Reply", line.officer_reply))
        pairs += [("You said, we did", change) for change in line.we_did]
        body.append(
            {
                "type": "Container",
                "separator": True,
                "items": [
                    cards.paragraph(f"**{line.reference}**: {line.summary}"),
                    cards.facts(pairs),
                ],
            }
        )
    return cards.card(body)


def attendance_card(summary: m.AttendanceSummary) -> cards.Card:
    return cards.card(
        [
            cards.heading("Attendance saved" if summary.created else "Attendance updated"),
            cards.paragraph(summary.text),
        ],
        [cards.submit("Log another meeting", "command", command="attendance")],
    )


def officer_card(card: m.OfficerCard) -> cards.Card:
    pairs = [("Reference", card.reference), ("Kind", card.kind.capitalize()), ("From", card.author)]
    if card.workstream:
        pairs.append(("Workstream", card.workstream))
    pairs.append(("Status", card.status))
    return cards.card(
        [cards.heading(f"New {card.kind}"), cards.paragraph(card.text), cards.facts(pairs)],
        [
            cards.submit(choice.label, "status", reference=card.reference, status=choice.value)
            for choice in card.next_statuses
        ],
    )


def _error(text: str) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, "color": "Attention"}


def _split(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, (list, tuple)):
        return [str(v).strip() for v in raw if str(v).strip()]
    return [part.strip() for part in str(raw).split(",") if part.strip()]


def _truthy(raw: Any) -> bool:
    return raw is True or str(raw).strip().lower() in {"true", "1", "yes", "on"}
