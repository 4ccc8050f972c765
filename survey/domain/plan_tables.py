"""Plan tables: turning the rows of a council's plan table (Word, Excel or CSV, already read into
text cells) into the plan definition ``yousaid plan load`` reads, so the same checks apply.

The steps are pure and shared by every format and by the command line and the browser:
find the header row of each table, propose which column holds which field (from the header
words the councils' own plans use), then read each row into an action: a priority heading row
becomes the priority, measure codes are found inside the success measures cell ("1.F: ...",
"2A ...", "TSP-A: ..."; several in one cell), and every problem carries its row number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from survey.domain.errors import DomainError, FieldProblem
from survey.domain.yaml_checks import REF, SLUG, LineDict, LineList

# The fields a column can hold, in the order the mapping form lists them; "" leaves it out.
FIELDS = (
    "ref",
    "priority",
    "objective",
    "lead",
    "group",
    "members",
    "timeframe",
    "measures",
    "monitoring",
    "review",
    "notes",
)
FIELD_LABELS = {
    "": "Leave out",
    "ref": "Reference",
    "priority": "Priority",
    "objective": "Action or objective",
    "lead": "Lead",
    "group": "Group or workstream",
    "members": "Group members",
    "timeframe": "Timeframe",
    "measures": "Success measures",
    "monitoring": "Monitoring and evaluation",
    "review": "Review status (RAG)",
    "notes": "Notes (current position)",
}

# Header words from the councils' plans (the operations plan, Newcastle, Hertfordshire, Devon,
# the regional hubs), normalised; earlier entries win when two columns claim the same field.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "ref": ("reference", "ref", "ref no", "reference number", "no", "number", "code"),
    "priority": ("priority", "priority area", "workstream", "aim"),
    "objective": (
        "delivery objectives",
        "delivery objective",
        "what will be done",
        "hub activities",
        "hub activity",
        "action",
        "actions",
        "activity",
        "activities",
        "objective",
        "objectives",
        "task",
    ),
    "lead": (
        "lead",
        "lead officer",
        "responsible officers",
        "responsible officer",
        "owner",
    ),
    "group": ("task and finish group", "group", "strand"),
    "members": (
        "group members",
        "members",
        "partners",
        "lead and representatives",
        "representatives",
    ),
    "timeframe": ("timeframe", "timescale", "timescales", "by when", "deadline", "when"),
    "measures": (
        "success measures",
        "outcome measures",
        "outcome measures and evidence",
        "impact on cyp will be measured by",
        "outcomes",
        "measures",
        "success criteria",
    ),
    "monitoring": (
        "monitoring and evaluation",
        "monitoring",
        "evidence",
        "how monitored",
        "review date",
        "cost",
        "link to ecm outcomes and other strategies",
    ),
    "review": (
        "review impact rag",
        "review impact",
        "rag",
        "rag rating",
        "review status",
        "status",
    ),
    "notes": (
        "summary of current position",
        "current position",
        "progress",
        "update",
        "notes",
        "comments",
    ),
}
# Fields several columns may fill: each column's text is kept as "Header: text." in turn.
JOINABLE = {"members", "monitoring", "notes"}
_HEADER_FIELDS = {
    words: (name, rank) for name, options in SYNONYMS.items() for rank, words in enumerate(options)
}

# A measure code: 1.F, 2A, 4G, 2c, TSP-A, T.A. Found followed by ":" (or ")" or a dash) anywhere
# in a cell, or at the start of a line followed by the statement.
CODE = r"(?:[0-9]{1,2}\.?[A-Za-z]|[A-Z]{1,5}-[A-Z0-9]{1,3}|[A-Z]\.[A-Z])"
_CODE_MARKED = re.compile(rf"(?<![\w.\-])({CODE})\s*(?::|\)|\s[-\u2013]\s)\s*")
_CODE_AT_LINE = re.compile(rf"(?m)^[ \t]*(?:[\u2022\u00b7*\-][ \t]*)?({CODE})[ \t]+(?=[A-Z])")
# A code opening a sentence ("... groups. 1.B Progress made ...") or standing alone ("2c 1.E:").
_CODE_IN_TEXT = re.compile(
    rf"(?:^|(?<=[.;!?]\s)|(?<=\n))[ \t]*({CODE})(?![\w.\-])(?=\s+[A-Z0-9]|\s*$)"
)
_CODES_ONLY = re.compile(rf"^\s*{CODE}(?:\s*(?:[,;/&]|and)?\s*{CODE})*\s*$")
_CODE_ANY = re.compile(rf"(?<![\w.\-])({CODE})(?![\w.\-])")
_REF_PREFIX = re.compile(
    r"^\s*([A-Z]{1,5}-[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}|[0-9]{1,2}(?:\.[0-9]{1,2}){1,3})\.?\s+(\S.*)$",
    re.S,
)
_PRIORITY_WORD = re.compile(
    r"^\s*(?:priority|aim|workstream)\s+([0-9]{1,2}(?:\.[0-9]{1,2})*|[A-Za-z])(?![\w])"
    r"\.?\s*[:.)\-\u2013]?\s*(.*)$",
    re.I | re.S,
)
_PRIORITY_NUMBER = re.compile(
    r"^\s*([0-9]{1,2}(?:\.[0-9]{1,2})*|[A-Z])(?:\.\s+|\s*[:)\-\u2013]\s*|\.?\s*$)(.*)$", re.S
)
_RAG_WORDS = {
    "red": "red",
    "r": "red",
    "amber": "amber",
    "a": "amber",
    "green": "green",
    "g": "green",
    "blue": "blue",
    "b": "blue",
    "complete": "blue",
    "completed": "blue",
}
_RAG_START = re.compile(r"^\s*([A-Za-z]+)\s*(?:[:.\-\u2013/]\s*|\s+|$)(.*)$", re.S)
MAX_HEADER_SEARCH = 10


@dataclass(frozen=True)
class SourceRow:
    number: int  # the row number the officer sees: the spreadsheet row, or the table row in Word
    cells: tuple[str, ...]


@dataclass(frozen=True)
class SourceTable:
    index: int
    name: str  # "Sheet1" or "table 2"
    rows: tuple[SourceRow, ...]


@dataclass(frozen=True)
class ImportWarning:
    table: str
    row: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.table} row {self.row}" if self.row is not None else self.table
        return f"{where}: {self.message}"


@dataclass
class ColumnMapping:
    """Which tables to read and which header holds which field (header text -> field)."""

    tables: list[int]
    columns: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"tables": list(self.tables), "columns": dict(self.columns)}


@dataclass
class TableReading:
    """What the rows said: the plan definition (checked later by check_plan) and the warnings."""

    definition: LineDict
    warnings: list[ImportWarning]
    mapping: ColumnMapping
    measure_rows: dict[str, int] = field(default_factory=dict)
    action_rows: dict[str, int] = field(default_factory=dict)


def normalise(text: str) -> str:
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def field_for_header(text: str) -> tuple[str, int] | None:
    """The field a column header names, with its rank (lower is a surer match), or None."""
    words = normalise(text)
    if not words:
        return None
    if words in _HEADER_FIELDS:
        return _HEADER_FIELDS[words]
    for name, options in SYNONYMS.items():
        for rank, option in enumerate(options):
            if len(option) > 4 and (words.startswith(option) or option in words):
                return name, rank + 50
    return None


def header_row(table: SourceTable) -> int | None:
    """The position (in table.rows) of the row that names the most fields (two at least)."""
    best, best_count = None, 1
    for position, row in enumerate(table.rows[:MAX_HEADER_SEARCH]):
        count = len({m[0] for m in (field_for_header(c) for c in row.cells) if m})
        if count > best_count:
            best, best_count = position, count
    return best


def propose_mapping(tables: list[SourceTable]) -> ColumnMapping:
    """Every table whose header names a reference or an action, and each header's best field:
    when two columns name one field the surer wins (an "Objective" column beside an "Action"
    one becomes the priority), except fields several columns may fill (monitoring, notes)."""
    chosen: list[int] = []
    columns: dict[str, str] = {}
    for table in tables:
        position = header_row(table)
        if position is None:
            continue
        headers = [header_key(h) for h in table.rows[position].cells if h.strip()]
        matches = {h: field_for_header(h) for h in headers}
        best: dict[str, tuple[int, str]] = {}
        for header, match in matches.items():
            if match and (match[0] not in best or match[1] < best[match[0]][0]):
                best[match[0]] = (match[1], header)
        if not ({"ref", "objective"} & set(best)):
            continue
        chosen.append(table.index)
        for header, match in matches.items():
            if header in columns:
                continue
            if match is None:
                columns[header] = ""
                continue
            name, rank = match
            if best[name][1] == header or name in JOINABLE:
                columns[header] = name
            elif name == "objective" and "priority" not in best:
                columns[header] = "priority"
                best["priority"] = (rank, header)
            else:
                columns[header] = ""
    return ColumnMapping(chosen, columns)


def check_mapping(data: Any, tables: list[SourceTable]) -> ColumnMapping:
    """A mapping read from the officer's YAML file (or form), checked against the tables."""
    problems: list[FieldProblem] = []
    if not isinstance(data, dict):
        raise DomainError("The mapping must be a YAML mapping with tables and columns", "mapping")
    names = {t.name.lower(): t.index for t in tables}
    wanted: list[int] = []
    raw_tables = data.get("tables", data.get("table", data.get("sheet")))
    if raw_tables is None:
        wanted = propose_mapping(tables).tables
    else:
        for item in raw_tables if isinstance(raw_tables, list) else [raw_tables]:
            if isinstance(item, int) and not isinstance(item, bool) and 0 <= item < len(tables):
                wanted.append(item)
            elif isinstance(item, str) and item.lower() in names:
                wanted.append(names[item.lower()])
            else:
                count = len(tables)
                problems.append(
                    FieldProblem(
                        "tables",
                        f"'{item}' is not a table in the file: give a number from 0 to "
                        f"{count - 1} or a sheet name",
                    )
                )
    columns = data.get("columns", {})
    if not isinstance(columns, dict):
        problems.append(FieldProblem("columns", "must be a mapping of column header to field"))
        columns = {}
    checked: dict[str, str] = {}
    for header, name in columns.items():
        value = "" if name in (None, "", "-", "none", "ignore") else str(name)
        if value not in FIELDS and value != "":
            problems.append(
                FieldProblem(
                    f"columns.{header}", f"'{value}' is not a field: use {', '.join(FIELDS)}"
                )
            )
            continue
        checked[header_key(str(header))] = value
    used: dict[str, str] = {}
    for header, value in checked.items():
        if value and value in used and value not in JOINABLE:
            problems.append(
                FieldProblem(
                    f"columns.{header}",
                    f"'{value}' is already the field of column '{used[value]}'",
                )
            )
        used.setdefault(value, header)
    if problems:
        raise DomainError(problems)
    return ColumnMapping(wanted, checked)


