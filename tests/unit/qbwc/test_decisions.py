"""Pure session decisions: qbXML version, client version, budget, packing, percent."""

from __future__ import annotations

import pytest

from domain.qbwc.budget import INITIAL_RATE, Budget, CostModel
from domain.qbwc.packing import Packer, Sized
from domain.qbwc.progress import next_percent
from domain.qbwc.versions import client_too_old, client_version_reply, negotiate


@pytest.mark.parametrize(
    ("target", "reported", "supported", "chosen"),
    [
        ("13.0", "16.0", (), "13.0"),  # QuickBooks newer than us: our version
        ("16.0", "13.0", (), "13.0"),  # older QuickBooks: its version
        ("16.0", "16.0", ("13.0", "14.0"), "14.0"),  # HostRet's list refines it
        ("13.0", "5.0", (), None),  # below the product's floor
        ("13.0", "12.0", ("12.0",), None),
    ],
)
def test_the_qbxml_version_is_the_lower_of_ours_and_quickbooks(target, reported, supported, chosen):
    assert negotiate(target, reported, supported) == chosen


def test_client_versions_compare_numerically():
    assert client_version_reply("2.1.0.30", "2.2.0.71") == "O:2.2.0.71"
    assert client_version_reply("2.10.0.1", "2.2.0.71") == ""
    assert client_version_reply("2.3.0.215", None) == ""
    warning = client_version_reply("2.1.0.30", None, recommended="2.3.0.215")
    assert warning.startswith("W:") and "2.3.0.215" in warning
    assert client_version_reply("2.1.0.30", "2.2.0.71", recommended="2.3.0.215") == "O:2.2.0.71"
    assert client_too_old("2.0.0.116", "2.1") and not client_too_old(None, "2.1")


def test_a_version_of_thousands_of_digits_is_compared_not_crashed_on():
    # int() refuses strings over 4,300 digits; QuickBooks' HostRet and QBWC's
    # clientVersion are both the client's to write.
    huge = "9" * 5000
    assert negotiate("13.0", "16.0", (huge,)) == "13.0"
    assert client_version_reply(huge, "2.2.0.71") == ""
    assert client_version_reply("2.\u0663", "2.2") == "O:2.2"  # not ASCII digits: zero


def test_the_budget_starts_conservative_well_under_the_timeout():
    budget = Budget(target_seconds=20, model=CostModel())
    assert budget.model.seconds(budget.remaining_units) == pytest.approx(20)
    assert budget.remaining_units == pytest.approx((20 - 1) / INITIAL_RATE)
    assert (
        budget.page_size() == 380 and Budget(20, CostModel(), max_page_rows=100).page_size() == 100
    )


def test_the_cost_model_learns_slow_at_once_and_fast_gradually():
    model = CostModel()
    slower = model.observed(units=100, seconds=1 + 100 * 0.2)
    assert slower.seconds_per_unit == pytest.approx(0.2)
    faster = slower.observed(units=100, seconds=1 + 100 * 0.01)
    assert 0.01 < faster.seconds_per_unit < 0.2  # eases down
    for _ in range(50):
        faster = faster.observed(units=100, seconds=1.0)
    assert faster.seconds_per_unit >= 0.0005 and faster.observations == 52


def test_a_slow_observation_shrinks_the_next_message():
    model = CostModel().observed(units=380, seconds=45)  # a message took 45 s
    assert Budget(20, model).remaining_units < 200


def test_packing_keeps_each_groups_order_and_always_sends_something():
    budget = Budget(target_seconds=20, model=CostModel(1.0, 0.1))  # 190 units
    packer: Packer[str] = Packer(budget, max_items=10)
    packer.add([Sized("read", 500)])  # larger than the budget: goes alone, first
    packer.add([Sized("a1", 10)])
    assert [s.item for s in packer.chosen] == ["read"]
    fresh: Packer[str] = Packer(budget, max_items=3)
    fresh.add([Sized("a1", 100), Sized("a2", 100), Sized("a3", 1)])  # a2 does not fit: a3 waits
    fresh.add([Sized("b1", 50), Sized("b2", 1), Sized("b3", 1)])
    assert [s.item for s in fresh.chosen] == ["a1", "b1", "b2"]  # max 3 requests


def test_percent_rises_stays_below_100_while_work_is_left_and_reaches_100():
    percents, value = [], 0
    for _ in range(30):
        value = next_percent(value, work_left=True)
        percents.append(value)
    assert percents == sorted(percents) and max(percents) == 99
    assert next_percent(99, work_left=False) == 100 and next_percent(0, work_left=False) == 100
