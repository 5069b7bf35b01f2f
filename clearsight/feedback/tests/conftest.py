import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():  # type: ignore[no-untyped-def]
    """The rate limiter counts in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()
