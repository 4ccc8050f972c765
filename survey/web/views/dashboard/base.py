"""What every dashboard screen shares: the blueprint, who may see and do what, the suppression
threshold and the redaction applied to people's words on screen."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, current_app

from survey.web.redaction_names import redact_text
from survey.web.session_auth import current_user

blueprint = Blueprint("dashboard", __name__, url_prefix="/dashboard")

EVERYONE = ("admin", "officer", "hub_lead")
EDITORS = ("admin", "officer")


@dataclass(frozen=True)
class Access:
    """What the signed-in person may see and do."""

    role: str
    organisation_id: int | None
    network_id: int | None
    actor: str

    @property
    def can_edit(self) -> bool:
        return self.role in EDITORS

    @property
    def may_see_exact(self) -> bool:
        return self.role in EDITORS


def access() -> Access:
    user = current_user()
    organisation = user.organisation_id if user.role.value == "officer" else None
    return Access(user.role.value, organisation, user.network_id, f"user:{user.id}")


def threshold() -> int:
    return int(current_app.config.get("SUPPRESSION_THRESHOLD") or 5)


def redact(text: str) -> str:
    # The patterns and the council's configured names list (REDACTION_NAMES_FILE).
    return redact_text(text)
