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
    from siang.feedback.integrity import remember_staff_network
    from siang.policy import staff_unit_ids

    unit_ids = staff_unit_ids(user)
    remember_staff_network(unit_ids=unit_ids, request=request)
