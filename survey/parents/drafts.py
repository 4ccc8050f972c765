"""Answering a survey on the web: drafts kept on the server, page-by-page checks, save and
return, and the one submission through intake.

A draft is found by the hash of a random token held in the parent's session cookie; the cookie
holds nothing else about their answers. A save-and-return link carries a second random token
(also stored only as a hash) that restores the draft on any device until it expires.
Submitting uses an idempotency key fixed when the draft was created, so a double click, a refresh
or a re-post stores one response.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from storage.repositories import distribution_links, organisations, survey_drafts, surveys
from survey import intake
from survey.domain import journey
from survey.domain.errors import DomainError, FieldProblem, NotFound
from survey.domain.inputs import Receipt, ResponseSubmission
from survey.domain.questions import QuestionSpec, is_blank, score_answer
from survey.domain.secrets import hash_token
from survey.domain.survey_definitions import SurveyDef, survey_from_stored

if TYPE_CHECKING:
    from storage.models import Survey, SurveyDraft

DRAFT_IDLE_HOURS = 24  # a draft nobody saved a link for is forgotten a day after its last change
SEEN_PAGES = "_pages"  # inside the answers JSON; question keys cannot start with "_"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def new_token() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class SurveyOnline:
    """A survey as the web journey sees it: the stored row, its latest definition and state."""

    survey: Any
    version: int
    definition: SurveyDef
    state: str  # open | not_yet_open | closed

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def survey_state(survey: Survey, now: dt.datetime) -> str:
    if survey.opens_at is not None and survey.opens_at > now:
        return "not_yet_open"
    if survey.closes_at is not None and survey.closes_at <= now:
        return "closed"
    return "open"


# Parsed definitions by checksum: a version never changes, and the same checksum is the same
# definition, so every page of every parent's journey need not re-parse it.
_definitions: dict[str, SurveyDef] = {}
_definitions_lock = threading.Lock()
MAX_CACHED_DEFINITIONS = 256


def _parsed(checksum: str, stored: Any) -> SurveyDef:
    with _definitions_lock:
        found = _definitions.get(checksum)
    if found is None:
        found = survey_from_stored(stored)
        with _definitions_lock:
            if len(_definitions) >= MAX_CACHED_DEFINITIONS:
                _definitions.clear()
            _definitions[checksum] = found
    return found


def get_survey_online(session: Session, slug: str, now: dt.datetime | None = None) -> SurveyOnline:
    survey = surveys.get_survey_by_slug(session, slug)
    latest = surveys.get_latest_definition(session, survey) if survey else None
    if survey is None or latest is None:
        raise NotFound(f"There is no survey called '{slug}'", field="survey")
    version, checksum, stored = latest
    state = survey_state(survey, now or utcnow())
    return SurveyOnline(survey, version, _parsed(checksum, stored), state)


# --- drafts ---------------------------------------------------------------------------------


def start_draft(
    session: Session,
    online: SurveyOnline,
    source: str | None,
    language: str,
    easy_read: bool,
    now: dt.datetime | None = None,
) -> tuple[Any, str]:
    """A new empty draft and the session token that finds it."""
    now = now or utcnow()
    survey_drafts.delete_expired_drafts(session, now)
    token = new_token()
    draft = survey_drafts.create_draft(
        session,
        online.survey,
        online.version,
        session_token_hash=hash_token(token),
        idempotency_key=secrets.token_hex(16),
        expires_at=now + dt.timedelta(hours=DRAFT_IDLE_HOURS),
        now=now,
        language=language,
        easy_read=easy_read,
        source=source if source and find_link(session, online, source) else None,
    )
    return draft, token


def find_draft(
    session: Session, online: SurveyOnline, token: str | None, now: dt.datetime | None = None
) -> Any | None:
    if not token:
        return None
    return survey_drafts.get_draft_by_session_hash(
        session, online.survey, hash_token(token), now or utcnow()
    )


def answers_of(draft: SurveyDraft) -> dict[str, Any]:
    return {k: v for k, v in (draft.answers or {}).items() if not k.startswith("_")}


def seen_pages(draft: SurveyDraft) -> set[str]:
    return set((draft.answers or {}).get(SEEN_PAGES, []))


def _keep_alive(draft: SurveyDraft, now: dt.datetime) -> dt.datetime:
    idle = now + dt.timedelta(hours=DRAFT_IDLE_HOURS)
    return max(idle, draft.resume_expires_at or idle)


def save_page_answers(
    session: Session,
    draft: SurveyDraft,
    online: SurveyOnline,
    page: journey.Page,
    raw: dict[str, Any],
    now: dt.datetime | None = None,
) -> None:
    """Keep a page's answers; answers to questions a change has now hidden are dropped."""
    now = now or utcnow()
    answers = answers_of(draft)
    for key, value in raw.items():
        if is_blank(value):
            answers.pop(key, None)
        else:
            answers[key] = value
    kept = journey.relevant_answers(online.definition, answers)
    stored: dict[str, Any] = dict(kept)
    stored[SEEN_PAGES] = sorted(seen_pages(draft) | {page.id})
    survey_drafts.update_draft(
        session, draft, now, answers=stored, expires_at=_keep_alive(draft, now)
    )