def measure_codes(text: str) -> list[tuple[str, str | None]]:
    """The measure codes in a cell, each with the statement that follows it (None when the cell
    only names the code): "1.F: Provision ... 1.G: Parents ..." gives two."""
    text = text.strip()
    if not text:
        return []
    if _CODES_ONLY.match(text):
        return [(m.group(1), None) for m in _CODE_ANY.finditer(text)]
    starts = sorted(
        {
            m.start(1): m
            for pattern in (_CODE_IN_TEXT, _CODE_AT_LINE, _CODE_MARKED)
            for m in pattern.finditer(text)
        }.items()
    )
    found: list[tuple[str, str | None]] = []
    for i, (_start, match) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        statement = " ".join(text[match.end() : end].split()).strip(" ;,")
        found.append((match.group(1), statement or None))
    return found


def canonical_code(code: str) -> str:
    """1H, 1.H and 1.h are one code; TSP-A stays TSP-A."""
    code = code.strip().upper()
    return re.sub(r"^([0-9]{1,2})\.?([A-Z])$", r"\1\2", code)


def review_cell(text: str) -> tuple[str | None, str | None]:
    """(status, note) from a review cell: "Amber - in progress" gives ("amber", "in progress");
    text without a colour keeps the whole text as the note and states no status."""
    text = text.strip()
    if not text:
        return None, None
    match = _RAG_START.match(text)
    if match and match.group(1).lower() in _RAG_WORDS:
        rest = match.group(2).strip() or None
        word = match.group(1).lower()
        if len(word) > 1 or rest is None or match.group(0)[len(match.group(1)) :][:1] in ":-/.":
            return _RAG_WORDS[word], rest
    return None, text


