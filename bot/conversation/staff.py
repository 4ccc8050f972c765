"""Staff talking to the STARS programme: file an idea, view, concern or question, see their own.

Every rule lives here so Slack and Teams behave the same: what a command means, what the form
asks, which answers are refused and with what words, what the person is told afterwards.
Storage goes through ``survey.intake`` (the one road in) and the repositories.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from analysis.text import clip
from bot.conversation import messages as m
from bot.conversation.trust import STATUS_REFUSAL, ChatTrust
from storage.repositories import conversations, evidence, notifications, plans
from survey import intake, outbox
from survey.domain.errors import DomainError
from survey.domain.inputs import StaffSubmissionInput
from survey.officers import submissions, you_said_we_did
from survey.privacy.redaction import configured_names, redact_text

UnitOfWork = Callable[[], AbstractContextManager[Any]]
YouSaidWeDid = Callable[[Any, int], list[str]]

KINDS = (
    m.Choice("idea", "Idea"),
    m.Choice("view", "View"),
    m.Choice("concern", "Concern"),
    m.Choice("question", "Question"),
)
KIND_WORDS = {c.value: c.label.lower() for c in KINDS}
OFFER_KINDS = KINDS[:3]  # the quick buttons under a message: idea, view, concern
CANCEL = "cancel"
MAX_TEXT = intake.MAX_STAFF_TEXT
ANONYMOUS_HINT = (
    "We keep no name or user id with an anonymous submission, only a keyed hash of who sent it, "
    "so you can still find it in the app's Home tab and nobody can read it back to you. "
    "You will not be told when its status changes."
)
HELP_LINES = (
    "/stars your idea, view or concern: files it at once and replies with a reference.",
    "/stars on its own opens a form: kind, workstream, the plan action it relates to, anonymous or not.",
    "Start with concern:, view: or question: to file that kind (idea is the default).",
    "Message the app, mention it, or use the message menu's 'Send to STARS' to file any message.",
    "/stars mine (or the app's Home tab) lists yours with their status; officers' replies come by DM.",
)


@dataclass(frozen=True)
class Intent:
    name: str  # help | mine | form | file
    kind: str = "idea"
    text: str = ""


def parse_command(text: str | None) -> Intent:
    """What ``/stars <text>`` (or "stars ..." typed to the bot) asks for."""
    words = (text or "").strip()
    lowered = words.lower()
    if not words:
        return Intent("form")
    if lowered in {"help", "?", "-h", "--help"}:
        return Intent("help")
    if lowered in {"mine", "my submissions", "list", "status"}:
        return Intent("mine")
    for kind in KIND_WORDS:
        for separator in (":", " -", " "):
            prefix = kind + separator
            if lowered.startswith(prefix) and words[len(prefix) :].strip():
                return Intent("file", kind, words[len(prefix) :].strip(" :-\n"))
    return Intent("file", "idea", words)


def check_submission(values: dict[str, Any]) -> m.Problems | None:
    """The answers a form can refuse without looking anything up."""
    problems: dict[str, str] = {}
    if values.get("kind") not in KIND_WORDS:
        problems["kind"] = "Choose idea, view, concern or question"
    raw = values.get("text")
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        problems["text"] = "Write what you want to say"
    elif len(text) > MAX_TEXT:
        problems["text"] = f"Keep it to {MAX_TEXT} characters or fewer (yours has {len(text)})"
    elif "\x00" in text or any("\ud800" <= c <= "\udfff" for c in text):
        # A NUL byte or half an emoji (a JSON \\ud83d escape alone): no database can store it.
        problems["text"] = "Remove the unreadable characters from what you wrote"
    return m.Problems(problems) if problems else None


def submission_form(
    workstreams: list[m.Choice],
    text: str | None = None,
    kind: str | None = None,
    context: dict[str, str] | None = None,
) -> m.Form:
    fields = [
        m.Field(
            "kind",
            "Is it an idea, a view, a concern or a question?",
            m.CHOICE,
            choices=KINDS,
            initial=kind or "idea",
        ),
        m.Field(
            "workstream",
            "Which workstream is it for?",
            m.CHOICE,
            required=False,
            choices=tuple(workstreams),
            hint="Leave it if you are not sure.",
        ),
        m.Field(
            "text",
            "What do you want to say?",
            m.LONG_TEXT,
            initial=text,
            max_length=MAX_TEXT,
            hint="Do not include anyone's name, or details about a child or family.",
        ),
        m.Field(
            "action",
            "Which plan action does it relate to? (optional)",
            m.SEARCH,
            required=False,
            hint="Type a number such as 2.5 or a word from the action.",
        ),
        m.Field("anonymous", "Send anonymously", m.CHECKBOX, required=False, hint=ANONYMOUS_HINT),
    ]
    return m.Form("stars", "Send to STARS", "Send", tuple(fields), dict(context or {}))


def reply_for_filed(reference: str, kind: str, anonymous: bool, created: bool) -> m.Reply:
    if not created:
        return m.Reply(f"You already sent this: it is {kind} {reference}.")
    text = f"Thank you. Your {KIND_WORDS.get(kind, kind)} is filed as {reference}."
    if anonymous:
        text += (
            " It was sent anonymously: we kept no name with it. Look it up by its reference in "
            "the app's Home tab."
        )
    else:
        text += " We will message you here when its status changes or an officer replies."
    return m.Reply(text)


def summary_of(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


class StaffConversation:
    """The staff conversation, over a unit of work (``Database.unit_of_work``) and a hash key."""

    def __init__(
        self,
        unit_of_work: UnitOfWork,
        hash_key: str,
        you_said_we_did: YouSaidWeDid | None = None,
        trust: ChatTrust | None = None,
    ) -> None:
        self._unit_of_work = unit_of_work
        self._hash_key = hash_key
        self._trust = trust or ChatTrust()
        self._you_said_we_did = you_said_we_did or latest_you_said_we_did

    # --- keys ------------------------------------------------------------------------------

    def idempotency_key(self, raw: str) -> str:
        """A key derived from the channel's ids that names nobody (raw keys can hold user ids)."""
        digest = hmac.new(self._hash_key.encode(), raw.encode(), hashlib.sha256).hexdigest()
        return f"chat:{digest[:48]}"

    def claim(self, raw: str) -> bool:
        """True the first time ``raw`` is seen: for acting once on a retried delivery."""
        with self._unit_of_work() as session:
            return notifications.mark_seen(session, self.idempotency_key(raw))

    # --- commands and forms -------------------------------------------------------------------

    def help(self) -> m.Reply:
        return m.Reply("\n".join(HELP_LINES))

    def command(self, author: m.Author, text: str | None, key: str) -> m.Reply | m.Form | m.Filed:
        intent = parse_command(text)
        if intent.name == "help":
            return self.help()
        if intent.name == "mine":
            return self.mine_reply(author)
        if intent.name == "form":
            return self.form()
        outcome = self.file(author, {"kind": intent.kind, "text": intent.text}, key)
        if isinstance(outcome, m.Problems):
            return m.Reply(" ".join(outcome.messages.values()))
        return outcome

    def form(self, text: str | None = None, context: dict[str, str] | None = None) -> m.Form:
        with self._unit_of_work() as session:
            workstreams = [m.Choice(w.slug, w.name) for w in plans.list_workstreams(session)]
        return submission_form(workstreams, text=text, context=context)

    def offer(self, text: str, context: dict[str, str] | None = None) -> m.Reply:
        """Someone wrote to the app: offer to file what they wrote."""
        if not text.strip():
            return self.help()
        return m.Reply(
            f"Shall I send this to STARS?\n> {summary_of(text, 30)}",
            choices=(
                *(m.Choice(c.value, f"File as {c.label.lower()}") for c in OFFER_KINDS),
                m.Choice(CANCEL, "Cancel"),
            ),
            context=dict(context or {}),
        )

    def file(self, author: m.Author, values: dict[str, Any], key: str) -> m.Filed | m.Problems:
        """Store a submission from a command, a form or a button; the same key stores it once."""
        problems = check_submission(values)
        if problems:
            return problems
        anonymous = bool(values.get("anonymous"))
        item = StaffSubmissionInput(
            kind=values["kind"],
            text=values["text"].strip(),
            channel=author.channel,
            author_id=author.user_id,
            workspace_id=author.workspace_id,
            author_name=author.name,
            anonymous=anonymous,
            workstream=values.get("workstream") or None,
            action_ref=values.get("action") or None,
            idempotency_key=self.idempotency_key(key),
            reply_address=author.reply_address,
        )
        try:
            with self._unit_of_work() as session:
                receipt = intake.record_staff_submission(session, item, self._hash_key)
                stored = conversations.get_staff_submission_by_id(session, receipt.record_id)
                # Just written in this unit of work, so it is there.
                assert stored is not None  # nosec B101
                kind, anonymous = stored.kind.value, stored.anonymous
                reply = reply_for_filed(receipt.reference, kind, anonymous, receipt.created)
                if receipt.created:
                    # Delivered after the commit; never queued for an anonymous author.
                    outbox.queue_for_submission(
                        session, receipt.record_id, "acknowledgement", reply.text
                    )
        except DomainError as error:
            return m.Problems({p.field: p.message for p in error.problems})
        return m.Filed(receipt.reference, receipt.created, receipt.record_id, anonymous, reply)

    def filed(self, key: str) -> tuple[str, bool, str] | None:
        """(reference, anonymous, what the author was told) for what ``key`` stored, if anything."""
        with self._unit_of_work() as session:
            found = evidence.get_staff_submission_by_idempotency_key(
                session, self.idempotency_key(key)
            )
            if found is None:
                return None
            reply = reply_for_filed(found.reference, found.kind.value, found.anonymous, True)
            return found.reference, found.anonymous, reply.text

    def search_actions(self, query: str, limit: int = 50) -> list[m.Choice]:
        with self._unit_of_work() as session:
            found = plans.list_actions(session, search=query.strip() or None, limit=limit)
            return [m.Choice(a.ref, clip(f"{a.ref} {a.objective}", 75)) for a in found]

    # --- what they sent --------------------------------------------------------------------

    def mine(self, author: m.Author, limit: int = 10) -> list[m.SubmissionLine]:
        their_hash = intake.author_hash(
            self._hash_key, author.channel, author.workspace_id, author.user_id
        )
        with self._unit_of_work() as session:
            return [
                m.SubmissionLine(
                    s.reference,
                    s.kind.value,
                    submissions.STATUSES[s.status.value],
                    summary_of(s.text),
                    s.anonymous,
                    s.officer_reply,
                    tuple(_you_said_line(e) for e in covering_you_said_we_did(session, s.id)),
                )
                for s in conversations.list_submissions_by_author_hash(session, their_hash, limit)
            ]

    def mine_reply(self, author: m.Author) -> m.Reply:
        lines = self.mine(author)
        if not lines:
            return m.Reply("You have not sent anything yet. Try /stars followed by your idea.")
        return m.Reply(
            "Your submissions:\n"
            + "\n".join(
                f"{s.reference} ({s.kind}): {s.status}. {s.summary}"
                + "".join(f"\n    {change}" for change in s.we_did)
                for s in lines
            )
        )

    def home(self, author: m.Author) -> m.Home:
        with self._unit_of_work() as session:
            published = self._you_said_we_did(session, 5)
        return m.Home(tuple(self.mine(author)), tuple(published), HELP_LINES)

    # --- officers ---------------------------------------------------------------------------

    def officer_card(self, reference: str) -> m.OfficerCard | None:
        with self._unit_of_work() as session:
            s = evidence.get_staff_submission_by_reference(session, reference)
            if s is None:
                return None
            return m.OfficerCard(
                reference=s.reference,
                kind=s.kind.value,
                workstream=s.workstream.name if s.workstream else None,
                author="Anonymous" if s.anonymous else (s.author_name or "A member of staff"),
                text=redact_text(
                    s.text, [*configured_names(), *([s.author_name] if s.author_name else [])]
                ),
                status=submissions.STATUSES[s.status.value],
                next_statuses=tuple(
                    m.Choice(v, submissions.STATUSES[v])
                    for v in submissions.allowed_next(s.status.value)
                ),
            )

    def status_refusal(self, officer: m.Author, *, in_officers_place: bool) -> m.Reply | None:
        """What ``change_status`` refused this officer here, if it did (audited there, not
        again): for an adapter that answers after the response, as Slack's lazy listeners do."""
        with self._unit_of_work() as session:
            actor = self._trust.status_actor(session, officer, in_officers_place, audited=False)
        return m.Reply(STATUS_REFUSAL) if actor is None else None

    def change_status(
        self, officer: m.Author, reference: str, status: str, *, in_officers_place: bool
    ) -> m.Reply:
        """Change a status for a linked officer acting in the officers' channel; refuse anyone
        else politely (``trust`` audits the refusal). Recorded as done by their account."""
        try:
            with self._unit_of_work() as session:
                actor = self._trust.status_actor(session, officer, in_officers_place)
                if actor is None:
                    return m.Reply(STATUS_REFUSAL)
                change = submissions.change_status(session, reference, status, None, actor)
        except DomainError as error:
            return m.Reply(error.message)
        if not change.changed:
            return m.Reply(f"{reference} is already {submissions.STATUSES[status].lower()}.")
        told = (
            "The author has been told." if change.notified else "It was anonymous: nobody is told."
        )
        return m.Reply(
            f"{reference} is now {submissions.STATUSES[status].lower()}. {told}", private=False
        )


def latest_you_said_we_did(session: Session, limit: int) -> list[str]:
    """The latest published "You said, we did" items, as lines for the Home tab."""
    items = you_said_we_did.list_published(session, limit)
    return [_you_said_line(item) for item in items]


def covering_you_said_we_did(session: Session, submission_id: int) -> list[Any]:
    """Published entries that answer one submission."""
    return you_said_we_did.list_covering(session, submission_id)


def _you_said_line(item: Any) -> str:
    if isinstance(item, str):
        return item
    said, did = getattr(item, "you_said", ""), getattr(item, "we_did", "")
    return f"You said: {said} We did: {did}".strip()


def iter_choices(choices: tuple[m.Choice, ...]) -> Iterator[tuple[str, str]]:
    for choice in choices:
        yield choice.value, choice.label
