"""The base form: whitespace stripped from every text field (as GOV.UK Notify's StripWhitespaceForm)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class StripWhitespaceForm(FlaskForm):
    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            filters = list(unbound_field.kwargs.get("filters", []))
            if _strip not in filters:
                filters.append(_strip)
            unbound_field.kwargs["filters"] = filters
            return unbound_field.bind(form=form, **options)
