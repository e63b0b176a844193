from typing import Any

from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "siang.feedback"
    verbose_name = "Citizen feedback"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_remember_staff_network, dispatch_uid="feedback_staff_network")


def _remember_staff_network(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A unit's staff member signs in: their network (hashed) is their unit's for today, so a
    response to that unit from the same network is flagged as possible self-rating."""
    if request is None:
        return
    from siang.accounts.access import approved_memberships
    from siang.feedback.integrity import remember_staff_network

    unit_ids = {m.unit_id for m in approved_memberships(user) if m.unit_id}
    remember_staff_network(unit_ids=unit_ids, request=request)
