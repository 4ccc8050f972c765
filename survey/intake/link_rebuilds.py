"""Recomputing link suggestions in the background after an officer changes a plan.

An edit of a measure's or an action's keywords, wording or measures queues a job
(``queue_rebuild``) in the edit's own unit of work; only once that commits does the runner take
it (``run_after_commit`` wires this, as ``survey.outbox.deliver_after_commit`` does for chat
messages), on a thread pool in the web app so the officer's request returns at once. The job
walks every free text (answers, staff submissions, meeting notes) in batches of ``BATCH``, each
batch its own unit of work: the batch's unreviewed suggestions are deleted and made again from
the plans as they are now, and the job's ``texts_done``, ``suggestions_made``, cursor and
heartbeat are updated with it. So the plan page can show the progress, and a runner that dies
leaves a job that resumes at its last batch: a running job with no heartbeat for
``STALE_AFTER`` is taken over by the next runner, and after ``MAX_ATTEMPTS`` runs it is marked
failed. Confirmed, rejected, manual and declared links are never touched, and
``linking.suggest_links`` skips any target a text already has a link to.

A queued job has not read the plan yet, so a second edit joins it; an edit while one runs queues
one more, so the newest keywords are always used. ``yousaid links rebuild --queued`` runs the
same queue from the command line (a deployment without the web app's threads, or after a
restart).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from storage.repositories import audit, link_rebuild_jobs, link_review
from survey.intake import linking

log = logging.getLogger(__name__)

PENDING_KEY = "yousaid.link_rebuilds.pending"
BATCH = 500
STALE_AFTER = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 3


def queue_rebuild(session: Session, plan_id: int, actor: str) -> Any:
    """Queue a recomputation for the plan (or join the one already queued); it runs after the
    caller's unit of work commits."""
    job, created = link_rebuild_jobs.queue_job(session, plan_id, actor)
    session.info[PENDING_KEY] = True
    if created:
        # A count, so the plan page can say "0 of 12,000" at once; the run counts again.
        link_rebuild_jobs.update_job(session, job, texts_total=linking.count_texts(session))
        audit.create_audit_event(
            session, actor, "links.rebuild_queued", "plan", plan_id, {"job": job.id}
        )
    return job


def latest_job(session: Session, plan_id: int) -> Any:
    return link_rebuild_jobs.latest_for_plan(session, plan_id)


def is_stale(job: Any, at: dt.datetime | None = None) -> bool:
    """A running job whose runner has not been heard from for ``STALE_AFTER``."""
    if job is None or job.status.value != "running" or job.heartbeat_at is None:
        return False
    return bool(job.heartbeat_at < (at or now()) - STALE_AFTER)


