"""Reading a plan file (Word .docx, Excel .xlsx or CSV) into text tables, whatever its name says.

The kind is decided by the file's first bytes, not its extension. Merged cells are carried into
every cell they cover (Word repeats a merged cell in each row and column it spans; Excel merged
ranges are filled from their top-left cell), so actions that share a measures cell each get it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from survey.domain.errors import DomainError
from survey.domain.plan_tables import SourceRow, SourceTable

MAX_PLAN_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


def file_kind(data: bytes, name: str = "The file") -> str:
    """docx, xlsx or csv, from the bytes; DomainError with one plain sentence otherwise."""
    if len(data) > MAX_PLAN_FILE_BYTES:
        raise DomainError(f"{name} is larger than 20 MB; is it the right file?", field="file")
    if not data.strip():
        raise DomainError(f"{name} is empty", field="file")
    if data.startswith(_OLE2):
        if _ENCRYPTED in data:
            raise DomainError(
                f"{name} is protected with a password; save a copy without the password "
                "and import that",
                field="file",
            )
        raise DomainError(
            f"{name} is an old Word or Excel file (.doc or .xls); save it as .docx or .xlsx",
            field="file",
        )
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                unzipped = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            raise DomainError(f"{name} is a damaged Word or Excel file", field="file") from None
        if unzipped > MAX_UNZIPPED_BYTES:
            raise DomainError(f"{name} unpacks to more than 200 MB; is it the right file?", "file")
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise DomainError(f"{name} is not a Word, Excel or CSV file", field="file")
    if b"\x00" in data[:8192] or data.startswith((b"%PDF", b"{\\rtf", b"\x89PNG", b"\xff\xd8")):
        raise DomainError(f"{name} is not a Word, Excel or CSV file", field="file")
    return "csv"


def read_tables(data: bytes, name: str = "The file") -> tuple[str, list[SourceTable]]:
    """The kind of file and its tables, each row with the number the officer sees."""
    kind = file_kind(data, name)
    reader = {"docx": _docx_tables, "xlsx": _xlsx_tables, "csv": _csv_tables}[kind]
    tables = reader(data, name)
    if not any(t.rows for t in tables):
        raise DomainError(f"{name} has no table in it", field="file")
    return kind, tables


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").strip()


def _docx_tables(data: bytes, name: str) -> list[SourceTable]:
    import docx  # imported here: only an import reads Word files

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises KeyError, ValueError, lxml errors...
        raise DomainError(f"{name} is a damaged Word file", field="file") from None
    tables = []
    for index, table in enumerate(document.tables):
        rows = []
        for number, row in enumerate(table.rows, start=1):
            # python-docx gives a merged cell once for each grid column and row it covers.
            cells = tuple(_text(cell.text) for cell in row.cells)
            rows.append(SourceRow(number, cells))
        tables.append(SourceTable(index, f"table {index + 1}", tuple(rows)))
    return tables


def _xlsx_tables(data: bytes, name: str) -> list[SourceTable]:
    import openpyxl  # imported here: only an import reads Excel files

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # openpyxl raises KeyError, ValueError, zip and XML errors...
        raise DomainError(f"{name} is a damaged Excel file", field="file") from None
    tables = []
    formulas = []
    for index, sheet in enumerate(workbook.worksheets):
        grid: dict[tuple[int, int], object] = {}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                if cell.data_type == "f":
                    formulas.append(f"{sheet.title}!{cell.coordinate}")
                grid[(cell.row, cell.column)] = cell.value
        for merged in sheet.merged_cells.ranges:
            value = grid.get((merged.min_row, merged.min_col))
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    grid[(r, c)] = value
        if not grid:
            tables.append(SourceTable(index, sheet.title, ()))
            continue
        last_row = max(r for r, _c in grid)
        last_col = max(c for _r, c in grid)
        rows = [
            SourceRow(r, tuple(_text(grid.get((r, c))) for c in range(1, last_col + 1)))
            for r in range(1, last_row + 1)
        ]
        tables.append(SourceTable(index, sheet.title, tuple(rows)))
    if formulas:
        shown = ", ".join(formulas[:5]) + (" and more" if len(formulas) > 5 else "")
        raise DomainError(
            f"{name} has formulas in {shown}; paste them as values and import again",
            field="file",
        )
    return tables


def _csv_tables(data: bytes, name: str) -> list[SourceTable]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise DomainError(f"{name} is not a Word, Excel or CSV file", field="file")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [
            SourceRow(number, tuple(_text(c) for c in cells))
            for number, cells in enumerate(csv.reader(io.StringIO(text), dialect), start=1)
        ]
    except csv.Error as error:
        raise DomainError(f"{name} could not be read as CSV: {error}", field="file") from None
    if not any(len(r.cells) > 1 for r in rows):
        raise DomainError(f"{name} is not a Word, Excel or CSV file", field="file")
    return [SourceTable(0, "table 1", tuple(rows))]