def priority_number(text: str) -> tuple[str | None, str | None]:
    """("1", "Quality offer") from "Priority 1: Quality offer" or "1. Quality offer", ("1.2",
    ...) from "1.2. To deliver ...", ("T", "Transport") from "T. Transport"; a number alone
    ("T", "1") gives no title; other text ("12 schools will ...") gives (None, None)."""
    match = _PRIORITY_WORD.match(text) or _PRIORITY_NUMBER.match(text)
    if match is None:
        return None, None
    return match.group(1).upper(), " ".join(match.group(2).split()) or None


def header_key(text: str) -> str:
    """A column header as the mapping names it: "Review\ndate" is "Review date"."""
    return " ".join(text.split())


def _line_dict(line: int, **values: Any) -> LineDict:
    node = LineDict({k: v for k, v in values.items() if v is not None})
    node.line = line
    node.key_lines = {key: line for key in node}
    return node


def _line_list(line: int, items: list[Any]) -> LineList:
    node = LineList(items)
    node.line = line
    return node


def _heading(cells: tuple[str, ...]) -> str | None:
    """A row with one piece of text (spread across merged cells or in one cell) is a heading."""
    filled = [c.strip() for c in cells if c.strip()]
    if len(cells) < 3 or len(set(filled)) != 1:
        return None
    if len(filled) >= 2 or cells[0].strip():
        return filled[0]
    return None


