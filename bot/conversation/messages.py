"""What a conversation says and asks, as plain data: no Slack, no Teams.

Adapters turn these into Block Kit or Adaptive Cards and turn what people answered back into
plain dictionaries of field name -> value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One question in a form. ``kind`` is one of the constants below."""

    name: str
    label: str
    kind: str
    required: bool = True
    choices: tuple[Choice, ...] = ()
    hint: str | None = None
    initial: Any = None
    max_length: int | None = None
    refreshes_form: bool = False  # the adapter asks again for the form when this changes


TEXT = "text"
LONG_TEXT = "long_text"
CHOICE = "choice"
MULTI_CHOICE = "multi_choice"
SEARCH = "search"  # a choice looked up as the person types (e.g. plan actions)
CHECKBOX = "checkbox"
DATE = "date"
NUMBER = "number"
NOTE = "note"  # words only, nothing to answer


@dataclass(frozen=True)
class Form:
    """A modal, card or dialogue: ``name`` tells the core which form comes back."""

    name: str
    title: str
    submit_label: str
    fields: tuple[Field, ...]
    context: dict[str, str] = field(default_factory=dict)  # carried through the channel


@dataclass(frozen=True)
class Reply:
    """A message to show. ``choices`` become buttons; ``context`` travels with them."""

    text: str
    choices: tuple[Choice, ...] = ()
    context: dict[str, str] = field(default_factory=dict)
    private: bool = True  # only the person who asked sees it


@dataclass(frozen=True)
class Problems:
    """Validation messages by field name: the form is shown again with these."""

    messages: dict[str, str]


@dataclass(frozen=True)
class Author:
    """Who is talking, in the channel's own terms (never stored in clear when anonymous)."""

    channel: str  # slack | teams
    user_id: str
    workspace_id: str | None = None
    name: str | None = None
    reply_address: dict[str, Any] | None = None

    @property
    def actor(self) -> str:
        return f"{self.channel}:{self.workspace_id or '-'}/{self.user_id}"


@dataclass(frozen=True)
class Filed:
    """A submission was stored (or had been, for a repeated request)."""

    reference: str
    created: bool
    submission_id: int
    anonymous: bool
    reply: Reply


@dataclass(frozen=True)
class SubmissionLine:
    reference: str
    kind: str
    status: str  # words, e.g. "Under consideration"
    summary: str  # the first words of the text
    anonymous: bool
    officer_reply: str | None = None
    # Published "You said, we did" entries that answer it: how anonymous authors, who are never
    # messaged, still see what changed (they find it here by its reference).
    we_did: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfficerCard:
    """A new submission as officers see it: redacted, and without a name when anonymous."""

    reference: str
    kind: str
    workstream: str | None
    author: str  # a name, or "Anonymous"
    text: str  # redacted
    status: str
    next_statuses: tuple[Choice, ...]


@dataclass(frozen=True)
class Home:
    submissions: tuple[SubmissionLine, ...]
    you_said_we_did: tuple[str, ...]
    help_lines: tuple[str, ...]


@dataclass(frozen=True)
class AttendanceSummary:
    meeting_id: int
    created: bool
    text: str
