"""Tokens are renewed before they expire, by the expiry the service gave."""

from adapters.anaplan.tokens import RefreshTiming, Token, TokenCache

TIMING = RefreshTiming(share=0.2, max_margin=300)


def test_a_35_minute_token_is_renewed_5_minutes_before_it_ends():
    assert TIMING.renew_at(0, 2100) == 1800


def test_a_short_token_is_renewed_when_a_fifth_of_its_life_is_left():
    assert TIMING.renew_at(100, 110) == 108


class Renewals:
    def __init__(self, clock):
        self.clock = clock
        self.previous = []

    async def __call__(self, previous):
        self.previous.append(previous)
        now = self.clock()
        return Token.issued(f"token-{len(self.previous)}", now, now + 10, TIMING)


async def test_the_cache_renews_when_due_and_after_a_rejection():
    now = [1000.0]
    renewals = Renewals(lambda: now[0])
    cache = TokenCache(renewals, lambda: now[0])
    assert await cache.token() == "token-1"
    now[0] += 7.9
    assert await cache.token() == "token-1"
    now[0] += 0.2
    assert await cache.token() == "token-2"
    assert renewals.previous[1].value == "token-1"  # a refresh may build on the old one
    await cache.invalidate("token-1")  # an old token's rejection changes nothing
    assert await cache.token() == "token-2"
    await cache.invalidate("token-2")
    assert await cache.token() == "token-3"
    assert renewals.previous[2] is None


def test_token_values_stay_out_of_reprs():
    token = Token.issued("very-secret-value", 0, 10, TIMING)
    assert "very-secret-value" not in repr(token)
    assert "very-secret-value" not in repr(TokenCache(Renewals(lambda: 0.0)))