def _fields_of(headers: tuple[str, ...], columns: dict[str, str]) -> dict[int, str]:
    """Column position -> field; a field only once, but for those several columns may fill."""
    by_norm = {normalise(h): name for h, name in columns.items()}
    mapped: dict[int, str] = {}
    for position, header in enumerate(headers):
        name = columns.get(header_key(header), by_norm.get(normalise(header), ""))
        if name and (name in JOINABLE or name not in mapped.values()):
            mapped[position] = name
    return mapped


def _surety(header: str, name: str, position: int) -> tuple[int, int]:
    match = field_for_header(header)
    return (match[1] if match and match[0] == name else 999, position)


def _row_values(
    cells: tuple[str, ...], headers: tuple[str, ...], mapped: dict[int, str]
) -> dict[str, str]:
    """Each field's text in a row. A field filled from several columns reads "Header: text."
    for each non-empty one, the column whose header names the field most surely first."""
    sources: dict[str, list[int]] = {}
    for position, name in mapped.items():
        sources.setdefault(name, []).append(position)
    values: dict[str, str] = {}
    for name, positions in sources.items():
        present = [p for p in positions if p < len(cells) and cells[p].strip()]
        if len(positions) == 1:
            values[name] = cells[positions[0]].strip() if present else ""
            continue

        parts = []
        ranked = sorted((_surety(headers[p], name, p), p) for p in present)
        for _rank, position in ranked:
            text = " ".join(cells[position].split())
            parts.append(
                f"{header_key(headers[position])}: {text}{'' if text.endswith('.') else '.'}"
            )
        values[name] = " ".join(parts)
    return values


