"""Files made in the background for one person: responses as CSV or Excel, a unit's catalogue.

The file lives in private storage and is served only to the person who asked for it, through a
view that checks again and writes an audit event. Changes go through `services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from siang.lib.storage import private_storage


class ExportKind(models.TextChoices):
    RESPONSES_CSV = "responses_csv", _("Responses (CSV)")
    RESPONSES_XLSX = "responses_xlsx", _("Responses (Excel)")
    CATALOGUE_XLSX = "catalogue_xlsx", _("Service catalogue (Excel)")
    POSTERS_PDF = "posters_pdf", _("All posters (PDF, A4)")
    POSTERS_ZIP = "posters_zip", _("All QR codes and posters (ZIP)")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Deleted")


class ExportJob(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=ExportKind.choices)
    unit = models.ForeignKey(
        "directory.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Blank: PACC's export across units.",
    )
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(storage=private_storage, upload_to="exports/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    error = models.CharField(_("what went wrong"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The lease: which runner holds the job and until when (renewed with each step of progress).
    # A task may be delivered twice; the second runner finds the lease taken, or takes over one
    # that has expired (its worker died).
    lease_owner = models.CharField(max_length=100, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["owner", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(file=""), name="exportjob_done_has_file"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return 0 if self.total <= 0 else min(100, self.done * 100 // self.total)

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.EXPIRED)


class ExportOutcome(models.Model):
    """The one result of a finished job: its file, its audit event and its notification.

    The job is the primary key and each reference is unique, so a second runner that reaches the
    end of the same job fails to write its own outcome and takes nothing with it.
    """

    job = models.OneToOneField(ExportJob, primary_key=True, on_delete=models.CASCADE, related_name="outcome")
    file = models.CharField(max_length=200, unique=True)
    audit_event = models.OneToOneField("audit.AuditEvent", on_delete=models.PROTECT, related_name="+")
    notification = models.OneToOneField("accounts.Notification", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"outcome of export #{self.job_id}"
