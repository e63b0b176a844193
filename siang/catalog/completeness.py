"""What a citizen manual still lacks before it can be sent for review.

The Licensing Facilitation Act asks the manual to tell the citizen the legal basis, where to
apply, the steps and how long they take, the documents and the fees; Siang also needs the time
and the fee to spot delays and overcharges in feedback. Each item names the editor's section.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from siang.catalog.content import content_of


@dataclass(frozen=True)
class Missing:
    section: str  # the editor's section (an anchor), e.g. "steps"
    message: str


def missing_items(revision: Any) -> list[Missing]:
    """An empty list when the manual is complete enough to submit."""
    content = content_of(revision)
    missing: list[Missing] = []

    def lack(section: str, message: str) -> None:
        missing.append(Missing(section, message))

    if not content["legal_bases"]:
        lack("legal_bases", _("No legal basis: add the law that gives the power to decide."))
    if not content["channels"]:
        lack("channels", _("No service channel: say where and when people can apply."))
    if not content["steps"]:
        lack("steps", _("No steps: list the steps of the service."))
    for number, step in enumerate(content["steps"], start=1):
        if not step.get("th"):
            lack("steps", _("Step %(number)d has no description.") % {"number": number})
        if not step.get("duration_th") and step.get("duration_minutes") is None:
            lack("steps", _("Step %(number)d does not say how long it takes.") % {"number": number})
    if not content["total_time_th"] and content["total_time_days"] is None:
        lack("time", _("No total processing time stated."))
    if not content["documents"]:
        lack("documents", _("No required documents listed."))
    if not content["fees"] and not content["no_fee"]:
        lack("fees", _("No fee statement: list the fees, or tick “no fee”."))
    if content["fees"] and content["no_fee"]:
        lack("fees", _("“No fee” is ticked but fees are listed: keep one of the two."))
    if not content["complaint_channels"]:
        lack("complaint_channels", _("No complaint channel: say where people can complain."))
    return missing
