"""Small-number suppression for anything that leaves the officer's screen.

Parents of disabled children in one LA are few; a count of 2 dissatisfied families at one school
can identify them. So counts from 1 to ``threshold - 1`` are shown as "fewer than 5" (primary
suppression), percentages built on a suppressed cell are hidden, and, as NHS England does when it
publishes the Friends and Family Test, a second cell is suppressed wherever a published total
would otherwise let a reader subtract their way back to the hidden one (secondary suppression).
Zeros are shown: nobody is identified by nobody.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

DEFAULT_THRESHOLD = 5
PRIMARY = "primary"
SECONDARY = "secondary"
P = TypeVar("P")


def fewer_than(threshold: int) -> str:
    return f"fewer than {threshold}"


@dataclass(frozen=True)
class Cell:
    """One published number: the true value stays here, ``shown`` is what may leave."""

    value: float | None
    suppressed: str = ""  # "" | "primary" | "secondary"
    threshold: int = DEFAULT_THRESHOLD

    @property
    def is_suppressed(self) -> bool:
        return bool(self.suppressed)

    @property
    def published(self) -> float | None:
        """The value safe to export: None when suppressed."""
        return None if self.suppressed else self.value

    @property
    def shown(self) -> str:
        if self.suppressed == PRIMARY:
            return fewer_than(self.threshold)
        if self.suppressed == SECONDARY:
            return "suppressed"
        if self.value is None:
            return ""
        return f"{self.value:,.0f}" if float(self.value).is_integer() else f"{self.value:,.1f}"


def needs_suppression(count: float | None, threshold: int = DEFAULT_THRESHOLD) -> bool:
    return count is not None and 0 < count < threshold


def suppress_count(count: float | None, threshold: int = DEFAULT_THRESHOLD) -> Cell:
    return Cell(count, PRIMARY if needs_suppression(count, threshold) else "", threshold)


@dataclass(frozen=True)
class SuppressedRate:
    """A rate published from ``positive`` of ``n``: the parts and the percentage, each safe."""

    n: Cell
    positive: Cell
    negative: Cell
    percent: float | None  # None when any part is suppressed

    @property
    def is_suppressed(self) -> bool:
        return self.percent is None and bool(self.n.value)


def suppress_rate(positive: int, n: int, threshold: int = DEFAULT_THRESHOLD) -> SuppressedRate:
    """Suppress a positive/negative split with its total published.

    If either part is small, the other part would give it away (n minus the other), so both are
    suppressed and the percentage with them. If n itself is small, everything is suppressed.
    """
    table = suppress_table([[positive, n - positive]], threshold)
    n_cell = table.row_totals[0]
    positive_cell, negative_cell = table.cells[0]
    hidden = n_cell.is_suppressed or positive_cell.is_suppressed or negative_cell.is_suppressed
    percent = None if hidden or n == 0 else 100 * positive / n
    return SuppressedRate(n_cell, positive_cell, negative_cell, percent)


@dataclass(frozen=True)
class SuppressedTable:
    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    grand_total: Cell

    def percent_of_row(self, row: int, column: int) -> float | None:
        """A cell as a percentage of its row, or None when either number is suppressed."""
        cell, total = self.cells[row][column], self.row_totals[row]
        if cell.is_suppressed or total.is_suppressed or not total.value:
            return None
        return 100 * (cell.value or 0) / total.value


def suppress_table(
    counts: Sequence[Sequence[float]],
    threshold: int = DEFAULT_THRESHOLD,
    column_totals: bool = True,
) -> SuppressedTable:
    """Primary and secondary suppression of a table published with row (and column) totals.

    Rule, repeated until nothing changes: in any row or column whose total is published, a single
    suppressed cell is recoverable (total minus the rest), so the next smallest unsuppressed
    cell in that line is suppressed too (preferring non-zero cells, since a suppressed zero hides
    nothing a reader could not guess). A total that is itself 1-4 is suppressed; a line whose
    total is suppressed needs no secondary cell, but the total then counts as a suppressed cell of
    the totals line it belongs to.
    """
    rows = [list(row) for row in counts]
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        row.extend([0] * (width - len(row)))
    marks = [[PRIMARY if needs_suppression(v, threshold) else "" for v in row] for row in rows]
    row_sum = [sum(row) for row in rows]
    col_sum = [sum(row[c] for row in rows) for c in range(width)]
    grand = sum(row_sum)
    row_mark = [PRIMARY if needs_suppression(t, threshold) else "" for t in row_sum]
    col_mark = [PRIMARY if needs_suppression(t, threshold) else "" for t in col_sum]
    grand_mark = PRIMARY if needs_suppression(grand, threshold) else ""

    changed = True
    while changed:
        changed = False
        for r, row in enumerate(rows):
            if not row_mark[r]:
                line = [(row[c], (r, c)) for c in range(width)]
                changed |= _protect_line(line, marks)
        if column_totals:
            for c in range(width):
                if not col_mark[c]:
                    line = [(rows[r][c], (r, c)) for r in range(len(rows))]
                    changed |= _protect_line(line, marks)
        # The row totals form a line summing to the grand total; likewise the column totals.
        if not grand_mark:
            changed |= _protect_totals(row_sum, row_mark)
            if column_totals:
                changed |= _protect_totals(col_sum, col_mark)

    def cell(value: float, mark: str) -> Cell:
        return Cell(value, mark, threshold)

    return SuppressedTable(
        cells=[[cell(v, marks[r][c]) for c, v in enumerate(row)] for r, row in enumerate(rows)],
        row_totals=[cell(t, row_mark[r]) for r, t in enumerate(row_sum)],
        column_totals=[cell(t, col_mark[c]) for c, t in enumerate(col_sum)]
        if column_totals
        else [],
        grand_total=cell(grand, grand_mark),
    )


def _protect_line(line: list[tuple[float, tuple[int, int]]], marks: list[list[str]]) -> bool:
    hidden = [position for _value, position in line if marks[position[0]][position[1]]]
    if len(hidden) != 1:
        return False
    candidates = [(v, p) for v, p in line if not marks[p[0]][p[1]]]
    if not candidates:
        return False
    r, c = _next_smallest(candidates)
    marks[r][c] = SECONDARY
    return True


def _protect_totals(totals: list[float], total_marks: list[str]) -> bool:
    hidden = [i for i, mark in enumerate(total_marks) if mark]
    if len(hidden) != 1:
        return False
    candidates = [(t, i) for i, t in enumerate(totals) if not total_marks[i]]
    if not candidates:
        return False
    index = _next_smallest(candidates)
    total_marks[index] = SECONDARY
    return True


def _next_smallest(candidates: list[tuple[float, P]]) -> P:
    non_zero = [item for item in candidates if item[0] > 0]
    pool = non_zero or candidates
    return min(pool, key=lambda item: item[0])[1]


def suppress_mean(mean: float | None, n: int, threshold: int = DEFAULT_THRESHOLD) -> Cell:
    """A mean over fewer than ``threshold`` people is hidden along with its n."""
    if needs_suppression(n, threshold):
        return Cell(mean, PRIMARY, threshold)
    return Cell(mean, "", threshold)


# --- totals that hold across queries ----------------------------------------------------------
#
# Secondary suppression protects one table. It does not protect a table against the next query:
# an unfiltered total minus the same table filtered to one LA, or a quarter minus its months,
# gives a hidden cell back. So counts that leave the service are built from *atoms*, the finest
# cells anyone may ask for (a survey, an LA, a calendar month), and every published number is the
# sum of the atoms in its scope that may be published on their own. A hidden atom then appears
# in no published number at all, and no subtraction of published numbers can reach it.
R = TypeVar("R")
C = TypeVar("C")


@dataclass(frozen=True)
class PooledCell:
    """A count over atoms, published as the sum of those atoms that are not small."""

    value: float  # the true count: stays here
    published_part: float  # the sum of the atoms that may be published
    withheld: int = 0  # atoms left out because they were small
    threshold: int = DEFAULT_THRESHOLD

    @property
    def is_suppressed(self) -> bool:
        return self.withheld > 0 and not self.published_part

    @property
    def partial(self) -> bool:
        """Published, but without the small atoms (so a lower bound of the true count)."""
        return self.withheld > 0 and bool(self.published_part)

    @property
    def published(self) -> float | None:
        return None if self.is_suppressed else self.published_part

    @property
    def shown(self) -> str:
        if self.is_suppressed:
            return fewer_than(self.threshold) if self.withheld == 1 else "suppressed"
        shown = f"{self.published_part:,.0f}"
        return f"{shown} (excluding small numbers)" if self.partial else shown


def pool(atoms: Iterable[float], threshold: int = DEFAULT_THRESHOLD) -> PooledCell:
    """One count from its atoms: the small ones (1 to threshold - 1) are left out."""
    values = list(atoms)
    small = [v for v in values if needs_suppression(v, threshold)]
    return PooledCell(sum(values), sum(values) - sum(small), len(small), threshold)


@dataclass(frozen=True)
class PooledTable:
    cells: list[list[PooledCell]]
    row_totals: list[PooledCell]
    column_totals: list[PooledCell]
    grand_total: PooledCell


def pool_table(
    atoms: Mapping[tuple[R, C, Any], float],
    rows: Sequence[R],
    columns: Sequence[C],
    threshold: int = DEFAULT_THRESHOLD,
) -> PooledTable:
    """A rows x columns table (with totals) from atoms keyed (row, column, anything finer).

    Leaving columns out (a filtered query) changes none of the cells that stay: each cell depends
    only on its own atoms, so a filtered view shows exactly what the full breakdown showed.
    """

    def over(in_rows: Collection[R], in_columns: Collection[C]) -> PooledCell:
        found = (v for (r, c, _atom), v in atoms.items() if r in in_rows and c in in_columns)
        return pool(found, threshold)

    every_row, every_column = set(rows), set(columns)
    return PooledTable(
        cells=[[over({row}, {column}) for column in columns] for row in rows],
        row_totals=[over({row}, every_column) for row in rows],
        column_totals=[over(every_row, {column}) for column in columns],
        grand_total=over(every_row, every_column),
    )


# Quotes listed without exact figures: a list can be counted, so it is shown only when it is full.
QUOTES_SHOWN = 20
Q = TypeVar("Q")


def quotes_to_show(
    newest_first: Sequence[Q], exact: bool, cap: int = QUOTES_SHOWN
) -> tuple[list[Q], bool]:
    """The quotes a page may list, and whether some were held back.

    With exact figures, the newest ``cap``. Without, the newest ``cap`` only when there are at
    least ``cap`` of them: a shorter list would publish its own length, and the whole area's
    list minus an LA's would give the rest back, however few (the counts are hidden for the
    same reason). Zero is shown, as zeros are everywhere.
    """
    if exact or len(newest_first) >= cap:
        return list(newest_first[:cap]), False
    return [], bool(newest_first)