def record_consent(session: Session, draft: SurveyDraft, now: dt.datetime | None = None) -> None:
    now = now or utcnow()
    survey_drafts.update_draft(
        session, draft, now, consent={"survey": True}, expires_at=_keep_alive(draft, now)
    )


def set_preferences(
    session: Session, draft: SurveyDraft, language: str | None = None, easy_read: bool | None = None
) -> None:
    """Switch language or Easy Read at any point; answers are untouched."""
    columns: dict[str, Any] = {}
    if language is not None and language != draft.language:
        columns["language"] = language
    if easy_read is not None and easy_read != draft.easy_read:
        columns["easy_read"] = easy_read
    if columns:
        survey_drafts.update_draft(session, draft, utcnow(), **columns)


# --- checking a page ----------------------------------------------------------------------------


def missing_message(question: QuestionSpec) -> str:
    if question.type in {"short_text", "long_text", "number"}:
        return "Enter your answer"
    if question.type == "date":
        return "Enter a date"
    if question.type == "consent":
        return "Tick the box to say you agree"
    if question.type == "multiple_choice":
        return "Select at least one option"
    if question.type == "organisation":
        return "Select an organisation from the list"
    return "Select an answer"


def check_page(
    session: Session,
    questions: tuple[QuestionSpec, ...],
    raw: dict[str, Any],
    grouped: bool,
) -> list[FieldProblem]:
    """The same rules intake applies at submission, one page at a time, worded for the page.

    On a page of several questions each message names its question, so the error summary still
    makes sense when read out on its own.
    """
    problems: list[FieldProblem] = []
    for question in questions:
        value = raw.get(question.key)
        message: str | None = None
        if is_blank(value):
            message = missing_message(question) if question.required else None
        else:
            result = score_answer(question, value)
            if isinstance(result, FieldProblem):
                message = result.message
            elif question.type == "organisation" and not _organisation_fits(
                session, result.value or "", question.organisation_kinds
            ):
                message = missing_message(question)
        if message:
            if grouped:
                message = f"{message} for ‘{question.text}’"
            problems.append(FieldProblem(question.key, message))
    return problems


def _organisation_fits(session: Session, code: str, kinds: tuple[str, ...]) -> bool:
    organisation = organisations.get_organisation_by_code(session, code)
    return organisation is not None and (not kinds or organisation.kind.value in kinds)


SEARCH_MAX_CHARACTERS = 200


def organisation_choices(
    session: Session, question: QuestionSpec, search: str | None, limit: int = 60
) -> tuple[list[tuple[str, str]], int]:
    """Organisations to offer (filtered by the search words) and how many matched in all."""
    # No organisation's name is longer than this; a longer search would only make SQLite refuse
    # the LIKE pattern ("too complex") and PostgreSQL refuse a NUL byte.
    search = (search or "").replace("\x00", "")[:SEARCH_MAX_CHARACTERS]
    found = organisations.list_organisations(
        session, kinds=question.organisation_kinds, search=search or None
    )
    return [(o.code, o.name) for o in found[:limit]], len(found)


