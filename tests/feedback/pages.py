"""The citizen pages of the feedback app, for tests/test_pages.py."""

from __future__ import annotations

from django.urls import reverse

NOT_PAGES: dict[str, str] = {"feedback_sw": "JavaScript (the service worker)"}
PAGE_NAMES: set[str] = {"feedback_form", "feedback_track", "feedback_track_lookup"}


def urls(phrae, personas) -> dict[str, tuple[str, str | None]]:
    from siang.servicepoints.models import Placement, ServicePoint
    from tests.feedback.helpers import make_feedback

    # Unit B: unit A's departments belong to the catalogue pages' fixture.
    point = ServicePoint.objects.create(
        unit=phrae["units"]["b"], placement=Placement.PR_BOARD, created_by=personas["admin_b"]
    )
    feedback = make_feedback(point, code="PAGE2345")
    return {
        "feedback_form": (reverse("feedback_form", args=[point.token]), None),
        "feedback_track": (reverse("feedback_track", args=[feedback.tracking_code]), None),
        "feedback_track_lookup": (reverse("feedback_track_lookup"), None),
    }
