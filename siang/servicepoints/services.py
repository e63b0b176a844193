"""Changes to service points and installation reports. Views, commands and tests call these.

Each transition locks its row, refuses what the actor may not do or what the state does not
allow (ServicePointError, with a message for the person), saves with update_fields, writes the
audit event and tells the unit's Admins after the commit.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from siang.accounts.models import Membership, MembershipStatus, Role, User
from siang.accounts.notify import in_thai_and_english, notify
from siang.audit.services import audit_record, audit_refusals
from siang.catalog.models import Department
from siang.directory.models import Unit
from siang.policy import Refused, actions, require
from siang.servicepoints import photos
from siang.servicepoints.models import (
    InstallationPhoto,
    InstallationReport,
    InstallationStatus,
    PhotoMatch,
    Placement,
    ServicePoint,
    new_token,
)
from siang.servicepoints.photos import CheckedPhoto, PhotoError
from siang.servicepoints.qr import citizen_url

logger = logging.getLogger(__name__)

MAX_LABEL = 200
MAX_REASON = 300


class ServicePointError(Exception):
    """A change that cannot be made; the message is for the person (translated)."""


class ServicePointRefused(Refused, ServicePointError):
    """The policy refuses the actor this change (siang.policy)."""


def _unit_admins(unit_id: int) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            unit_id=unit_id, role=Role.UNIT_ADMIN, status=MembershipStatus.APPROVED
        ).select_related("user")
    ]


def _tell_admins(unit_id: int, subject: str, body: str, *, link: str, **params: Any) -> None:
    """Tell each approved Admin of the unit. `subject` and `body` are gettext_noop'd."""
    for admin in _unit_admins(unit_id):
        notify(
            user=admin,
            subject=in_thai_and_english(subject, separator=" / "),
            body=in_thai_and_english(body, **params),
            link=link,
        )


def _list_link(unit_id: int) -> str:
    return reverse("servicepoints_list", args=[unit_id])


# --- service points -------------------------------------------------------------------------------


def _check_point(*, unit: Unit, placement: str, department: Department | None, label: str) -> None:
    if placement not in Placement.values:
        raise ServicePointError(_("Choose where the QR code is posted."))
    if placement == Placement.COUNTER and department is None:
        raise ServicePointError(_("A service counter belongs to a department: choose the department."))
    if department is not None and (department.unit_id != unit.pk or not department.is_active):
        raise ServicePointError(_("Choose one of this unit's current departments."))
    if len(label) > MAX_LABEL:
        raise ServicePointError(_("Keep “where it is” under %(max)d characters.") % {"max": MAX_LABEL})


def _describe(point: ServicePoint) -> dict[str, Any]:
    return {
        "token": point.token,
        "placement": point.placement,
        "department": point.department_id,
        "label": point.label,
        "is_active": point.is_active,
    }


