"""May this comment be shown to this unit? One rule for every place a unit's staff read citizens'
comments: the dashboard, the unit's exports, comment lists, and later the API, open data and
webhooks. It is the policy's scope for comments, so every such place asks it here.

A unit's staff see a response's comment only when
- the comment is not empty;
- the response reports no demand for money, property or another benefit, and raised no signal
  (a comment next to a signal may name the officer: PACC's alone, DESIGN §4);
- the integrity checks did not flag the response;
- its dimension (the service process, or "another service" for responses naming none) has at
  least COMMENT_MIN_RESPONSES responses in the period looked at, so that a comment cannot point
  at its reporter (DESIGN §4, reporter protection);
and then with contact-like text removed (`shown_comment`).

`visible_comments` and `with_comment_visibility` are the rule as a queryset filter and as an
annotation, for lists and exports (no query per row); `may_show_comment` asks it of one response.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from siang.casework.models import Signal
from siang.feedback.models import Feedback

COMMENT_MIN_RESPONSES = 5


@dataclass(frozen=True)
class Dimensions:
    """A unit's dimensions with enough responses for their comments to be shown."""

    process_ids: frozenset[int]
    other: bool  # the responses naming another service (no process)

    @classmethod
    def from_counts(cls, counts: Mapping[int | None, int]) -> Dimensions:
        """From the number of responses per process (None: another service)."""
        enough = {process for process, count in counts.items() if count >= COMMENT_MIN_RESPONSES}
        return cls(frozenset(p for p in enough if p is not None), None in enough)


def dimensions_with_enough(
    unit_id: int, *, visited_from: dt.date | None = None, visited_to: dt.date | None = None
) -> Dimensions:
    """The unit's dimensions with enough responses visited in the period (all time by default).
    One query."""
    rows = Feedback.objects.filter(unit_id=unit_id)
    if visited_from is not None:
        rows = rows.filter(visit_date__gte=visited_from)
    if visited_to is not None:
        rows = rows.filter(visit_date__lte=visited_to)
    counts = rows.values("process_id").annotate(n=Count("pk")).order_by()
    return Dimensions.from_counts({row["process_id"]: row["n"] for row in counts})


def comment_rule(enough: Dimensions) -> Q:
    """The rule, as a condition on Feedback rows."""
    dimension = Q(process_id__in=sorted(enough.process_ids))
    if enough.other:
        dimension |= Q(process__isnull=True)
    return (
        dimension
        & ~Q(comment="")
        & Q(is_flagged=False, asked_money=False, asked_property=False, asked_other_benefit=False)
        & Q(~Exists(Signal.objects.filter(feedback_id=OuterRef("pk"))))
    )


def visible_comments(rows: QuerySet[Feedback], enough: Dimensions) -> QuerySet[Feedback]:
    """Only the responses whose comment the unit may see."""
    return rows.filter(comment_rule(enough))


def with_comment_visibility(rows: QuerySet[Feedback], enough: Dimensions) -> QuerySet[Feedback]:
    """Every row, each with `comment_visible`: whether the unit may see its comment."""
    return rows.annotate(comment_visible=ExpressionWrapper(comment_rule(enough), output_field=BooleanField()))


def may_show_comment(
    feedback: Feedback, *, visited_from: dt.date | None = None, visited_to: dt.date | None = None
) -> bool:
    """May the unit's staff see this response's comment? Two queries."""
    enough = dimensions_with_enough(feedback.unit_id, visited_from=visited_from, visited_to=visited_to)
    return visible_comments(Feedback.objects.filter(pk=feedback.pk), enough).exists()


_CONTACT_LIKE = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+"  # an e-mail address
    r"|(?:\+?66|0)[\d\s-]{8,13}\d"  # a Thai phone number
    r"|\d[\d\s-]{11,16}\d"  # an ID card number
    r"|(?:line|ไลน์)\s*(?:id)?\s*[:：]?\s*@?[\w.-]{3,}",
    re.IGNORECASE,
)


def shown_comment(comment: str) -> str:
    """A comment as a unit sees it: without contact details the citizen may have typed in."""
    return _CONTACT_LIKE.sub("[…]", comment)
