"""Pages of signed-in staff: their profile, role requests and the approval queues."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from siang.accounts import access, citizen_ids, notify, services
from siang.accounts.forms import (
    AdminApplicationForm,
    DecisionForm,
    GrantPaccForm,
    OverseerRequestForm,
    ProfileForm,
    RevokeForm,
)
from siang.accounts.models import (
    ApplicationStatus,
    DeliveryStatus,
    Membership,
    MembershipStatus,
    NotificationDelivery,
    Role,
    User,
)
from siang.accounts.review import application_flags, approved_admin_counts
from siang.directory.models import Unit
from siang.directory.selectors import unit_search
from siang.lib.storage import StorageUnavailable
from siang.policy import actions

View = Callable[..., HttpResponseBase]


def staff_view(view: View) -> View:
    """Signed in, with a completed profile (e-mail and phone, to be told of decisions)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user: User = request.user  # type: ignore[assignment]
        if user.profile_completed_at is None:
            return redirect(f"{reverse('profile')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper


def allowed_view(action: str) -> Callable[[View], View]:
    """A staff page that is not about one place: 'not found' unless the policy lets the person do
    `action` (siang.policy.actions); pages about one unit or area ask with that object instead."""

    def decorate(view: View) -> View:
        @staff_view
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            access.not_found_unless(request.user, action)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ProfileForm(request.POST or None, initial={"email": user.email, "phone": user.phone})
    if request.method == "POST" and form.is_valid():
        services.profile_complete(user=user, **form.cleaned_data)
        messages.success(request, _("Your contact details are saved."))
        next_url = request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
        return redirect(next_url if safe else "account_home")
    return render(request, "accounts/profile.html", {"form": form})


@staff_view
def notifications(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    items = list(user.notifications.all()[:50])
    user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "accounts/notifications.html", {"items": items})


@staff_view
def role_request(request: HttpRequest) -> HttpResponse:
    """Step 1 of asking for a role: find the unit (or ask to oversee an area)."""
    query = request.GET.get("q", "").strip()[:200]
    units = list(unit_search(query=query)[:20]) if query else []
    return render(request, "accounts/role_request.html", {"query": query, "units": units})


def _request_unit(unit_id: int) -> Unit:
    return get_object_or_404(Unit.objects.select_related("province", "district"), pk=unit_id, is_active=True)


@staff_view
@require_http_methods(["GET", "POST"])
def request_admin(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _request_unit(unit_id)
    form = AdminApplicationForm(request.POST or None, request.FILES or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.admin_application_submit(
                user=_user(request),
                unit=unit,
                document=form.cleaned_data["document"],
                listed_names=form.cleaned_data["listed_names"],
                checked=form.checked_pdf,
            )
        except (services.AccountError, StorageUnavailable) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Your application is sent. PACC will check it and tell you the result.")
            )
            return redirect("account_home")
    return render(request, "accounts/request_admin.html", {"unit": unit, "form": form})


@staff_view
@require_http_methods(["GET", "POST"])
def request_user(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _request_unit(unit_id)
    if request.method == "POST":
        try:
            services.unit_user_request(user=_user(request), unit=unit)
        except services.AccountError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your request is sent to the unit's Admin."))
            return redirect("account_home")
    return render(request, "accounts/request_user.html", {"unit": unit})


@staff_view
@require_http_methods(["GET", "POST"])
def request_overseer(request: HttpRequest) -> HttpResponse:
    form = OverseerRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.overseer_request(user=_user(request), **form.cleaned_data)
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your request is sent to PACC."))
            return redirect("account_home")
    return render(request, "accounts/request_overseer.html", {"form": form})


@staff_view
def application_document(request: HttpRequest, pk: int) -> FileResponse:
    """The appointment order, to PACC and the unit's Admins only; shown inline in the review page."""
    application = access.get_application(_user(request), pk)
    response = FileResponse(application.document.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = "inline"
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    response["Cache-Control"] = "private, no-store"
    return response


@allowed_view(actions.APPLICATION_DECIDE)
def pacc_applications(request: HttpRequest) -> HttpResponse:
    pending = list(access.applications_for(_user(request)).filter(status=ApplicationStatus.PENDING))
    counts = approved_admin_counts({a.unit_id for a in pending})
    rows = [(a, application_flags(a, approved_admins=counts[a.unit_id])) for a in pending]
    return render(request, "accounts/pacc_applications.html", {"rows": rows})


@allowed_view(actions.APPLICATION_DECIDE)
@require_http_methods(["GET", "POST"])
def pacc_application(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    application = access.get_application(user, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == DecisionForm.APPROVE:
                services.admin_application_approve(application=application, actor=user)
                messages.success(request, _("Approved. The applicant is told by e-mail and SMS."))
            else:
                services.admin_application_reject(
                    application=application, actor=user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Rejected. The applicant is told the reason."))
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            return redirect("pacc_applications")
    counts = approved_admin_counts({application.unit_id})
    context = {
        "application": application,
        "flags": application_flags(application, approved_admins=counts[application.unit_id]),
        "form": form,
        "other_admins": Membership.objects.filter(
            unit_id=application.unit_id, role=Role.UNIT_ADMIN, status=MembershipStatus.APPROVED
        ).select_related("user"),
    }
    return render(request, "accounts/pacc_application.html", context)


@allowed_view(actions.OVERSEER_DECIDE)
def pacc_overseers(request: HttpRequest) -> HttpResponse:
    pending = Membership.objects.filter(role=Role.OVERSEER, status=MembershipStatus.PENDING).select_related(
        "user", "province", "district"
    )
    return render(request, "accounts/pacc_overseers.html", {"pending": pending})


def _decide_from_post(
    request: HttpRequest,
    membership: Membership,
    *,
    approve: Callable[..., Membership],
    reject: Callable[..., Membership],
) -> None:
    """Carry out the approve/reject form of a queue row, and say what happened."""
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return
    actor = _user(request)
    try:
        if form.cleaned_data["decision"] == DecisionForm.APPROVE:
            approve(membership=membership, actor=actor)
        else:
            reject(membership=membership, actor=actor, reason=form.cleaned_data["reason"])
    except services.AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Decision saved; %(name)s is told.") % {"name": membership.user.display_name}
        )


@allowed_view(actions.OVERSEER_DECIDE)
@require_POST
def pacc_overseer_decide(request: HttpRequest, pk: int) -> HttpResponse:
    membership = access.get_overseer_request_for_pacc(_user(request), pk)
    _decide_from_post(request, membership, approve=services.overseer_approve, reject=services.overseer_reject)
    return redirect("pacc_overseers")


@staff_view
def unit_users(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for_admin(_user(request), unit_id)
    memberships = Membership.objects.filter(unit=unit, role=Role.UNIT_USER).select_related("user")
    pending = [m for m in memberships if m.status == MembershipStatus.PENDING]
    approved = [m for m in memberships if m.status == MembershipStatus.APPROVED]
    return render(
        request,
        "accounts/unit_users.html",
        {
            "unit": unit,
            "pending": pending,
            "approved": approved,
            "too_few": len(approved) < services.MIN_USERS_PER_UNIT,
        },
    )


@staff_view
@require_POST
def unit_user_decide(request: HttpRequest, unit_id: int, pk: int) -> HttpResponseRedirect:
    user = _user(request)
    unit = access.get_unit_for_admin(user, unit_id)
    membership = access.get_unit_membership_for_admin(user, unit, pk)
    _decide_from_post(
        request, membership, approve=services.unit_user_approve, reject=services.unit_user_reject
    )
    return redirect("unit_users", unit_id=unit.pk)


@staff_view
@require_POST
def unit_user_revoke(request: HttpRequest, unit_id: int, pk: int) -> HttpResponseRedirect:
    user = _user(request)
    unit = access.get_unit_for_admin(user, unit_id)
    membership = access.get_unit_membership_for_admin(user, unit, pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for revoking."))
    else:
        try:
            services.unit_user_revoke(membership=membership, actor=user, reason=form.cleaned_data["reason"])
        except services.AccountError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s can no longer work for the unit.") % {"name": membership.user.display_name},
            )
    return redirect("unit_users", unit_id=unit.pk)


@allowed_view(actions.DELIVERIES_VIEW)
@require_http_methods(["GET", "POST"])
def pacc_undelivered(request: HttpRequest) -> HttpResponse:
    """E-mails and SMS that failed every attempt: PACC sees them, and can send one again."""
    if request.method == "POST":
        resent = notify.delivery_resend(delivery_id=int(request.POST.get("delivery", "0") or 0))
        if resent:
            messages.success(request, _("The message is being sent again."))
        return redirect("pacc_undelivered")
    failed = NotificationDelivery.objects.filter(status=DeliveryStatus.FAILED).select_related(
        "notification__user"
    )
    return render(request, "accounts/pacc_undelivered.html", {"failed": failed[:200]})


@allowed_view(actions.PACC_GRANT)
@require_http_methods(["GET", "POST"])
def pacc_officers(request: HttpRequest) -> HttpResponse:
    """PACC grants the PACC officer role to a colleague who has signed in with ThaiD."""
    form = GrantPaccForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(
            citizen_id_digest=citizen_ids.digest(form.cleaned_data["citizen_id"])
        ).first()
        if person is None:
            form.add_error(
                "citizen_id",
                _("Nobody with this citizen ID has signed in yet. Ask them to sign in with ThaiD first."),
            )
        else:
            services.pacc_officer_grant(user=person, actor=_user(request))
            messages.success(request, _("%(name)s is now a PACC officer.") % {"name": person.display_name})
            return redirect("pacc_officers")
    officers = Membership.objects.filter(
        role=Role.PACC_OFFICER, status=MembershipStatus.APPROVED
    ).select_related("user", "decided_by")
    return render(request, "accounts/pacc_officers.html", {"form": form, "officers": officers})
