"""The evidence store: typed SQLAlchemy 2 models, one module per aggregate.

Private to ``storage``: other packages go through ``storage.repositories`` (enforced by
import-linter). The shape carries every channel (web, Slack, Teams, import), meeting attendance,
links to actions and measures, and the scores the analysis stores, so channels add rows, not
redesigns. Every model is imported here, so ``from storage.models import X`` works and
``Base.metadata`` (what Alembic compares against) holds every table.
"""

from __future__ import annotations

from storage.models.action_reviews import (
    ActionReview,
)
from storage.models.chat_channels import (
    DigestPost,
    Notification,
    SeenEvent,
    SlackInstallation,
    TeamsConversation,
)
from storage.models.chat_identities import (
    ChatIdentity,
)
from storage.models.declarative import (
    NAMING_CONVENTION,
    Base,
    utcnow,
)
from storage.models.enums import (
    Channel,
    Direction,
    EvidenceKind,
    IndicatorKind,
    JobStatus,
    LinkMethod,
    MeetingKind,
    OrganisationKind,
    Rag,
    Role,
    SubmissionKind,
    SubmissionStatus,
)
from storage.models.evidence_links import (
    Link,
)
from storage.models.link_rebuild_jobs import (
    LinkRebuildJob,
)
from storage.models.meetings import (
    Attendance,
    Meeting,
)
from storage.models.metric_values import (
    MetricValue,
)
from storage.models.officer_accounts import (
    ApiToken,
    AuditEvent,
    User,
)
from storage.models.organisations_networks import (
    Network,
    Organisation,
    network_measure,
)
from storage.models.outcome_framework import (
    Action,
    Indicator,
    OutcomeMeasure,
    Plan,
    Priority,
    Workstream,
    action_measure,
    workstream_action,
)
from storage.models.plan_import_mappings import (
    PlanImportMapping,
)
from storage.models.responses import (
    Answer,
    ContactDetail,
    Response,
    SurveyDraft,
)
from storage.models.staff_submissions import (
    StaffSubmission,
)
from storage.models.survey_versions import (
    DistributionLink,
    Question,
    Survey,
    SurveyVersion,
    question_measure,
    survey_version_action,
)
from storage.models.you_said_we_did_entries import (
    YouSaidWeDid,
    YouSaidWeDidSubmission,
)

__all__ = [
    "NAMING_CONVENTION",
    "Action",
    "ActionReview",
    "Answer",
    "ApiToken",
    "Attendance",
    "AuditEvent",
    "Base",
    "Channel",
    "ChatIdentity",
    "ContactDetail",
    "DigestPost",
    "Direction",
    "DistributionLink",
    "EvidenceKind",
    "Indicator",
    "IndicatorKind",
    "JobStatus",
    "Link",
    "LinkMethod",
    "LinkRebuildJob",
    "Meeting",
    "MeetingKind",
    "MetricValue",
    "Network",
    "Notification",
    "Organisation",
    "OrganisationKind",
    "OutcomeMeasure",
    "Plan",
    "PlanImportMapping",
    "Priority",
    "Question",
    "Rag",
    "Response",
    "Role",
    "SeenEvent",
    "SlackInstallation",
    "StaffSubmission",
    "SubmissionKind",
    "SubmissionStatus",
    "Survey",
    "SurveyDraft",
    "SurveyVersion",
    "TeamsConversation",
    "User",
    "Workstream",
    "YouSaidWeDid",
    "YouSaidWeDidSubmission",
    "action_measure",
    "network_measure",
    "question_measure",
    "survey_version_action",
    "utcnow",
    "workstream_action",
]
