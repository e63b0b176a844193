"""Export files in an S3 bucket (a real S3-protocol server): any app server serves what another
made, through the access-checked view, which audits and redirects to a URL signed for a minute."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
from django.urls import reverse

from siang.audit.models import AuditEvent
from siang.exports.models import ExportKind
from tests.exports.helpers import run_export


def test_an_export_made_into_the_bucket_is_downloaded_through_a_signed_url(
    client,
    personas,
    phrae,
    feedback_rows,
    s3,
    settings,
):
    job = run_export(personas["admin_a"], ExportKind.RESPONSES_CSV, unit_id=phrae["units"]["a"].pk)
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.csv")), "nothing on this server's disk"
    client.force_login(personas["admin_a"])
    response = client.get(reverse("exports_download", args=[job.pk]))
    assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
    signed = response["Location"]
    assert signed.startswith(settings.S3_OPTIONS["endpoint_url"]) and f"/{s3}/private/exports/" in signed
    assert parse_qs(urlsplit(signed).query)["X-Amz-Expires"] == ["60"]
    assert AuditEvent.objects.filter(action="export_download", object_id=str(job.pk)).count() == 1
    fetched = requests.get(signed, timeout=5)
    assert fetched.status_code == 200
    with job.file.open("rb") as stored:
        assert fetched.content == stored.read() and fetched.content.decode("utf-8-sig").count("\n") == 4
    assert "attachment" in fetched.headers["Content-Disposition"] and job.file_name in requests.utils.unquote(
        fetched.headers["Content-Disposition"]
    )
    # The same object without a signature is refused: the bucket grants the public nothing.
    unsigned = signed.split("?")[0]
    assert requests.get(unsigned, timeout=5).status_code == 403


def test_someone_else_gets_no_signed_url(client, personas, phrae, feedback_rows, s3):
    job = run_export(personas["admin_a"], ExportKind.RESPONSES_CSV, unit_id=phrae["units"]["a"].pk)
    client.force_login(personas["admin_b"])
    assert client.get(reverse("exports_download", args=[job.pk])).status_code == 404
