"""How often a task's status is asked for."""

import pytest

from adapters.anaplan.polling import PollPolicy

POLICY = PollPolicy(first=5, minimum=5, maximum=60, factor=2, jitter=0.2)


def test_waits_grow_exponentially_up_to_the_maximum():
    waits, wait = [], None
    for _ in range(7):
        wait = POLICY.next_wait(wait, elapsed=0, progress=0, rand=0.5)
        waits.append(wait)
    assert waits == [5, 10, 20, 40, 60, 60, 60]


def test_reported_progress_shortens_the_wait_but_never_below_the_minimum():
    # 40 s for the first 80 %: about 10 s to go, though the backoff would wait 40 s.
    assert POLICY.next_wait(20, elapsed=40, progress=0.8, rand=0.5) == pytest.approx(10)
    assert POLICY.next_wait(20, elapsed=40, progress=0.99, rand=0.5) == 5


def test_progress_never_lengthens_the_wait():
    assert POLICY.next_wait(5, elapsed=10, progress=0.01, rand=0.5) == 10


@pytest.mark.parametrize("rand", [0.0, 0.25, 0.75, 0.999])
def test_jitter_stays_within_its_share_and_the_bounds(rand):
    wait = POLICY.next_wait(10, elapsed=0, progress=0, rand=rand)
    assert 16 <= wait <= 24
    assert POLICY.next_wait(None, elapsed=0, progress=0, rand=rand) >= 5