@dataclass
class _Reader:
    slug: str
    title: str
    known_codes: dict[str, str]
    warnings: list[ImportWarning] = field(default_factory=list)
    errors: list[FieldProblem] = field(default_factory=list)
    priorities: dict[str, LineDict] = field(default_factory=dict)
    stated: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    used: list[tuple[LineDict, list[str], str, int]] = field(default_factory=list)
    action_rows: dict[str, int] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)

    def priority(self, number: str, title: str | None, line: int) -> LineDict:
        node = self.priorities.get(number)
        if node is None:
            node = _line_dict(line, number=number, title=title or f"Priority {number}")
            node["actions"] = _line_list(line, [])
            node.key_lines["actions"] = line
            self.priorities[number] = node
        elif title and node["title"] == f"Priority {number}":
            node["title"] = title
        return node

    def read_table(self, table: SourceTable, columns: dict[str, str]) -> None:
        position = header_row(table)
        if position is None:
            self.errors.append(
                FieldProblem("file", f"{table.name} has no header row naming the plan's columns")
            )
            return
        headers = table.rows[position].cells
        mapped = _fields_of(headers, columns)
        refs_in_objective = "ref" not in mapped.values() and self._refs_in_objective(
            table, position, mapped
        )
        if "ref" not in mapped.values() and not refs_in_objective:
            self.errors.append(
                FieldProblem(
                    "mapping",
                    f"{table.name} has no reference column: say which column holds the "
                    "references (like 1.1) in the mapping",
                )
            )
            return
        if "objective" not in mapped.values():
            self.errors.append(
                FieldProblem(
                    "mapping",
                    f"{table.name} has no action or objective column: say which column holds "
                    "the actions in the mapping",
                )
            )
            return
        current: str | None = None
        # Text above the header (the plan's title) may come again before a repeated header.
        titles = {h for r in table.rows[:position] if (h := _heading(r.cells)) is not None}
        for row in table.rows[position + 1 :]:
            if not any(c.strip() for c in row.cells) or row.cells == headers:
                continue
            heading = _heading(row.cells)
            if heading in titles:
                continue
            if heading is not None:
                number, title = priority_number(heading)
                if number:
                    current = number
                    self.priority(current, title, row.number)
                else:
                    current = str(len(self.priorities) + 1)
                    self.priority(current, heading, row.number)
                continue
            values = _row_values(row.cells, headers, mapped)
            self.read_row(table, row.number, values, current, refs_in_objective)

    def _refs_in_objective(self, table: SourceTable, position: int, mapped: dict[int, str]) -> bool:
        column = next((i for i, name in mapped.items() if name == "objective"), None)
        if column is None:
            return False
        texts = [r.cells[column] for r in table.rows[position + 1 :] if column < len(r.cells)]
        texts = [t for t in texts if t.strip()]
        with_refs = [t for t in texts if _REF_PREFIX.match(t)]
        return bool(texts) and len(with_refs) * 2 >= len(texts)

    def read_row(
        self,
        table: SourceTable,
        line: int,
        values: dict[str, str],
        current: str | None,
        refs_in_objective: bool,
    ) -> None:
        ref = values.get("ref", "")
        objective = values.get("objective", "")
        if refs_in_objective and (match := _REF_PREFIX.match(objective)):
            ref, objective = match.group(1), " ".join(match.group(2).split())
        if not ref and not objective:
            self.warnings.append(
                ImportWarning(
                    table.name, line, "has no reference and no action, so it was left out"
                )
            )
            return
        if not ref:
            self.warnings.append(
                ImportWarning(table.name, line, "is an action without a reference; left out")
            )
            return
        if not REF.match(ref):
            self.warnings.append(
                ImportWarning(
                    table.name,
                    line,
                    f"could not be read: '{ref[:40]}' is not a reference (short letters, "
                    "digits, dots or hyphens); left out",
                )
            )
            return
        if ref in self.action_rows:
            self.warnings.append(
                ImportWarning(
                    table.name,
                    line,
                    f"repeats reference '{ref}' (first used in row {self.action_rows[ref]}); "
                    "left out",
                )
            )
            return
        self.action_rows[ref] = line
        number = values.get("priority", "").strip()
        title: str | None = None
        if number:
            found, title = priority_number(number)
            number = found or number
        else:
            number = current or (ref.split(".")[0] if "." in ref else "1")
        priority = self.priority(number[:16], title, line)
        codes = self.read_measures(table, line, values.get("measures", ""))
        status, note = review_cell(values.get("review", ""))
        if values.get("notes"):
            note = values["notes"]
        action = _line_dict(
            line,
            ref=ref,
            objective=objective,
            group=values.get("group") or None,
            lead=values.get("lead") or None,
            members=values.get("members") or None,
            timeframe=values.get("timeframe") or None,
            monitoring=values.get("monitoring") or None,
        )
        if status or note:
            action["review"] = _line_dict(line, status=status, note=note)
            action.key_lines["review"] = line
        priority["actions"].append(action)
        self.used.append((action, codes, table.name, line))

    def read_measures(self, table: SourceTable, line: int, text: str) -> list[str]:
        if not text.strip():
            return []
        found = measure_codes(text)
        if not found:
            self.errors.append(
                FieldProblem(
                    "file",
                    f"{table.name} row {line}: the success measures cell has no measure code "
                    "(like '1.F:' or '2A'); put the code before each measure",
                )
            )
            return []
        codes = []
        for code, statement in found:
            key = canonical_code(code)
            codes.append(key)
            self.written.setdefault(key, code.upper())
            if statement and key not in self.stated:
                self.stated[key] = (code.upper(), statement, line)
        return codes

    def finish(self) -> tuple[LineDict, dict[str, int]]:
        measures = _line_list(1, [])
        rows: dict[str, int] = {}
        for stated_code, statement, line in self.stated.values():
            measures.append(_line_dict(line, code=stated_code, statement=statement))
            rows[stated_code] = line
        for action, keys, table, line in self.used:
            codes: list[str] = []
            for key in keys:
                code = self.stated[key][0] if key in self.stated else self.known_codes.get(key)
                if code is None:
                    self.warnings.append(
                        ImportWarning(
                            table,
                            line,
                            f"uses measure '{self.written.get(key, key)}', which no cell states; "
                            "left off the action",
                        )
                    )
                elif code not in codes:
                    codes.append(code)
            if codes:
                action["measures"] = _line_list(line, codes)
                action.key_lines["measures"] = line
        definition = _line_dict(1, slug=self.slug, title=self.title)
        definition["measures"] = measures
        definition["priorities"] = _line_list(1, list(self.priorities.values()))
        definition.key_lines.update(measures=1, priorities=1)
        return definition, rows


