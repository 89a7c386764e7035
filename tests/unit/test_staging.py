"""What a new export changes: new revisions only where content changed, withdrawals."""

from __future__ import annotations

from decimal import Decimal

from domain.connection import PostingRules
from domain.events import JournalStaged, JournalWithdrawn
from domain.journal import fold
from domain.mapping import Mapping
from domain.period import Period
from domain.plan import PlanCell
from domain.posting import plan_entries
from domain.staging import stage
from tests.support.chart import CHART

RULES = PostingRules(offset_account="Budget Offset")


def plan(*cells):
    values = [PlanCell(a, "East", v, Period(2027, m), Decimal(x)) for a, v, m, x in cells]
    return plan_entries(values, Mapping(), CHART, RULES, ["Budget", "Forecast"])


def apply(staging, current):
    states = dict(current)
    for entry_id, event in staging.journal_events.items():
        previous = states.get(entry_id)
        history = [previous.staged] if previous and previous.staged else []
        states[entry_id] = fold(entry_id, [*history, event])
    return states


def test_first_export_stages_every_entry_at_revision_one():
    result = stage(
        plan(("Rent", "Budget", 1, "5"), ("Rent", "Budget", 2, "6")),
        {},
        run_id="r1",
        connection_id="c",
        rows=2,
    )
    assert [e.revision for e in result.journal_events.values()] == [1, 1]
    assert result.summary.rows == 2 and len(result.summary.staged) == 2


def test_an_unchanged_export_stages_nothing_and_a_change_stages_one_new_revision():
    first = stage(
        plan(("Rent", "Budget", 1, "5"), ("Rent", "Budget", 2, "6")),
        {},
        run_id="r1",
        connection_id="c",
        rows=2,
    )
    states = apply(first, {})
    again = stage(
        plan(("Rent", "Budget", 1, "5"), ("Rent", "Budget", 2, "6")),
        states,
        run_id="r2",
        connection_id="c",
        rows=2,
    )
    assert again.journal_events == {} and again.summary.unchanged == 2
    revised = stage(
        plan(("Rent", "Budget", 1, "5"), ("Rent", "Budget", 2, "7")),
        states,
        run_id="r3",
        connection_id="c",
        rows=2,
    )
    [event] = revised.journal_events.values()
    assert isinstance(event, JournalStaged) and event.revision == 2 and event.period == "2027-02"


def test_entries_missing_from_the_new_export_are_withdrawn_unless_their_month_was_rejected():
    first = stage(
        plan(("Rent", "Budget", 1, "5"), ("Rent", "Forecast", 1, "6"), ("Rent", "Budget", 2, "7")),
        {},
        run_id="r1",
        connection_id="c",
        rows=3,
    )
    states = apply(first, {})
    # the forecast is gone; February's only row now names an unknown account
    values = plan(("Rent", "Budget", 1, "5"), ("Nope", "Budget", 2, "7"))
    result = stage(values, states, run_id="r2", connection_id="c", rows=2)
    withdrawn = [e for e in result.journal_events.values() if isinstance(e, JournalWithdrawn)]
    assert len(withdrawn) == 1 and withdrawn[0].revision == 2
    assert states[withdrawn[0].entry_id].staged.version == "Forecast"
    assert result.summary.rejected == 1 and result.rejections[0].period == "2027-02"
