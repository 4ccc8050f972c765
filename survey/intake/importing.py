"""Importing survey responses from the tools councils already use: Microsoft Forms (XLSX),
Google Forms (CSV from Sheets) and typed-up paper forms (CSV or XLSX).

A mapping file says which column answers which question. Every row goes through
``intake.submit_response``. All rows are checked first: one bad row stops the import with its
spreadsheet row number and nothing is stored, unless ``skip_bad`` is set, when the good rows are
stored and the bad ones written to a reject file with the reason. Re-importing the same file
stores nothing twice (each row's idempotency key comes from its ID column or its content).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree  # nosec B405 # only its ParseError, to catch a broken workbook

from sqlalchemy.orm import Session

from storage.repositories import organisations
from survey.domain.errors import DomainError, FieldProblem
from survey.domain.inputs import ResponseSubmission
from survey.domain.questions import CHOICE_TYPES, QuestionSpec
from survey.domain.spreadsheet_cells import formula_safe_row, without_formula_quote
from survey.domain.survey_definitions import SurveyDef
from survey.domain.yaml_checks import LineDict, read_yaml
from survey.intake import evidence

DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y/%m/%d %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%y %H:%M:%S",
)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")
MAPPING_FIELDS = {
    "source",
    "id_column",
    "submitted_at",
    "date_format",
    "list_separator",
    "consent",
    "organisation",
    "questions",
    "ignore",
}


@dataclass(frozen=True)
class ColumnRule:
    column: str
    values: dict[str, str] = field(default_factory=dict)  # cell text -> stored value


@dataclass(frozen=True)
class Mapping:
    questions: dict[str, ColumnRule]
    id_column: str | None = None
    submitted_at: str | None = None
    submitted_at_format: str | None = None
    date_format: str | None = None
    list_separator: str = ";"
    consent: dict[str, bool] = field(default_factory=dict)
    organisation: ColumnRule | None = None
    source: str | None = None


@dataclass
class ImportResult:
    stored: int = 0
    already_there: int = 0
    rejected: int = 0
    reject_file: Path | None = None
    references: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"Imported {self.stored} responses"
        if self.already_there:
            text += f" ({self.already_there} were already there)"
        if self.rejected:
            text += f"; {self.rejected} rows rejected, written to {self.reject_file}"
        return text + "."


@dataclass(frozen=True)
class Row:
    number: int  # the spreadsheet row number people see (the header is row 1)
    cells: dict[str, Any]


# --- the mapping file ---------------------------------------------------------------------------


def _rule(node: Any, where: str) -> ColumnRule:
    if isinstance(node, str):
        return ColumnRule(node)
    if isinstance(node, dict) and isinstance(node.get("column"), str):
        values = {str(k).strip().lower(): str(v) for k, v in (node.get("values") or {}).items()}
        return ColumnRule(node["column"], values)
    raise DomainError(f"{where} must be a column name, or {{column: NAME, values: {{...}}}}", where)


def load_mapping(path: Path, definition: SurveyDef) -> Mapping:
    root = read_yaml(path)
    unknown = sorted(set(root) - MAPPING_FIELDS)
    if unknown:
        raise DomainError(f"{path.name}: unknown keys {', '.join(unknown)}", field="mapping")
    questions_node = root.get("questions")
    if not isinstance(questions_node, LineDict) or not questions_node:
        raise DomainError(f"{path.name}: list the questions to import under 'questions'", "mapping")
    keys = {q.key for q in definition.questions}
    rules: dict[str, ColumnRule] = {}
    for key, node in questions_node.items():
        if key not in keys:
            raise DomainError(
                f"{path.name}: '{key}' is not a question of survey '{definition.slug}'", "mapping"
            )
        rules[key] = _rule(node, f"questions.{key}")
    submitted = root.get("submitted_at")
    submitted_column = submitted.get("column") if isinstance(submitted, dict) else submitted
    submitted_format = submitted.get("format") if isinstance(submitted, dict) else None
    organisation = root.get("organisation")
    return Mapping(
        questions=rules,
        id_column=root.get("id_column"),
        submitted_at=submitted_column,
        submitted_at_format=submitted_format,
        date_format=root.get("date_format"),
        list_separator=str(root.get("list_separator") or ";"),
        consent={str(k): bool(v) for k, v in (root.get("consent") or {}).items()},
        organisation=_rule(organisation, "organisation") if organisation else None,
        source=root.get("source"),
    )


# --- reading files ----------------------------------------------------------------------------


def read_rows(path: Path) -> tuple[list[str], list[Row]]:
    """The header and the non-empty rows of a CSV or XLSX file (first sheet)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix in {".csv", ".txt"}:
        return _read_csv(path)
    raise DomainError(f"{path.name}: import a .csv or .xlsx file", field="file")


