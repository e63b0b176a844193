"""The demo's feedback: realistic enough to show on every dashboard, and written only once."""

from __future__ import annotations

from django.db.models import Count

from siang.casework.models import Signal
from siang.feedback.models import Feedback
from siang.reporting import rollups
from siang.reporting.dashboards import nation_report, period_from, unit_report
from siang.reporting.demo import ensure_demo_feedback
from tests.feedback.helpers import build_points


def test_demo_feedback_is_spread_rolled_up_and_written_once(phrae, personas):
    points = build_points(phrae, personas)
    made = ensure_demo_feedback(n=3000)
    assert made["feedback"] == 3000
    assert 0 < made["signals"] < 150  # a few, for PACC's queue
    assert Signal.objects.count() == made["signals"]
    assert not rollups.has_pending()
    per_unit = dict(Feedback.objects.values_list("unit__dla_code").annotate(n=Count("pk")))
    assert len(per_unit) == 5  # every Phrae unit has responses
    assert max(per_unit, key=per_unit.get) == points["unit"].dla_code  # unit A the most
    months = [totals.responses for _month, totals in nation_report(period_from("12m")).trend.months]
    assert sum(1 for n in months if n) >= 17  # about 18 months of responses
    assert sum(months[-6:]) > sum(months[-18:-12])  # growing
    processes = unit_report(points["unit"], period_from("12m")).processes
    assert len({row.label for row in processes}) >= 3
    assert ensure_demo_feedback(n=3000) == {"feedback": 0, "signals": 0}
    assert Feedback.objects.count() == 3000