def read_plan_tables(
    tables: list[SourceTable],
    mapping: ColumnMapping,
    slug: str,
    title: str,
    known_codes: dict[str, str] | None = None,
) -> TableReading:
    """Read the mapped tables into a plan definition; raise DomainError (one problem per line)
    for what makes the file unusable. ``known_codes`` (canonical -> code) are the measures the
    plan already has, so a cell may name them without stating them again."""
    if not SLUG.match(slug):
        raise DomainError(
            f"'{slug}' cannot be a plan's short name: use lower-case letters, digits and hyphens",
            "slug",
        )
    if not mapping.tables:
        raise DomainError(
            "No table in the file has a header row naming a reference or an action column",
            "file",
        )
    reader = _Reader(slug, title, dict(known_codes or {}))
    for index in mapping.tables:
        reader.read_table(tables[index], mapping.columns)
    if reader.errors:
        raise DomainError(reader.errors)
    definition, measure_rows = reader.finish()
    return TableReading(definition, reader.warnings, mapping, measure_rows, reader.action_rows)


def merge_stored(imported: LineDict, stored: dict[str, Any], mapped: set[str]) -> LineDict:
    """Keep what the table cannot say from the stored plan: its title, dates, organisation,
    each measure's indicator and keywords, each action's keywords,
    priority titles the table only numbers, and any field no column was mapped to. A review
    cell with no colour keeps the stored colour."""
    for key in ("title", "organisation", "starts_on", "ends_on"):
        if stored.get(key) is not None and (key != "title" or not imported.get("title")):
            imported[key] = stored[key]
    stored_measures = {canonical_code(m["code"]): m for m in stored.get("measures", [])}
    for measure in imported["measures"]:
        old = stored_measures.get(canonical_code(measure["code"]))
        if old:
            for key in ("keywords", "indicator"):
                if old.get(key) is not None:
                    measure[key] = old[key]
    stored_priorities = {p["number"]: p for p in stored.get("priorities", [])}
    stored_actions = {a["ref"]: a for p in stored.get("priorities", []) for a in p["actions"]}
    for priority in imported["priorities"]:
        old_priority = stored_priorities.get(priority["number"])
        if old_priority and priority["title"] == f"Priority {priority['number']}":
            priority["title"] = old_priority["title"]
        for action in priority["actions"]:
            old = stored_actions.get(action["ref"])
            if old is None:
                continue
            for key in ("group", "lead", "members", "timeframe", "monitoring", "measures"):
                if key not in mapped and old.get(key) is not None:
                    action[key] = old[key]
            if old.get("keywords"):
                action["keywords"] = old["keywords"]
            old_review = old.get("review") or {}
            review = action.get("review")
            if review is None and not ({"review", "notes"} & mapped) and old_review:
                action["review"] = old_review
            elif isinstance(review, dict) and review.get("status") is None:
                review["status"] = old_review.get("status", "none")
    stated = {canonical_code(m["code"]) for m in imported["measures"]}
    used = {
        canonical_code(code)
        for p in imported["priorities"]
        for a in p["actions"]
        for code in a.get("measures", [])
    }
    for key, old_measure in stored_measures.items():
        if key in used and key not in stated:
            imported["measures"].append(old_measure)
    return imported
