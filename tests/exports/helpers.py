from __future__ import annotations

from siang.exports import services
from siang.exports.models import ExportJob


def run_export(actor, kind: str, **params) -> ExportJob:
    """Start an export and make its file at once (the inline runner), as the background would."""
    job = services.export_start(actor=actor, kind=kind, params=params)
    return services.export_run(job.pk)
