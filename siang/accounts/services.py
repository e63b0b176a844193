"""Changes to staff accounts and their roles. Views, commands and the API call these."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from siang.accounts import citizen_ids
from siang.accounts.documents import CheckedPdf
from siang.accounts.models import (
    OPEN_STATUSES,
    AdminApplication,
    ApplicationStatus,
    Membership,
    MembershipStatus,
    Role,
    User,
)
from siang.accounts.notify import in_thai_and_english, notify
from siang.audit.services import audit_record, audit_refusals
from siang.directory.models import District, Province, Unit
from siang.lib.citizen_id import is_valid_citizen_id, masked
from siang.policy import Refused, actions, require


class AccountError(Exception):
    """A request that cannot be carried out; the message is for the person (translated)."""


@audit_refusals
@transaction.atomic
def user_from_thaid(*, subject: str, citizen_id: str, name_th: str, name_en: str = "") -> User:
    """The account of the person ThaiD vouched for: found by citizen ID, created on first sign-in.

    Names are refreshed from ThaiD at every sign-in; ThaiD is the authority on them.
    """
    if not is_valid_citizen_id(citizen_id):
        raise AccountError("ThaiD returned an invalid citizen ID.")
    digest = citizen_ids.digest(citizen_id)
    user = User.objects.select_for_update().filter(citizen_id_digest=digest).first()
    if user is None:
        user = User(
            username=f"thaid-{secrets.token_hex(8)}",
            citizen_id_digest=digest,
            citizen_id_sealed=citizen_ids.seal(citizen_id),
            citizen_id_masked=masked(citizen_id),
            thaid_sub=subject or None,
            name_th=name_th,
            name_en=name_en,
        )
        user.set_unusable_password()
        user.save()
        audit_record(actor=user, action="user.created_from_thaid", obj=user)
        return user
    fresh = {"name_th": name_th, "name_en": name_en, "thaid_sub": subject or None}
    changed = [field for field, value in fresh.items() if value and getattr(user, field) != value]
    for field in changed:
        setattr(user, field, fresh[field])
    if changed:
        user.save(update_fields=changed)
    return user


MAX_ADMINS_PER_UNIT = 2
MIN_USERS_PER_UNIT = 2


def profile_complete(*, user: User, email: str, phone: str) -> User:
    before = {"email": user.email, "phone": user.phone}
    user.email, user.phone = email, phone
    if user.profile_completed_at is None:
        user.profile_completed_at = timezone.now()
    user.save(update_fields=["email", "phone", "profile_completed_at"])
    audit_record(
        actor=user,
        action="user.profile_updated",
        obj=user,
        before=before,
        after={"email": email, "phone": phone},
    )
    return user


def _refuse_duplicate_request(
    *,
    user: User,
    role: str,
    unit: Unit | None = None,
    province: Province | None = None,
    district: District | None = None,
) -> None:
    existing = Membership.objects.filter(
        user=user, role=role, status__in=OPEN_STATUSES, unit=unit, province=province, district=district
    ).first()
    if existing is not None:
        raise AccountError(
            _("You already have this role.")
            if existing.status == MembershipStatus.APPROVED
            else _("You have already asked for this role; it is awaiting approval.")
        )


def _new_request(*, user: User, role: str, **scope: Any) -> Membership:
    _refuse_duplicate_request(user=user, role=role, **scope)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, role=role, **scope)
    except IntegrityError:
        raise AccountError(_("You have already asked for this role; it is awaiting approval.")) from None
    audit_record(actor=user, action=f"membership.requested.{role}", obj=membership)
    return membership


@audit_refusals
@transaction.atomic
def unit_user_request(*, user: User, unit: Unit) -> Membership:
    membership = _new_request(user=user, role=Role.UNIT_USER, unit=unit)
    for admin in _approved_admins(unit):
        notify(
            user=admin,
            subject=in_thai_and_english(gettext_noop("New User request"), separator=" / "),
            body=in_thai_and_english(
                gettext_noop("%(name)s asks to be a User of %(unit)s."),
                name=user.display_name,
                unit=unit.name_th,
            ),
            link=reverse("unit_users", args=[unit.pk]),
        )
    return membership


@audit_refusals
@transaction.atomic
def admin_application_submit(
    *, user: User, unit: Unit, document: UploadedFile, listed_names: list[str], checked: CheckedPdf
) -> AdminApplication:
    """The request to be Admin, with the appointment order already checked by `documents`."""
    membership = _new_request(user=user, role=Role.UNIT_ADMIN, unit=unit)
    application = AdminApplication(
        membership=membership,
        unit=unit,
        document_name=document.name or "",
        document_pages=checked.pages,
        document_sha256=checked.sha256,
        listed_names=listed_names,
    )
    application.document.save(f"{secrets.token_urlsafe(16)}.pdf", document, save=False)
    application.save()
    audit_record(
        actor=user,
        action="admin_application.submitted",
        obj=application,
        after={"listed_names": listed_names, "pages": checked.pages},
    )
    return application


@audit_refusals
@transaction.atomic
def overseer_request(*, user: User, province: Province, district: District | None = None) -> Membership:
    return _new_request(user=user, role=Role.OVERSEER, province=province, district=district)


def _approved_admins(unit: Unit) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            unit=unit, role=Role.UNIT_ADMIN, status=MembershipStatus.APPROVED
        ).select_related("user")
    ]


def _lock_pending(membership: Membership) -> Membership:
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.status != MembershipStatus.PENDING:
        raise AccountError(
            _("This request has already been decided (%(status)s).") % {"status": locked.get_status_display()}
        )
    return locked


def _decide(membership: Membership, *, actor: User, status: str, reason: str) -> Membership:
    before = {"status": membership.status}
    membership.status = status
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.decision_reason = reason
    membership.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit_record(
        actor=actor,
        action=f"membership.{status}.{membership.role}",
        obj=membership,
        before=before,
        after={"status": status},
        note=reason,
    )
    return membership


class AccountRefused(Refused, AccountError):
    """The policy refuses the actor this decision (siang.policy)."""


def _check_reason(reason: str) -> None:
    if not reason.strip():
        raise AccountError(_("Give the reason, so the person knows what to fix."))


def _tell(user: User, subject: str, body: str, **params: Any) -> None:
    """Tell a person the decision on their request. `subject` and `body` are gettext_noop'd."""
    notify(
        user=user,
        subject=in_thai_and_english(subject, separator=" / "),
        body=in_thai_and_english(body, **params),
        link=reverse("account_home"),
    )


