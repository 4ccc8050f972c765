"""The form builder: turns one page of a survey definition into a WTForms class rendered with
GOV.UK Frontend widgets.

The fields only collect and re-display what the parent typed; whether an answer is acceptable is
decided once, in ``survey.domain.questions`` (through ``survey.parents.drafts``), so the web, chat and import
channels agree. Date parts are the exception: only the form sees day, month and year separately,
so it words those problems itself, the GOV.UK way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from markupsafe import Markup
from wtforms import (
    BooleanField,
    Field,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice

from forms.base import StripWhitespaceForm

HONEYPOT_FIELD = "website"  # a field people never see; bots that fill every input fill it too
EXCLUSIVE_VALUES = ("none", "not_applicable", "prefer_not_to_say")
SEARCH_SUFFIX = "_search"


@dataclass(frozen=True)
class FieldSpec:
    """What the builder needs to know about one question: its key, type and words."""

    key: str
    type: str
    text: str
    hint: str | None
    choices: Sequence[tuple[str, str]] = ()
    max_length: int | None = None
    is_page_heading: bool = False
    consent_label: str | None = None
    # Easy Read: option value -> (picture URL, alt text) shown beside that option's label.
    pictures: Mapping[str, tuple[str, str]] = field(default_factory=dict)


PICTURED_LABEL = Markup(
    '<span class="ys-option-picture"><img src="{src}" alt="{alt}" width="64" height="64"></span>'
    '<span class="ys-option-text">{label}</span>'
)


def with_pictures(
    items: list[dict[str, Any]], pictures: Mapping[str, tuple[str, str]]
) -> list[dict[str, Any]]:
    """Each option with a picture gets it inside its label, before the words: the label stays
    the one thing to click, and an empty alt keeps the answer from being read twice."""
    for item in items:
        picture = pictures.get(str(item.get("value")))
        if picture is None or "text" not in item:
            continue
        src, alt = picture
        item["html"] = PICTURED_LABEL.format(src=src, alt=alt, label=item.pop("text"))
        item["label"] = {"classes": "ys-pictured-option"}
    return items


class PicturedRadios(GovRadioInput):
    """GOV.UK radios with an optional picture beside each option (Easy Read)."""

    def __init__(self, pictures: Mapping[str, tuple[str, str]] | None = None) -> None:
        self.pictures = dict(pictures or {})

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        if self.pictures:
            params["items"] = with_pictures(params["items"], self.pictures)
            params["classes"] = (params.get("classes", "") + " ys-pictured-options").strip()
        return params


class ExclusiveCheckboxes(GovCheckboxesInput):
    """Checkboxes where "None of these" (and similar) clear the others, with an "or" divider."""

    def __init__(
        self, divider: str = "or", pictures: Mapping[str, tuple[str, str]] | None = None
    ) -> None:
        self.divider = divider
        self.pictures = dict(pictures or {})

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        if self.pictures:
            params["items"] = with_pictures(params["items"], self.pictures)
            params["classes"] = (params.get("classes", "") + " ys-pictured-options").strip()
        items: list[dict[str, Any]] = []
        for item in params["items"]:
            if item["value"] in EXCLUSIVE_VALUES:
                if not any(i.get("behaviour") for i in items):
                    items.append({"divider": self.divider})
                item["behaviour"] = "exclusive"
            items.append(item)
        params["items"] = items
        params.setdefault("idPrefix", field.id)
        return params


class ConsentCheckbox(GovCheckboxInput):
    """One checkbox inside a fieldset whose legend is the question, so a consent question asked
    on its own page shows its words (and its h1); GovCheckboxInput drops the fieldset."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = GovCheckboxesInput.map_gov_params(self, field, **kwargs)
        return params


class SurveyDateInput(GovDateInput):
    """GOV.UK date input whose error-summary link lands on the day box (the field id is
    ``<key>-day``) while the group itself keeps the plain ``<key>`` id."""

    def __call__(self, field: Any, **kwargs: Any) -> Any:
        kwargs["id"] = field.name
        return super().__call__(field, **kwargs)

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        labels = getattr(field, "part_labels", ("Day", "Month", "Year"))
        for item, label in zip(params["items"], labels, strict=True):
            item["label"] = label
        return params