def now() -> dt.datetime:
    """UTC, naive: how the rows are stamped."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class JobReport:
    id: int
    status: str
    texts: int
    suggested: int
    error: str | None = None

    def __str__(self) -> str:
        texts = f"{self.texts} text{'' if self.texts == 1 else 's'}"
        if self.status == "failed":
            return f"Job {self.id} failed ({self.error}) after {texts}."
        return f"Job {self.id}: matched {texts}, {self.suggested} suggested links."


class JobLost(Exception):
    """Another runner took the job over (this one was thought dead): stop without a word."""


class LinkRebuilds:
    """Runs queued link rebuild jobs, inline or on a runner such as a thread pool's ``submit``."""

    def __init__(self, unit_of_work: Callable[[], Any], batch: int = BATCH) -> None:
        self._unit_of_work = unit_of_work
        self._runner: Callable[[Callable[[], Any]], Any] | None = None
        self.batch = batch

    def run_with(self, runner: Callable[[Callable[[], Any]], Any] | None) -> None:
        """Run jobs on ``runner`` (e.g. ``ThreadPoolExecutor.submit``) instead of inline."""
        self._runner = runner

    @property
    def in_background(self) -> bool:
        return self._runner is not None

    def run_later(self) -> None:
        if self._runner is None:
            self.run_queued()
        else:
            self._runner(self._run_logged)

    def _run_logged(self) -> None:
        try:
            self.run_queued()
        except Exception:  # a thread's exception would vanish: say so, the job stays resumable
            log.exception("running link rebuild jobs failed")

    def run_queued(self, batches: int | None = None) -> list[JobReport]:
        """Run every due job (queued, or running with no heartbeat) until none is left.

        ``batches`` stops after that many units of work, leaving the job running as a runner
        that died would (tests watch the progress that way)."""
        reports: list[JobReport] = []
        budget = [batches]
        while True:
            claimed = self._claim(reports)
            if claimed is None:
                return reports
            report = self._run(*claimed, budget)
            if report is not None:
                reports.append(report)
            if budget[0] == 0:
                return reports

    def _claim(self, reports: list[JobReport]) -> tuple[int, int] | None:
        """The next due job, claimed; one whose runners kept dying is failed (and reported)."""
        stale_before = now() - STALE_AFTER
        with self._unit_of_work() as session:
            due = link_rebuild_jobs.list_due(session, stale_before)
        for job_id, attempts in due:
            with self._unit_of_work() as session:
                if attempts >= MAX_ATTEMPTS:
                    job = link_rebuild_jobs.get_job(session, job_id)
                    if job is not None:
                        self._fail(session, job, "abandoned")
                        reports.append(
                            JobReport(
                                job.id, "failed", job.texts_done, job.suggestions_made, job.error
                            )
                        )
                    continue
                if link_rebuild_jobs.claim_job(session, job_id, attempts, stale_before):
                    return job_id, attempts + 1
        return None

    def _run(self, job_id: int, token: int, budget: list[int | None]) -> JobReport | None:
        try:
            while budget[0] != 0 and self._step(job_id, token):
                if budget[0] is not None:
                    budget[0] -= 1
        except JobLost:
            return None
        except Exception as error:
            code = type(error).__name__[:64]
            log.warning("link rebuild job %s failed (%s)", job_id, code)
            with self._unit_of_work() as session:
                job = link_rebuild_jobs.get_job(session, job_id)
                if job is not None and job.attempts == token:
                    self._fail(session, job, code)
        with self._unit_of_work() as session:
            job = link_rebuild_jobs.get_job(session, job_id)
            if job is None:
                return None
            return JobReport(
                job.id, job.status.value, job.texts_done, job.suggestions_made, job.error
            )

    def _step(self, job_id: int, token: int) -> bool:
        """One batch in its own unit of work; False when the job is finished."""
        with self._unit_of_work() as session:
            job = link_rebuild_jobs.get_job(session, job_id)
            if job is None or job.attempts != token or job.status.value != "running":
                raise JobLost
            stamp = now()
            if job.cursor_kind is None:  # a fresh job: count what it will read
                link_rebuild_jobs.update_job(
                    session,
                    job,
                    cursor_kind=link_review.SCORED_KINDS[0],
                    cursor_id=0,
                    started_at=stamp,
                    texts_total=linking.count_texts(session),
                    heartbeat_at=stamp,
                )
                return True
            kinds = link_review.SCORED_KINDS
            batch = link_review.texts_after(session, job.cursor_kind, job.cursor_id, self.batch)
            while not batch and job.cursor_kind != kinds[-1]:  # on to the next kind of text
                following = kinds[kinds.index(job.cursor_kind) + 1]
                link_rebuild_jobs.update_job(session, job, cursor_kind=following, cursor_id=0)
                batch = link_review.texts_after(session, following, 0, self.batch)
            if not batch:
                self._finish(session, job)
                return False
            kind = job.cursor_kind
            link_review.delete_suggestions_for(session, kind, [row[1] for row in batch])
            session.flush()
            made = sum(len(linking.suggest_links(session, k, i, text)) for k, i, text in batch)
            link_rebuild_jobs.update_job(
                session,
                job,
                cursor_id=batch[-1][1],
                texts_done=job.texts_done + len(batch),
                suggestions_made=job.suggestions_made + made,
                heartbeat_at=stamp,
            )
            return True

    @staticmethod
    def _finish(session: Session, job: Any) -> None:
        stamp = now()
        link_rebuild_jobs.update_job(
            session,
            job,
            status="done",
            finished_at=stamp,
            heartbeat_at=stamp,
            # Texts added while it ran were read too; the total is what was read.
            texts_total=max(job.texts_total, job.texts_done),
        )
        audit.create_audit_event(
            session,
            job.requested_by,
            "links.rebuilt",
            "plan",
            job.plan_id,
            {"job": job.id, "texts": job.texts_done, "suggested": job.suggestions_made},
        )

    @staticmethod
    def _fail(session: Session, job: Any, code: str) -> None:
        link_rebuild_jobs.update_job(session, job, status="failed", finished_at=now(), error=code)
        audit.create_audit_event(
            session,
            job.requested_by,
            "links.rebuild_failed",
            "plan",
            job.plan_id,
            {"job": job.id, "error": code, "texts": job.texts_done},
        )


def run_after_commit(sessions: Any, rebuilds: LinkRebuilds) -> None:
    """Start the queued jobs once (and only if) the session that queued them commits."""

    def after_commit(session: Session) -> None:
        if session.in_nested_transaction():
            return  # a savepoint released: the outer transaction may still roll back
        if not session.info.pop(PENDING_KEY, None):
            return
        try:
            rebuilds.run_later()
        except Exception:  # never let the rebuild break the request that committed
            log.exception("starting link rebuild jobs failed; they stay queued")

    def after_rollback(session: Session, previous: Any) -> None:
        if previous.parent is None:
            session.info.pop(PENDING_KEY, None)

    event.listen(sessions, "after_commit", after_commit)
    event.listen(sessions, "after_soft_rollback", after_rollback)