def _read_csv(path: Path) -> tuple[list[str], list[Row]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [h.strip() for h in next(reader, [])]
            rows = [
                Row(number, dict(zip(header, values, strict=False)))
                for number, values in enumerate(reader, start=2)
                if any(v.strip() for v in values)
            ]
    except UnicodeDecodeError:
        raise DomainError(
            f"{path.name} is not UTF-8 text; save it as 'CSV UTF-8' and import it again",
            field="file",
        ) from None
    except csv.Error as error:  # a cell over csv's 128 KB limit, a NUL in old Pythons
        raise DomainError(f"{path.name} cannot be read as CSV: {error}", field="file") from None
    return header, rows


def _read_xlsx(path: Path) -> tuple[list[str], list[Row]]:
    try:
        return _read_workbook(path)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ElementTree.ParseError):
        # Not a zip, a zip without a worksheet, or XML openpyxl cannot parse (such as a
        # character reference to a lone surrogate): all mean "not a workbook we can read".
        raise DomainError(
            f"{path.name} is not an Excel workbook (.xlsx) that can be read; open it in Excel "
            "and save it again",
            field="file",
        ) from None


def _read_workbook(path: Path) -> tuple[list[str], list[Row]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(lines, ())]
        rows = [
            Row(number, dict(zip(header, values, strict=False)))
            for number, values in enumerate(lines, start=2)
            if any(v not in (None, "") for v in values)
        ]
    finally:
        workbook.close()
    return header, rows


# --- turning a row into a submission ------------------------------------------------------------


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return without_formula_quote(str(cell).strip())


def _choice(question: QuestionSpec, text: str, rule: ColumnRule) -> str:
    if text.lower() in rule.values:
        return rule.values[text.lower()]
    for option in question.all_options():
        if text.lower() in {option.label.lower(), option.value.lower()}:
            return option.value
    return text  # intake says it is not one of the options, naming the question


def _choices(question: QuestionSpec, text: str, rule: ColumnRule, separator: str) -> list[str]:
    """Options ticked in one cell. Known labels are found whole first, because Google Forms joins
    answers with ", " and labels may contain commas themselves."""
    remaining = text
    found: list[str] = []
    labels = dict(rule.values)
    labels.update({o.label.lower(): o.value for o in question.all_options()})
    for label in sorted(labels, key=len, reverse=True):
        position = remaining.lower().find(label)
        if label and position >= 0:
            found.append(labels[label])
            remaining = remaining[:position] + separator + remaining[position + len(label) :]
    leftovers = [p.strip() for p in remaining.split(separator.strip() or separator) if p.strip()]
    return found + leftovers


def _date(text: str, cell: Any, preferred: str | None) -> Any:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    for pattern in ((preferred,) if preferred else ()) + DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return text  # intake words the problem


def _organisation(session: Session, text: str, rule: ColumnRule) -> str:
    if text.lower() in rule.values:
        return rule.values[text.lower()]
    if "\x00" in text or len(text) > 200:
        return text  # no code or name looks like this: intake refuses it without a lookup
    if organisations.get_organisation_by_code(session, text):
        return text
    named = [
        o
        for o in organisations.list_organisations(session, search=text)
        if o.name.lower() == text.lower()
    ]
    return named[0].code if len(named) == 1 else text


def answer_from_cell(
    session: Session, question: QuestionSpec, cell: Any, rule: ColumnRule, mapping: Mapping
) -> Any:
    text = _text(cell)
    if not text:
        return None
    if question.type == "multiple_choice":
        return _choices(question, text, rule, mapping.list_separator)
    if question.type in CHOICE_TYPES:
        return _choice(question, text, rule)
    if question.type == "rating10":
        return rule.values.get(text.lower(), text)
    if question.type == "date":
        return _date(text, cell, mapping.date_format)
    if question.type == "organisation":
        return _organisation(session, text, rule)
    if question.type == "consent":
        return "agreed" if text.lower() in {"yes", "y", "agreed", "i agree", "true", "1"} else text
    return text


def _submitted_at(row: Row, mapping: Mapping) -> dt.datetime | None:
    if not mapping.submitted_at:
        return None
    cell = row.cells.get(mapping.submitted_at)
    if isinstance(cell, dt.datetime):
        return cell
    text = _text(cell).replace(" GMT", "").replace(" BST", "")
    if not text:
        return None
    patterns = ((mapping.submitted_at_format,) if mapping.submitted_at_format else ()) + (
        DATETIME_FORMATS
    )
    for pattern in patterns:
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise DomainError(
        f"'{text}' in '{mapping.submitted_at}' is not a date and time I can read; "
        "give its format in the mapping (submitted_at: {column: ..., format: ...})",
        field=mapping.submitted_at,
    )