@audit_refusals
@transaction.atomic
def admin_application_approve(*, application: AdminApplication, actor: User) -> AdminApplication:
    """PACC approves an Admin. The unit's row is locked, so two approvals at once cannot make three."""
    require(actor, actions.APPLICATION_DECIDE, application, refused=AccountRefused)
    unit = Unit.objects.select_for_update().get(pk=application.unit_id)
    membership = _lock_pending(application.membership)
    approved = Membership.objects.filter(
        unit=unit, role=Role.UNIT_ADMIN, status=MembershipStatus.APPROVED
    ).count()
    if approved >= MAX_ADMINS_PER_UNIT:
        raise AccountError(
            _(
                "%(unit)s already has %(count)d approved Admins, the most a unit may have. "
                "Reject this application, or revoke an Admin first."
            )
            % {"unit": unit.name_th, "count": approved}
        )
    _decide(membership, actor=actor, status=MembershipStatus.APPROVED, reason="")
    application.status = ApplicationStatus.APPROVED
    application.save(update_fields=["status"])
    _tell(
        membership.user,
        gettext_noop("You are now an Admin"),
        gettext_noop("PACC approved you as an Admin of %(unit)s."),
        unit=unit.name_th,
    )
    return application


@audit_refusals
@transaction.atomic
def admin_application_reject(*, application: AdminApplication, actor: User, reason: str) -> AdminApplication:
    require(actor, actions.APPLICATION_DECIDE, application, refused=AccountRefused)
    _check_reason(reason)
    membership = _lock_pending(application.membership)
    _decide(membership, actor=actor, status=MembershipStatus.REJECTED, reason=reason)
    application.status = ApplicationStatus.REJECTED
    application.save(update_fields=["status"])
    _tell(
        membership.user,
        gettext_noop("Your Admin application was not approved"),
        gettext_noop("PACC did not approve you as an Admin of %(unit)s: %(reason)s"),
        unit=application.unit.name_th,
        reason=reason,
    )
    return application