def _insert_with_new_token(point: ServicePoint) -> ServicePoint:
    """72 random bits never clash in practice; if one ever does, draw again rather than fail."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                point.save()
            return point
        except IntegrityError:
            if ServicePoint.objects.filter(token=point.token).exists():
                point.token = new_token()
                point.pk = None
                continue
            raise
    raise ServicePointError(_("Could not make a new code. Try again."))


@audit_refusals
@transaction.atomic
def service_point_create(
    *,
    unit: Unit,
    actor: User,
    placement: str,
    department: Department | None = None,
    label: str = "",
) -> ServicePoint:
    """The Admin adds a place where a QR code is posted; it gets a new unguessable token."""
    require(actor, actions.SERVICEPOINTS_MANAGE, unit, refused=ServicePointRefused)
    label = label.strip()
    _check_point(unit=unit, placement=placement, department=department, label=label)
    point = _insert_with_new_token(
        ServicePoint(unit=unit, department=department, placement=placement, label=label, created_by=actor)
    )
    audit_record(actor=actor, action="servicepoint.create", obj=point, after=_describe(point))
    _tell_admins(
        unit.pk,
        gettext_noop("New QR code"),
        gettext_noop("%(actor)s added a service point (%(point)s). Its address is %(url)s"),
        link=reverse("servicepoint_detail", args=[unit.pk, point.pk]),
        actor=actor.display_name,
        point=str(point),
        url=citizen_url(point),
    )
    return point


@audit_refusals
@transaction.atomic
def service_point_retire_and_replace(*, point: ServicePoint, actor: User, reason: str) -> ServicePoint:
    """Retire a misused or stolen code and make a new point in its place, with a new token.

    The old row stays (inactive, `replaced_by` the new one) so its posters get a friendly page.
    """
    require(actor, actions.SERVICEPOINTS_MANAGE, point, refused=ServicePointRefused)
    reason = reason.strip()
    if not reason:
        raise ServicePointError(
            _("Give the reason for retiring this code, so the other Admins and PACC know.")
        )
    if len(reason) > MAX_REASON:
        raise ServicePointError(_("Keep the reason under %(max)d characters.") % {"max": MAX_REASON})
    old = (
        ServicePoint.objects.select_for_update(of=("self",))
        .select_related("unit", "department")
        .get(pk=point.pk)
    )
    if not old.is_active:
        raise ServicePointError(_("This code was already retired."))
    department = old.department if old.department and old.department.is_active else None
    if old.placement == Placement.COUNTER and department is None:
        raise ServicePointError(
            _("The department of this counter was retired. Add a new service point for a current department.")
        )
    new = _insert_with_new_token(
        ServicePoint(
            unit=old.unit,
            department=department,
            placement=old.placement,
            label=old.label,
            created_by=actor,
        )
    )
    before = _describe(old)
    old.is_active = False
    old.retired_at = timezone.now()
    old.retired_reason = reason
    old.replaced_by = new
    old.save(update_fields=["is_active", "retired_at", "retired_reason", "replaced_by"])
    audit_record(
        actor=actor,
        action="servicepoint.retire",
        obj=old,
        before=before,
        after=_describe(old) | {"replaced_by": new.pk, "new_token": new.token},
        note=reason,
    )
    audit_record(actor=actor, action="servicepoint.create", obj=new, after=_describe(new), note=reason)
    _tell_admins(
        old.unit_id,
        gettext_noop("A QR code was retired"),
        gettext_noop(
            "%(actor)s retired the QR code of %(point)s (%(reason)s). Print and post the new one: %(url)s"
        ),
        link=reverse("servicepoint_detail", args=[old.unit_id, new.pk]),
        actor=actor.display_name,
        point=str(old),
        reason=reason,
        url=citizen_url(new),
    )
    return new


# --- installation reports -------------------------------------------------------------------------


class PhotoRefused(ServicePointError):
    """A photo that cannot be taken (named in the message); the form shows it by the photos."""


def _check_photo_count(uploads: Sequence[object]) -> None:
    if not uploads:
        raise PhotoRefused(_("Add at least one photo of the posted QR code."))
    if len(uploads) > photos.MAX_PHOTOS:
        raise PhotoRefused(
            _("Send at most %(max)d photos with one report (you chose %(count)d).")
            % {"max": photos.MAX_PHOTOS, "count": len(uploads)}
        )


def _check_new_report(*, point: ServicePoint, actor: User, location: str, installed_on: dt.date) -> None:
    """What can be refused without opening a photo, refused before any is decoded."""
    require(actor, actions.SERVICEPOINTS_MANAGE, point, refused=ServicePointRefused)
    if not point.is_active:
        raise ServicePointError(_("This code was retired. Report the installation of its new code instead."))
    if not location:
        raise ServicePointError(_("Say where the QR code is posted."))
    if installed_on > timezone.localdate():
        raise ServicePointError(_("The installation date cannot be in the future."))
    _refuse_open_report(point)


@audit_refusals
def installation_report_submit(
    *,
    point: ServicePoint,
    actor: User,
    location: str,
    installed_on: dt.date,
    note: str = "",
    uploads: Sequence[UploadedFile] = (),
) -> InstallationReport:
    """The Admin reports where and when a point's code was posted, with 1–5 photos, for PACC.

    The rules that need no photo are checked first, then the photos (headers, then pixels),
    outside the transaction: decoding takes seconds and must not hold the point's lock.
    """
    location = location.strip()
    _check_new_report(point=point, actor=actor, location=location, installed_on=installed_on)
    _check_photo_count(uploads)
    try:
        checked = photos.check_photos(uploads)
    except PhotoError as error:
        raise PhotoRefused(str(error)) from error
    return _save_report(
        point=point, actor=actor, location=location, installed_on=installed_on, note=note, checked=checked
    )


@transaction.atomic
def _save_report(
    *,
    point: ServicePoint,
    actor: User,
    location: str,
    installed_on: dt.date,
    note: str,
    checked: Sequence[CheckedPhoto],
) -> InstallationReport:
    locked = ServicePoint.objects.select_for_update().get(pk=point.pk)
    _check_new_report(point=locked, actor=actor, location=location, installed_on=installed_on)
    try:
        with transaction.atomic():
            report = InstallationReport.objects.create(
                service_point=locked,
                location=location[:300],
                installed_on=installed_on,
                note=note.strip(),
                reported_by=actor,
            )
    except IntegrityError:  # another report of this point was saved a moment ago
        _refuse_open_report(locked)
        raise
    saved: list[InstallationPhoto] = []
    try:
        for position, photo in enumerate(checked, start=1):
            saved.append(_save_photo(report, position, photo))
    except Exception:
        _delete_files(saved)
        raise
    for row in saved:
        transaction.on_commit(functools.partial(_thumbnail_later, row.pk))
    matches = _flag_reused_photos(saved)
    audit_record(
        actor=actor,
        action="installation.report",
        obj=report,
        after={"status": report.status, "photos": len(saved), "similar_photos": len(matches)},
    )
    return report


def installation_photo_make_thumbnail(*, photo: InstallationPhoto) -> None:
    """The list's small copy of a saved photo, made from its large JPEG.

    Run by the task `siang.servicepoints.tasks.photo_thumbnail` once the report is saved; the
    photo page serves the large copy while no thumbnail exists.
    """
    with photo.image.open("rb") as handle:
        large = handle.read()
    photo.thumbnail.save("thumb.jpg", ContentFile(photos.make_thumbnail(large)), save=False)
    photo.save(update_fields=["thumbnail"])


def _thumbnail_later(photo_id: int) -> None:
    from siang.servicepoints.tasks import photo_thumbnail

    try:
        photo_thumbnail.delay(photo_id)
    except Exception as error:  # the page serves the large copy until a thumbnail exists
        logger.warning("thumbnail of photo %s not queued: %s", photo_id, error)


def _refuse_open_report(point: ServicePoint) -> None:
    open_report = (
        InstallationReport.objects.filter(
            service_point=point, status__in=[InstallationStatus.PENDING, InstallationStatus.VERIFIED]
        )
        .only("status")
        .first()
    )
    if open_report is None:
        return
    if open_report.status == InstallationStatus.VERIFIED:
        raise ServicePointError(_("PACC has already verified the installation of this service point."))
    raise ServicePointError(_("A report of this service point is already waiting for PACC."))


def _save_photo(report: InstallationReport, position: int, photo: CheckedPhoto) -> InstallationPhoto:
    row = InstallationPhoto(
        report=report,
        position=position,
        width=photo.width,
        height=photo.height,
        original_name=photo.original_name,
        original_format=photo.original_format,
        taken_at=photo.taken_at,
        latitude=photo.latitude,
        longitude=photo.longitude,
        dhash=photo.dhash,
    )
    row.image.save("photo.jpg", ContentFile(photo.large), save=False)
    try:
        row.save()
    except Exception:
        _delete_files([row])
        raise
    return row


def _delete_files(rows: list[InstallationPhoto]) -> None:
    for row in rows:
        for field in (row.image, row.thumbnail):
            if field.name:
                field.storage.delete(field.name)


def _flag_reused_photos(saved: list[InstallationPhoto]) -> list[PhotoMatch]:
    """Flag each new photo that looks like a photo of another service point (any unit).

    A linear scan of the hashes: one narrow query; fine up to a few hundred thousand photos.
    """
    if not saved:
        return []
    point_id = saved[0].report.service_point_id
    others = list(
        InstallationPhoto.objects.exclude(report__service_point_id=point_id).values_list("pk", "dhash")
    )
    matches = [
        PhotoMatch(photo=photo, other_id=other_pk, distance=distance)
        for photo in saved
        for other_pk, other_hash in others
        if (distance := photos.hamming(photo.dhash, other_hash)) <= photos.SIMILAR_DISTANCE
    ]
    return PhotoMatch.objects.bulk_create(matches)


def _lock_pending_report(report: InstallationReport) -> InstallationReport:
    locked = (
        InstallationReport.objects.select_for_update(of=("self",))
        .select_related("service_point")
        .get(pk=report.pk)
    )
    if locked.status != InstallationStatus.PENDING:
        raise ServicePointError(
            _("This report has already been decided (%(status)s).") % {"status": locked.get_status_display()}
        )
    return locked


def _decide(report: InstallationReport, *, actor: User, status: str, reason: str) -> InstallationReport:
    before = {"status": report.status}
    report.status = status
    report.reviewer = actor
    report.reviewed_at = timezone.now()
    report.decision_reason = reason
    report.save(update_fields=["status", "reviewer", "reviewed_at", "decision_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=f"installation.{status}",
        obj=report,
        before=before,
        after={"status": status},
        note=reason,
    )
    return report


@audit_refusals
@transaction.atomic
def installation_verify(*, report: InstallationReport, actor: User) -> InstallationReport:
    require(actor, actions.INSTALLATION_VERIFY, report, refused=ServicePointRefused)
    locked = _lock_pending_report(report)
    _decide(locked, actor=actor, status=InstallationStatus.VERIFIED, reason="")
    point = locked.service_point
    _tell_admins(
        point.unit_id,
        gettext_noop("Installation verified"),
        gettext_noop("PACC verified the installation of the QR code at %(point)s (%(location)s)."),
        link=reverse("servicepoint_detail", args=[point.unit_id, point.pk]),
        point=str(point),
        location=locked.location,
    )
    return locked


@audit_refusals
@transaction.atomic
def installation_reject(*, report: InstallationReport, actor: User, reason: str) -> InstallationReport:
    require(actor, actions.INSTALLATION_VERIFY, report, refused=ServicePointRefused)
    reason = reason.strip()
    if not reason:
        raise ServicePointError(_("Give the reason, so the unit knows what to fix."))
    if len(reason) > 500:
        raise ServicePointError(_("Keep the reason under %(max)d characters.") % {"max": 500})
    locked = _lock_pending_report(report)
    _decide(locked, actor=actor, status=InstallationStatus.REJECTED, reason=reason)
    point = locked.service_point
    _tell_admins(
        point.unit_id,
        gettext_noop("Installation report rejected"),
        gettext_noop(
            "PACC did not accept the installation report of %(point)s: %(reason)s. "
            "Post the code as asked and report again with new photos."
        ),
        link=reverse("servicepoint_detail", args=[point.unit_id, point.pk]),
        point=str(point),
        reason=reason,
    )
    return locked
