"""The values the models' enum columns take (stored as their values: readable in SQL)."""

from __future__ import annotations

import enum


class OrganisationKind(enum.StrEnum):
    LA = "la"
    SCHOOL = "school"
    SETTING = "setting"
    COLLEGE = "college"
    SERVICE = "service"


class Rag(enum.StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    BLUE = "blue"  # complete
    NONE = "none"


class IndicatorKind(enum.StrEnum):
    COUNT = "count"
    RATE = "rate"
    MEAN_SCORE = "mean_score"
    MEAN_SENTIMENT = "mean_sentiment"
    FIGURE = "figure"


class Direction(enum.StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Channel(enum.StrEnum):
    WEB = "web"
    SLACK = "slack"
    TEAMS = "teams"
    IMPORT = "import"
    CLI = "cli"
    DEMO = "demo"


class SubmissionKind(enum.StrEnum):
    IDEA = "idea"
    VIEW = "view"
    CONCERN = "concern"
    QUESTION = "question"


class SubmissionStatus(enum.StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    UNDER_CONSIDERATION = "under_consideration"
    ACTIONED = "actioned"
    NOT_TAKEN_FORWARD = "not_taken_forward"


class MeetingKind(enum.StrEnum):
    STRAND_GROUP = "strand_group"
    FULL_HUB = "full_hub"
    STEERING_GROUP = "steering_group"


class EvidenceKind(enum.StrEnum):
    RESPONSE = "response"
    ANSWER = "answer"
    STAFF_SUBMISSION = "staff_submission"
    MEETING = "meeting"
    ATTENDANCE = "attendance"
    METRIC_VALUE = "metric_value"


class LinkMethod(enum.StrEnum):
    DECLARED = "declared"
    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    MANUAL = "manual"


class Role(enum.StrEnum):
    ADMIN = "admin"
    OFFICER = "officer"
    HUB_LEAD = "hub_lead"


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