def _idempotency_key(slug: str, row: Row, mapping: Mapping, file_digest: str) -> str:
    if mapping.id_column and _text(row.cells.get(mapping.id_column)):
        identity = f"id:{_text(row.cells[mapping.id_column])}"
    else:
        identity = f"file:{file_digest}:row:{row.number}"
    return "import:" + hashlib.sha256(f"{slug}|{identity}".encode()).hexdigest()[:40]


def submission_for_row(
    session: Session,
    definition: SurveyDef,
    mapping: Mapping,
    row: Row,
    source: str,
    file_digest: str,
) -> ResponseSubmission:
    answers = {
        key: answer_from_cell(
            session, definition.question(key), row.cells.get(rule.column), rule, mapping
        )
        for key, rule in mapping.questions.items()
    }
    organisation_code = setting_code = None
    if mapping.organisation:
        text = _text(row.cells.get(mapping.organisation.column))
        code = _organisation(session, text, mapping.organisation) if text else None
        found = organisations.get_organisation_by_code(session, code) if code else None
        if code and found is None:
            raise DomainError(f"There is no organisation called '{text}'", field="organisation")
        if found is not None and found.kind.value == "la":
            organisation_code = code
        else:
            setting_code = code
    return ResponseSubmission(
        survey_slug=definition.slug,
        answers=answers,
        channel="import",
        idempotency_key=_idempotency_key(definition.slug, row, mapping, file_digest),
        submitted_at=_submitted_at(row, mapping),
        organisation_code=organisation_code,
        setting_code=setting_code,
        source=source[:64],
        consent=dict(mapping.consent),
    )


# --- the import -----------------------------------------------------------------------------


def _check_columns(header: list[str], mapping: Mapping, name: str) -> None:
    wanted = [rule.column for rule in mapping.questions.values()]
    wanted += [c for c in (mapping.submitted_at, mapping.id_column) if c]
    wanted += [mapping.organisation.column] if mapping.organisation else []
    missing = [column for column in wanted if column not in header]
    if missing:
        raise DomainError(
            [FieldProblem("columns", f"{name} has no column '{column}'") for column in missing]
        )


def _check_row(
    session: Session,
    definition: SurveyDef,
    mapping: Mapping,
    row: Row,
    source: str,
    digest: str,
) -> tuple[Row, ResponseSubmission | None, list[str]]:
    """The row's submission and what is wrong with it, checked by intake's own rules."""
    try:
        submission = submission_for_row(session, definition, mapping, row, source, digest)
    except DomainError as error:
        return row, None, [str(p) for p in error.problems]
    _scored, problems = evidence.check_answers(
        session, definition, submission.answers, submission.consent
    )
    return row, submission, [str(p) for p in problems]


def import_responses(
    session: Session,
    slug: str,
    path: Path,
    mapping_path: Path,
    skip_bad: bool = False,
    reject_path: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Check every row, then store them (all or nothing unless ``skip_bad``)."""
    _stored, definition = evidence.load_survey(session, slug)
    mapping = load_mapping(mapping_path, definition)
    header, rows = read_rows(path)
    _check_columns(header, mapping, path.name)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    source = mapping.source or path.name
    checked: list[tuple[Row, ResponseSubmission | None, list[str]]] = []
    for row in rows:
        checked.append(_check_row(session, definition, mapping, row, source, digest))
        if progress:
            progress(1)
    bad = [(row, problems) for row, _s, problems in checked if problems]
    if bad and not skip_bad:
        raise DomainError(
            [FieldProblem(f"row {row.number}", "; ".join(problems)) for row, problems in bad]
        )
    result = ImportResult()
    for _row, submission, problems in checked:
        if problems or submission is None:
            continue
        receipt = evidence.submit_response(session, submission)
        if receipt.created:
            result.stored += 1
            result.references.append(receipt.reference)
        else:
            result.already_there += 1
    if bad:
        result.rejected = len(bad)
        result.reject_file = reject_path or path.with_name(path.stem + ".rejects.csv")
        write_rejects(result.reject_file, header, bad)
    return result


def write_rejects(path: Path, header: list[str], bad: list[tuple[Row, list[str]]]) -> None:
    """The rejected rows as they were, with their row number and what to fix."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(formula_safe_row(["Row", "Problems", *header]))
        for row, problems in bad:
            cells = [_cell_text(row.cells.get(h)) for h in header]
            writer.writerow(formula_safe_row([row.number, "; ".join(problems), *cells]))


def _cell_text(cell: Any) -> str:
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat()
    return "" if cell is None else str(cell)


def rows_in(path: Path) -> int:
    """How many rows a file has, for the progress bar."""
    return len(read_rows(path)[1])