class DatePartsField(Field):
    """Day, month and year boxes. ``data`` is an ISO date, None when all are blank."""

    widget = SurveyDateInput()

    def __init__(self, *args: Any, part_labels: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.part_labels = tuple(part_labels) or ("Day", "Month", "Year")
        self.part_problem: str | None = None

    def process_formdata(self, valuelist: list[str]) -> None:
        parts = [str(v).strip() for v in valuelist[:3]] + [""] * (3 - len(valuelist[:3]))
        self.raw_data = parts
        self.data, self.part_problem = parse_date_parts(parts)

    def process_data(self, value: Any) -> None:
        self.data = value or None
        if value:
            day = dt.date.fromisoformat(str(value))
            self.raw_data = [str(day.day), str(day.month), str(day.year)]

    def _value(self) -> str:
        return self.data or ""


def parse_date_parts(parts: Sequence[str]) -> tuple[str | None, str | None]:
    """An ISO date from day, month and year, or the GOV.UK message saying what is missing."""
    day, month, year = parts
    if not any(parts):
        return None, None
    missing = [
        name for name, value in zip(("day", "month", "year"), parts, strict=True) if not value
    ]
    if missing:
        return None, f"Date must include a {' and a '.join(missing)}"
    if not (day.isdigit() and month.isdigit() and year.isdigit()):
        return None, "Date must be a real date"
    if len(year) != 4:
        return None, "Year must include 4 numbers"
    try:
        return dt.date(int(year), int(month), int(day)).isoformat(), None
    except ValueError:
        return None, "Date must be a real date"


def _legend(spec: FieldSpec) -> dict[str, Any]:
    size = "l" if spec.is_page_heading else "m"
    return {
        "legend": {
            "text": spec.text,
            "isPageHeading": spec.is_page_heading,
            "classes": f"govuk-fieldset__legend--{size}",
        }
    }


def _label(spec: FieldSpec) -> dict[str, Any]:
    size = "l" if spec.is_page_heading else "m"
    return {
        "text": spec.text,
        "isPageHeading": spec.is_page_heading,
        "classes": f"govuk-label--{size}",
    }


def _choices(spec: FieldSpec) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in spec.choices]


RADIO_TYPES = {"satisfaction5", "agreement5", "yes_no_unsure", "single_choice", "rating10"}


def _field_for(spec: FieldSpec, words: Mapping[str, str]) -> Any:
    """One WTForms field for one question, with its GOV.UK widget and parameters."""
    if spec.type in RADIO_TYPES:
        return _radios(spec)
    build = _BUILDERS.get(spec.type, _text_input)  # short text and number: a text input
    return build(spec, words)


def _radios(spec: FieldSpec) -> Any:
    params: dict[str, Any] = {"fieldset": _legend(spec), "idPrefix": spec.key}
    if spec.type == "rating10":
        params["classes"] = "govuk-radios--small ys-radios--scale"
    return RadioField(
        spec.text,
        choices=_choices(spec),
        validate_choice=False,
        widget=PicturedRadios(spec.pictures),
        description=spec.hint or "",
        render_kw={"params": params},
    )


def _organisation(spec: FieldSpec, _words: Mapping[str, str]) -> Any:
    return RadioField(
        spec.text,
        choices=_choices(spec),
        validate_choice=False,
        widget=GovRadioInput(),
        description=spec.hint or "",
        render_kw={"params": {"fieldset": _legend(spec), "idPrefix": spec.key}},
    )


def _checkboxes(spec: FieldSpec, words: Mapping[str, str]) -> Any:
    return SelectMultipleField(
        spec.text,
        choices=_choices(spec),
        validate_choice=False,
        widget=ExclusiveCheckboxes(words.get("or", "or"), spec.pictures),
        description=spec.hint or "",
        render_kw={"params": {"fieldset": _legend(spec)}},
    )


def _long_text(spec: FieldSpec, _words: Mapping[str, str]) -> Any:
    return TextAreaField(
        spec.text,
        widget=GovCharacterCount(),
        description=spec.hint or "",
        render_kw={
            "params": {"label": _label(spec), "maxlength": spec.max_length, "rows": 6},
        },
    )


def _date(spec: FieldSpec, words: Mapping[str, str]) -> Any:
    return DatePartsField(
        spec.text,
        id=f"{spec.key}-day",
        description=spec.hint or "",
        part_labels=(
            words.get("day", "Day"),
            words.get("month", "Month"),
            words.get("year", "Year"),
        ),
        render_kw={"params": {"fieldset": _legend(spec)}},
    )


