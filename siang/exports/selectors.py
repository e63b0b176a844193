"""The one way in to exports: a job and its file belong to the person who started it, alone."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from siang.accounts.models import User
from siang.directory.models import Unit
from siang.exports.models import ExportJob
from siang.policy import NATION, actions, can

RECENT = 10


def get_job(user: User, pk: int) -> ExportJob:
    """The person's own job, while they still may see what it covers; anything else is 'not found'."""
    try:
        job = ExportJob.objects.select_related("unit").get(pk=pk, owner=user)
    except ExportJob.DoesNotExist:
        raise Http404 from None
    if not can(
        user, actions.NATIONAL_EXPORT if job.unit is None else actions.UNIT_EXPORT, job.unit or NATION
    ):
        raise Http404
    return job


def recent_jobs(user: User, unit: Unit | None) -> QuerySet[ExportJob]:
    """The person's latest exports of this unit (or, for PACC, across units)."""
    jobs = ExportJob.objects.filter(owner=user)
    jobs = jobs.filter(unit=unit) if unit is not None else jobs.filter(unit__isnull=True)
    return jobs.order_by("-created_at", "-pk")[:RECENT]
