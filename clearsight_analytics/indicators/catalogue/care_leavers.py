"""Care leavers (data-standards.md section 4.5)."""

from clearsight_analytics.indicators.definition import Indicator

INDICATORS: tuple[Indicator, ...] = ()
