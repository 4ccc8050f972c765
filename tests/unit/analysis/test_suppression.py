"""Small-number suppression, primary and secondary, against tables worked out by hand."""

from __future__ import annotations

from analysis.suppression import (
    PRIMARY,
    SECONDARY,
    pool,
    pool_table,
    suppress_count,
    suppress_mean,
    suppress_rate,
    suppress_table,
)


def marks(table):
    return [[cell.suppressed for cell in row] for row in table.cells]


def test_counts_of_one_to_four_are_shown_as_fewer_than_five():
    assert [suppress_count(n).shown for n in (0, 1, 4, 5, 1200)] == [
        "0",
        "fewer than 5",
        "fewer than 5",
        "5",
        "1,200",
    ]


def test_the_threshold_is_a_setting():
    assert suppress_count(9, threshold=10).shown == "fewer than 10"
    assert suppress_count(9, threshold=10).published is None
    assert suppress_count(10, threshold=10).published == 10


def test_a_small_positive_count_hides_the_negative_count_and_the_percentage():
    # 3 positive of 84: the 81 negative would give the 3 away (84 - 81), so it goes too.
    rate = suppress_rate(3, 84)
    assert rate.positive.shown == "fewer than 5"
    assert rate.negative.suppressed == SECONDARY
    assert rate.n.shown == "84"
    assert rate.percent is None


def test_a_small_negative_count_hides_the_positive_count_too():
    rate = suppress_rate(80, 84)
    assert rate.negative.suppressed == PRIMARY
    assert rate.positive.suppressed == SECONDARY
    assert rate.percent is None


def test_a_small_total_hides_everything():
    rate = suppress_rate(2, 3)
    assert rate.n.shown == "fewer than 5"
    assert rate.positive.is_suppressed and rate.negative.is_suppressed
    assert rate.percent is None


def test_zeros_and_large_counts_are_published():
    assert suppress_rate(0, 10).percent == 0.0
    assert suppress_rate(5, 10).percent == 50.0
    assert not suppress_rate(5, 10).is_suppressed


def test_secondary_suppression_in_rows_and_columns():
    # LA x answer table with row and column totals published:
    #            positive neutral negative | total
    #   Alpha        3       10       12   |  25
    #   Beta         7        8        9   |  24
    # Primary: Alpha/positive (3). Its row would give it away: suppress the next smallest in the
    # row (Alpha/neutral 10). Its column would too: Beta/positive (7). Then the neutral column
    # holds one suppressed cell: Beta/neutral (8). Every line now hides two cells or none.
    table = suppress_table([[3, 10, 12], [7, 8, 9]])
    assert marks(table) == [[PRIMARY, SECONDARY, ""], [SECONDARY, SECONDARY, ""]]
    assert [t.shown for t in table.row_totals] == ["25", "24"]
    assert [t.shown for t in table.column_totals] == ["10", "18", "21"]
    assert table.grand_total.shown == "49"


def test_secondary_suppression_prefers_a_non_zero_cell():
    table = suppress_table([[2, 0, 9, 6]], column_totals=False)
    assert marks(table) == [[PRIMARY, "", "", SECONDARY]]


def test_a_small_row_total_is_protected_among_the_row_totals():
    #   row totals 3, 50, 90 sum to a published 143: hiding only the 3 would not hide it.
    table = suppress_table([[3, 0], [20, 30], [40, 50]])
    assert table.row_totals[0].suppressed == PRIMARY
    assert table.row_totals[1].suppressed == SECONDARY
    assert table.row_totals[2].suppressed == ""
    assert table.cells[0][0].suppressed == PRIMARY
    assert table.cells[1][0].suppressed == SECONDARY  # else column 0 gives the 3 away
    assert table.column_totals[0].shown == "63"


def test_no_published_line_lets_a_reader_subtract_back_to_a_hidden_cell():
    table = suppress_table([[1, 6, 7, 30], [12, 2, 15, 40], [9, 11, 3, 25], [20, 22, 24, 26]])
    lines = [list(row) for row in table.cells]
    lines += [[row[c] for row in table.cells] for c in range(4)]
    for line in lines:
        assert sum(cell.is_suppressed for cell in line) != 1


def test_percent_of_row_is_hidden_when_either_number_is_suppressed():
    table = suppress_table([[3, 10, 12], [7, 8, 9]])
    assert table.percent_of_row(0, 0) is None
    assert table.percent_of_row(1, 2) == 9 / 24 * 100


def test_an_empty_table_is_empty():
    table = suppress_table([])
    assert table.cells == []
    assert table.grand_total.shown == "0"


def test_a_mean_over_few_people_is_hidden():
    assert suppress_mean(4.2, 3).published is None
    assert suppress_mean(4.2, 30).published == 4.2


def test_a_pooled_count_leaves_its_small_atoms_out():
    whole = pool([7, 3, 12])
    assert (whole.published, whole.partial, whole.is_suppressed) == (19, True, False)
    assert whole.shown == "19 (excluding small numbers)"
    assert pool([7, 12]).shown == "19" and not pool([7, 12]).partial
    assert pool([3]).shown == "fewer than 5" and pool([3]).published is None
    assert pool([3, 4]).shown == "suppressed" and pool([3, 4]).is_suppressed
    assert pool([]).published == 0 and pool([0]).shown == "0"


def test_a_pooled_table_filtered_to_one_column_shows_what_the_full_table_showed():
    atoms = {
        ("survey", "A", "2024-01"): 7,
        ("survey", "B", "2024-01"): 3,
        ("survey", "A", "2024-02"): 2,
        ("survey", "B", "2024-02"): 9,
    }
    full = pool_table(atoms, ["survey"], ["A", "B"])
    only_a = pool_table({k: v for k, v in atoms.items() if k[1] == "A"}, ["survey"], ["A"])
    assert full.column_totals[0] == only_a.column_totals[0] == only_a.grand_total
    assert full.cells[0][0].published == 7 and full.cells[0][1].published == 9
    # The total is what the published cells add up to: subtracting them leaves nothing hidden.
    assert full.grand_total.published == 16
    assert sum(c.published or 0 for c in full.column_totals) == full.grand_total.published


def test_quotes_are_listed_without_exact_figures_only_when_the_list_is_full() -> None:
    from analysis.suppression import quotes_to_show

    nineteen, twenty_five = list(range(19)), list(range(25))
    assert quotes_to_show(nineteen, exact=False) == ([], True)
    assert quotes_to_show(twenty_five, exact=False) == (twenty_five[:20], False)
    assert quotes_to_show(nineteen, exact=True) == (nineteen, False)
    assert quotes_to_show([], exact=False) == ([], False)
