"""A unit's service catalogue: departments, their service processes (citizen manuals), versioned.

A ServiceProcess holds what does not need review (its department and sequence number); its
content lives in ProcessRevisions. `live_revision` is the approved one citizens see;
`draft_revision` is the one being edited or reviewed. Changes go through `services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from siang.catalog.content import Category, ServiceType
from siang.lib.names import DisplayName


class Department(DisplayName, models.Model):
    """A สำนัก/กอง/ฝ่าย that serves the public. The sequence number is unique among the unit's
    active departments; a retired department gives its number back."""

    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="departments")
    sequence = models.PositiveSmallIntegerField(_("sequence number"))
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    serves_public = models.BooleanField(_("serves the public"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit_id", "-is_active", "sequence", "pk"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "sequence"],
                condition=Q(is_active=True),
                name="department_sequence_unique_in_unit",
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="department_sequence_positive"),
            models.CheckConstraint(condition=~Q(name_th=""), name="department_has_thai_name"),
        ]

    def __str__(self) -> str:
        return f"{self.sequence}. {self.name_th}"


class ServiceProcess(models.Model):
    """A service process (กระบวนงาน) of a department, with its sequence number in the department."""

    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="service_processes")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="processes")
    sequence = models.PositiveSmallIntegerField(_("sequence number"))
    live_revision = models.ForeignKey(
        "ProcessRevision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    draft_revision = models.ForeignKey(
        "ProcessRevision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["department__sequence", "sequence", "pk"]
        verbose_name = _("service process")
        verbose_name_plural = _("service processes")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "sequence"], name="process_sequence_unique_in_department"
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="process_sequence_positive"),
        ]

    def __str__(self) -> str:
        return self.name_th

    @property
    def current_revision(self) -> ProcessRevision:
        """The newest content: the draft (or the one in review) if any, else the live one."""
        revision = self.draft_revision or self.live_revision
        assert revision is not None  # process_create gives every process its first revision
        return revision

    @property
    def name_th(self) -> str:
        return self.current_revision.name_th

    @property
    def name_en(self) -> str:
        return self.current_revision.name_en


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


OPEN_REVISION_STATUSES = (RevisionStatus.DRAFT, RevisionStatus.SUBMITTED)
REVIEWED_STATUSES = (RevisionStatus.APPROVED, RevisionStatus.RETURNED)


class ManualContent(models.Model):
    """The fields of the info.go.th citizen-manual template; the keys of the library's JSON files."""

    name_th = models.CharField(_("process name (Thai)"), max_length=300)
    name_en = models.CharField(_("process name (English)"), max_length=300, blank=True)
    service_type = models.CharField(
        _("service type"), max_length=20, choices=ServiceType.choices, default=ServiceType.SINGLE_UNIT
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    legal_bases = models.JSONField(_("legal basis"), default=list, blank=True)
    legal_time_limit_days = models.PositiveIntegerField(_("legal time limit (days)"), null=True, blank=True)
    legal_time_limit_th = models.CharField(_("legal time limit (Thai)"), max_length=300, blank=True)
    legal_time_limit_en = models.CharField(_("legal time limit (English)"), max_length=300, blank=True)
    criteria_th = models.TextField(_("criteria and conditions (Thai)"), blank=True)
    criteria_en = models.TextField(_("criteria and conditions (English)"), blank=True)
    channels = models.JSONField(_("service channels"), default=list, blank=True)
    steps = models.JSONField(_("steps"), default=list, blank=True)
    total_time_th = models.CharField(_("total processing time (Thai)"), max_length=300, blank=True)
    total_time_en = models.CharField(_("total processing time (English)"), max_length=300, blank=True)
    total_time_days = models.DecimalField(
        _("total processing time (days)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    documents = models.JSONField(_("required documents"), default=list, blank=True)
    fees = models.JSONField(_("fees"), default=list, blank=True)
    no_fee = models.BooleanField(_("no fee"), default=False)
    complaint_channels = models.JSONField(_("complaint channels"), default=list, blank=True)
    forms = models.JSONField(_("forms"), default=list, blank=True)

    class Meta:
        abstract = True


class ProcessRevision(ManualContent):
    """One version of a process's citizen manual: draft → submitted → approved | returned.

    Only a draft is edited. A returned or approved revision stays as it was (the record of what
    was reviewed); changing it starts a new draft copied from it.
    """

    process = models.ForeignKey(ServiceProcess, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    status = models.CharField(
        _("status"), max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copied from"),
    )
    template = models.ForeignKey(
        "ProcessTemplate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Started from a library template and its text not edited since (a new name is no edit): the
    # unit still has to make the generic manual its own.
    template_untouched = models.BooleanField(_("template text not yet edited"), default=False)
    review_comment = models.TextField(_("Admin's comment"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["process", "-number"]
        verbose_name = _("process revision")
        verbose_name_plural = _("process revisions")
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="revision_number_unique_in_process"),
            models.UniqueConstraint(
                fields=["process"],
                condition=Q(status__in=OPEN_REVISION_STATUSES),
                name="revision_one_open_per_process",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="revision_number_positive"),
            models.CheckConstraint(condition=~Q(name_th=""), name="revision_has_thai_name"),
            # What is sent for review or published states its fees, or states that there are none.
            models.CheckConstraint(
                condition=Q(status__in=[RevisionStatus.DRAFT, RevisionStatus.RETURNED])
                | Q(no_fee=True)
                | ~Q(fees=[]),
                name="revision_states_fee_when_submitted",
            ),
            models.CheckConstraint(
                condition=Q(status=RevisionStatus.DRAFT)
                | Q(submitted_at__isnull=False, submitted_by__isnull=False),
                name="revision_submission_recorded",
            ),
            models.CheckConstraint(
                condition=Q(status__in=OPEN_REVISION_STATUSES)
                | Q(decided_at__isnull=False, decided_by__isnull=False),
                name="revision_decision_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status=RevisionStatus.RETURNED) | ~Q(review_comment=""),
                name="revision_returned_with_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_th} (#{self.number})"


class ProcessTemplate(ManualContent):
    """A process most units share, from the national library PACC maintains (siang/catalog/library)."""

    slug = models.SlugField(_("key"), max_length=100, unique=True)
    is_active = models.BooleanField(_("offered to units"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["name_th", "slug"]
        verbose_name = _("process template")
        verbose_name_plural = _("process templates")

    def __str__(self) -> str:
        return self.name_th
