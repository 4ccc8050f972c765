"""Redaction with this app's names list (REDACTION_NAMES_FILE in its settings).

``survey.privacy.redaction`` knows no Flask, so the views take the names from the app here.
"""

from __future__ import annotations

from flask import current_app

from survey.privacy import redaction


def redaction_names() -> tuple[str, ...]:
    return redaction.configured_names(current_app.config)


def redact_text(text: str | None) -> str:
    """``text`` with personal details and the app's configured names replaced."""
    return redaction.redact_text(text, redaction_names())