@audit_refusals
@transaction.atomic
def unit_user_approve(*, membership: Membership, actor: User) -> Membership:
    require(actor, actions.UNIT_USERS_MANAGE, membership, refused=AccountRefused)
    locked = _lock_pending(membership)
    _decide(locked, actor=actor, status=MembershipStatus.APPROVED, reason="")
    _tell(
        locked.user,
        gettext_noop("You are now a User"),
        gettext_noop("The Admin approved you as a User of %(unit)s."),
        unit=locked.scope_name,
    )
    return locked


@audit_refusals
@transaction.atomic
def unit_user_reject(*, membership: Membership, actor: User, reason: str) -> Membership:
    require(actor, actions.UNIT_USERS_MANAGE, membership, refused=AccountRefused)
    _check_reason(reason)
    locked = _lock_pending(membership)
    _decide(locked, actor=actor, status=MembershipStatus.REJECTED, reason=reason)
    _tell(
        locked.user,
        gettext_noop("Your User request was not approved"),
        gettext_noop("The Admin of %(unit)s did not approve your request: %(reason)s"),
        unit=locked.scope_name,
        reason=reason,
    )
    return locked


@audit_refusals
@transaction.atomic
def unit_user_revoke(*, membership: Membership, actor: User, reason: str) -> Membership:
    require(actor, actions.UNIT_USERS_MANAGE, membership, refused=AccountRefused)
    _check_reason(reason)
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.status != MembershipStatus.APPROVED:
        raise AccountError(_("Only an approved User can be revoked."))
    _decide(locked, actor=actor, status=MembershipStatus.REVOKED, reason=reason)
    _tell(
        locked.user,
        gettext_noop("Your User role was revoked"),
        gettext_noop("The Admin of %(unit)s revoked your User role: %(reason)s"),
        unit=locked.scope_name,
        reason=reason,
    )
    return locked


@audit_refusals
@transaction.atomic
def overseer_approve(*, membership: Membership, actor: User) -> Membership:
    require(actor, actions.OVERSEER_DECIDE, membership, refused=AccountRefused)
    locked = _lock_pending(membership)
    _decide(locked, actor=actor, status=MembershipStatus.APPROVED, reason="")
    _tell(
        locked.user,
        gettext_noop("You are now an overseer"),
        gettext_noop("PACC approved you as an overseer of %(area)s."),
        area=locked.scope_name,
    )
    return locked


@audit_refusals
@transaction.atomic
def overseer_reject(*, membership: Membership, actor: User, reason: str) -> Membership:
    require(actor, actions.OVERSEER_DECIDE, membership, refused=AccountRefused)
    _check_reason(reason)
    locked = _lock_pending(membership)
    _decide(locked, actor=actor, status=MembershipStatus.REJECTED, reason=reason)
    _tell(
        locked.user,
        gettext_noop("Your overseer request was not approved"),
        gettext_noop("PACC did not approve your overseer request: %(reason)s"),
        reason=reason,
    )
    return locked


@audit_refusals
@transaction.atomic
def pacc_officer_grant(*, user: User, actor: User | None) -> Membership:
    """Make someone a PACC officer. `actor` None is the bootstrap from the command line."""
    if actor is not None:
        require(actor, actions.PACC_GRANT, user, refused=AccountRefused)
    membership, _created = Membership.objects.get_or_create(
        user=user,
        role=Role.PACC_OFFICER,
        status=MembershipStatus.APPROVED,
        defaults={"decided_by": actor, "decided_at": timezone.now()},
    )
    audit_record(actor=actor, action="membership.granted.pacc_officer", obj=membership)
    return membership