def organisation_names(session: Session, codes: list[str]) -> dict[str, str]:
    names = {}
    for code in codes:
        if not code or "\x00" in code or len(code) > 32:
            continue  # not a code (PostgreSQL would refuse the NUL); shown as not chosen
        organisation = organisations.get_organisation_by_code(session, code)
        if organisation is not None:
            names[code] = organisation.name
    return names


def incomplete_page(online: SurveyOnline, draft: SurveyDraft) -> journey.Page | None:
    """The first page the parent still has to answer before they can check their answers."""
    answers = journey.relevant_answers(online.definition, answers_of(draft))
    seen = seen_pages(draft)
    for page in journey.pages(online.definition):
        shown = page.shown(answers)
        if not shown:
            continue
        unanswered = any(q.required and q.key not in answers for q in shown)
        if page.id not in seen or unanswered:
            return page
    return None


# --- save and return --------------------------------------------------------------------------


def create_resume_link(
    session: Session, draft: SurveyDraft, days: int, now: dt.datetime | None = None
) -> tuple[str, dt.datetime]:
    """A fresh resume token (any earlier link stops working) and when it expires."""
    now = now or utcnow()
    token = new_token()
    expires = now + dt.timedelta(days=days)
    survey_drafts.update_draft(
        session,
        draft,
        now,
        resume_token_hash=hash_token(token),
        resume_expires_at=expires,
        expires_at=max(draft.expires_at, expires),
    )
    return token, expires


def resume_draft(
    session: Session, online: SurveyOnline, resume_token: str, now: dt.datetime | None = None
) -> tuple[Any, str]:
    """Restore a draft from its link on this device: it gets a new session token, so a copied
    cookie from the first device no longer finds it."""
    now = now or utcnow()
    draft = survey_drafts.get_draft_by_resume_hash(
        session, online.survey, hash_token(resume_token), now
    )
    if draft is None:
        raise NotFound("This link has expired or has already been used", field="resume")
    token = new_token()
    survey_drafts.update_draft(session, draft, now, session_token_hash=hash_token(token))
    return draft, token


# --- distribution links -------------------------------------------------------------------------


def find_link(session: Session, online: SurveyOnline, token: str | None) -> Any | None:
    if not token:
        return None
    link = distribution_links.get_link_by_token(session, token)
    if link is None or not link.active or link.survey_id != online.survey.id:
        return None
    return link


# --- submitting ---------------------------------------------------------------------------------


def submit_draft(session: Session, online: SurveyOnline, draft: SurveyDraft) -> Receipt:
    """Send the draft through intake once. A second call returns the first receipt."""
    if draft.submitted_reference:
        return Receipt(draft.submitted_reference, created=False, record_id=0)
    if not online.is_open:
        raise DomainError("This survey is closed", field="survey")
    link = find_link(session, online, draft.source)
    organisation = link.organisation if link else None
    is_la = organisation is not None and organisation.kind.value == "la"
    submission = ResponseSubmission(
        survey_slug=online.survey.slug,
        answers=journey.relevant_answers(online.definition, answers_of(draft)),
        channel="web",
        idempotency_key=f"web:{draft.idempotency_key}",
        survey_version=draft.survey_version,
        organisation_code=organisation.code if organisation and is_la else None,
        setting_code=organisation.code if organisation and not is_la else None,
        source=draft.source,
        consent=dict(draft.consent or {}),
        language=draft.language,
        easy_read=draft.easy_read,
    )
    receipt = intake.submit_response(session, submission)
    # The answers now live in the response; the draft keeps only the reference for the
    # confirmation page, and resume links stop working.
    survey_drafts.update_draft(
        session,
        draft,
        utcnow(),
        answers={},
        submitted_reference=receipt.reference,
        resume_token_hash=None,
        resume_expires_at=None,
    )
    return receipt
