"""Corruption signals from citizen feedback, for PACC only (never shown to unit staff).

A Signal is created by `siang.casework.services.signals_from_feedback` when a response reports a
demand for money, property or another benefit, a fee above the published one, or a delay beyond
the published time. Case handling (triage, assignment, outcome) builds on these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignalKind(models.TextChoices):
    BENEFIT_DEMAND = "benefit_demand", _("Asked for money, property or another benefit")
    OVERCHARGE = "overcharge", _("Charged more than the published fee")
    DELAY = "delay", _("Took longer than the published time")
    COMMENT = "comment", _("Described in the comment")


class CommentTermKind(models.TextChoices):
    """What a lexicon entry says the comment describes (siang.casework.comments)."""

    EUPHEMISM = "euphemism", _("A bribe or its euphemism")
    PAID_TO_PERSON = "paid_to_person", _("Paid to a person, not the cashier")
    PERSONAL_ACCOUNT = "personal_account", _("A transfer to a personal account")
    RECEIPT_SHORT = "receipt_short", _("No receipt, or one for less than was paid")
    OVERCHARGE = "overcharge", _("A fee above the published one")
    SPEED_PAYMENT = "speed_payment", _("Paying extra for speed")


class Signal(models.Model):
    feedback = models.ForeignKey("feedback.Feedback", on_delete=models.PROTECT, related_name="signals")
    kind = models.CharField(_("kind"), max_length=20, choices=SignalKind.choices)
    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "catalog.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    process = models.ForeignKey(
        "catalog.ServiceProcess", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="signals"
    )
    evidence = models.CharField(
        _("evidence"),
        max_length=500,
        blank=True,
        db_default="",
        help_text="For a comment signal: the words that raised it.",
    )
    described = models.CharField(
        _("what the comment describes"),
        max_length=20,
        blank=True,
        db_default="",
        choices=CommentTermKind.choices,
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        constraints = [
            models.UniqueConstraint(fields=["feedback", "kind"], name="signal_one_per_kind_per_feedback"),
        ]
        indexes = [models.Index(fields=["unit", "process", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.unit}"


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    UNDER_REVIEW = "under_review", _("Under review")
    REFERRED = "referred", _("Referred")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.UNDER_REVIEW)


class Case(models.Model):
    """PACC's work on repeated signals of one kind about one unit and process.

    While a case is open, every new signal with the same unit, process and kind joins it
    (`group_key`, unique among open cases, holds that under concurrent arrivals).
    """

    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="+")
    process = models.ForeignKey(
        "catalog.ServiceProcess", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SignalKind.choices)
    group_key = models.CharField(max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    deadline = models.DateField(_("triage due"))
    referred_to = models.CharField(_("referred to"), max_length=300, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    signal_count = models.PositiveIntegerField(_("signals"), default=0)
    opened_at = models.DateTimeField(
        _("opened"), default=timezone.now, help_text="When its first signal came in."
    )
    last_signal_at = models.DateTimeField(_("latest signal"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["group_key"],
                condition=Q(status__in=["new", "under_review"]),
                name="case_one_open_per_unit_process_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""), name="case_closed_has_outcome"
            ),
            models.CheckConstraint(
                condition=~Q(status="referred") | ~Q(referred_to=""), name="case_referred_says_where"
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} — {self.unit}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseEvent(models.TextChoices):
    OPENED = "opened", _("Case opened")
    SIGNAL_ADDED = "signal_added", _("Another signal joined the case")
    ASSIGNED = "assigned", _("Assigned")
    REVIEW_STARTED = "review_started", _("Review started")
    REFERRED = "referred", _("Referred")
    CLOSED = "closed", _("Closed")
    NOTE = "note", _("Note")
    CONTACT_REVEALED = "contact_revealed", _("Reporter's contact shown")


class CaseNote(models.Model):
    """The case's history: notes and transitions, appended and never changed."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    event = models.CharField(_("event"), max_length=20, choices=CaseEvent.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_event_display()}"


class PublicHoliday(models.Model):
    """Days that are not working days besides weekends (the cabinet's list, entered by PACC)."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class CommentTerm(models.Model):
    """One entry of the lexicon the comment detector matches: a word or phrase, or parts that
    must appear in order in one sentence, written with "…" between them (`ใบเสร็จ…แค่`).

    Data, not code: PACC extends it in the app (`comment_term_save`); a default set ships with a
    data migration. Every change writes a CommentTermVersion and an audit event.
    """

    phrase = models.CharField(_("word or phrase"), max_length=200, unique=True)
    kind = models.CharField(_("what it describes"), max_length=20, choices=CommentTermKind.choices)
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["kind", "phrase"]
        verbose_name = _("lexicon entry")
        verbose_name_plural = _("lexicon entries")

    def __str__(self) -> str:
        return self.phrase


class CommentTermVersion(models.Model):
    """A lexicon entry as it was after each change, kept for good."""

    term = models.ForeignKey(CommentTerm, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    phrase = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=CommentTermKind.choices)
    is_active = models.BooleanField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["term", "version"], name="comment_term_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.phrase} v{self.version}"