def _consent(spec: FieldSpec, words: Mapping[str, str]) -> Any:
    return BooleanField(
        spec.consent_label or spec.text,
        widget=ConsentCheckbox(),
        false_values=("", "false", "no"),
        render_kw={
            "params": {
                "fieldset": _legend(spec),
                "items": [{"text": spec.consent_label or words.get("agree", "I agree")}],
            }
        },
    )


def _text_input(spec: FieldSpec, _words: Mapping[str, str]) -> Any:
    number = spec.type == "number"
    return StringField(
        spec.text,
        widget=GovTextInput(),
        description=spec.hint or "",
        render_kw={
            "params": {
                "label": _label(spec),
                "classes": "govuk-input--width-5" if number else "",
                "inputmode": "numeric" if number else None,
                "spellcheck": False if number else None,
                "attributes": {"maxlength": spec.max_length} if spec.max_length else {},
            }
        },
    )


_BUILDERS: dict[str, Callable[[FieldSpec, Mapping[str, str]], Any]] = {
    "organisation": _organisation,
    "multiple_choice": _checkboxes,
    "long_text": _long_text,
    "date": _date,
    "consent": _consent,
}


def build_page_form(
    specs: Sequence[FieldSpec], words: Mapping[str, str] | None = None
) -> type[StripWhitespaceForm]:
    """A form class for one page: a field per shown question, a search box for each organisation
    picker (filters the list on the server, so it works without JavaScript), a honeypot, and the
    Continue / Save and come back later buttons."""
    words = dict(words or {})

    class PageForm(StripWhitespaceForm):
        pass

    for spec in specs:
        setattr(PageForm, spec.key, _field_for(spec, words))
        if spec.type == "organisation":
            setattr(
                PageForm,
                spec.key + SEARCH_SUFFIX,
                StringField(words.get("search", "Search the list"), widget=GovTextInput()),
            )
    setattr(PageForm, HONEYPOT_FIELD, StringField("Website", render_kw={"autocomplete": "off"}))
    PageForm.submit = SubmitField(words.get("continue", "Continue"), widget=GovSubmitInput())
    PageForm.save_and_return = SubmitField(
        words.get("save", "Save and come back later"), widget=GovSubmitInput()
    )
    return PageForm


def raw_answers(form: Any, specs: Sequence[FieldSpec]) -> dict[str, Any]:
    """The answers as intake expects them: strings, lists for multiple choice, None for blank."""
    answers: dict[str, Any] = {}
    for spec in specs:
        data = getattr(form, spec.key).data
        if spec.type == "multiple_choice":
            answers[spec.key] = [str(v) for v in (data or []) if v]
        elif spec.type == "consent":
            answers[spec.key] = "agreed" if data else None
        else:
            answers[spec.key] = data if data not in ("", None) else None
    return answers


def date_part_problems(form: Any, specs: Sequence[FieldSpec]) -> dict[str, str]:
    """Problems only the form can see: a date with a missing or impossible part."""
    return {
        spec.key: getattr(form, spec.key).part_problem
        for spec in specs
        if spec.type == "date" and getattr(form, spec.key).part_problem
    }


def initial_data(specs: Sequence[FieldSpec], answers: Mapping[str, Any]) -> dict[str, Any]:
    """What the page shows before the parent types: their saved answers."""
    data: dict[str, Any] = {}
    for spec in specs:
        value = answers.get(spec.key)
        if spec.type == "consent":
            value = value == "agreed"
        data[spec.key] = value
    return data


class ConsentForm(StripWhitespaceForm):
    """The survey's own consent, asked before the first question when the definition wants it."""

    consent = BooleanField("Consent", widget=GovCheckboxInput())
    website = StringField("Website", render_kw={"autocomplete": "off"})
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ResumeEmailForm(StripWhitespaceForm):
    """Where to email a save-and-return link. The address is used once and never stored."""

    email = StringField("Email address", widget=GovTextInput())
    website = StringField("Website", render_kw={"autocomplete": "off"})
    submit = SubmitField("Send the link", widget=GovSubmitInput())


class SubmitAnswersForm(StripWhitespaceForm):
    website = StringField("Website", render_kw={"autocomplete": "off"})
    submit = SubmitField("Submit your answers", widget=GovSubmitInput())


class StartForm(StripWhitespaceForm):
    submit = SubmitField("Start now", widget=GovSubmitInput())
