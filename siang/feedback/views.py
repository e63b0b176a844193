"""The citizen pages: the form behind a QR code, the tracking page, and the offline helper.

Fast path: the form page for a (service point, language, day) is rendered once and cached,
keyed by a digest of everything it shows (so a newly approved manual shows at once); each
visitor then only gets a fresh form token put in. No session, no cookie: the signed form token
is the form's CSRF protection (see integrity.py), so the POST is exempt from Django's cookie
CSRF check but refuses a token that is not ours.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from siang.feedback import integrity, selectors
from siang.feedback.forms import HONEYPOT, FeedbackForm
from siang.feedback.models import RATING_FIELDS, TrackingStatus
from siang.feedback.selectors import OTHER, ServiceChoice
from siang.feedback.services import (
    ASKED_FIELDS,
    FeedbackError,
    RateLimited,
    Submission,
    feedback_submit,
    format_code,
)
from siang.lib import thai
from siang.servicepoints.models import ServicePoint

TOKEN_SLOT = "@@FORM-TOKEN@@"  # noqa: S105 (where each visitor's form token goes)
CACHE_SECONDS = 3600
SERVICE_WORKER = Path(__file__).resolve().parents[2] / "static" / "feedback" / "sw.js"

RATING_QUESTIONS = {
    "rating_overall": gettext_lazy("Overall, how satisfied are you with the service?"),
    "rating_steps": gettext_lazy("The staff followed the published steps."),
    "rating_time": gettext_lazy("The service was finished within the published time."),
    "rating_information": gettext_lazy("The information you were given was clear."),
    "rating_courtesy": gettext_lazy("The staff were polite and helpful."),
    "rating_equal": gettext_lazy("Everyone was treated equally, whether the staff knew them or not."),
}


def _name(th: str, en: str) -> str:
    return en or th if get_language() == "en" else th


def _grouped(choices: list[ServiceChoice]) -> list[tuple[str, list[ServiceChoice]]]:
    groups: dict[int, tuple[str, list[ServiceChoice]]] = {}
    for choice in choices:
        groups.setdefault(choice.department_id, (choice.department, []))[1].append(choice)
    return list(groups.values())


def _page(
    request: HttpRequest,
    point: ServicePoint,
    choices: list[ServiceChoice],
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    notice: str = "",
) -> str:
    today = integrity.today_in_bangkok()
    values = values or {}
    if "process" not in values and len(choices) == 1:
        values["process"] = str(choices[0].pk)
    chosen = next((c for c in choices if str(c.pk) == values.get("process")), None)
    context = {
        "point": point,
        "groups": _grouped(choices),
        "several_departments": point.department_id is None,
        "choices": choices,
        "chosen": chosen,
        "other": OTHER,
        "v": values,
        "e": errors or {},
        "notice": notice,
        "today": today,
        "visit_date": values.get("visit_date") or today.isoformat(),
        "visit_date_be": _be_date(values.get("visit_date"), today),
        "ratings": [
            (name, RATING_QUESTIONS[name], str(values.get(name, "")), (errors or {}).get(name, ""))
            for name in RATING_FIELDS
        ],
        "unit_name": _name(point.unit.name_th, point.unit.name_en),
        "department_name": _name(point.department.name_th, point.department.name_en)
        if point.department
        else "",
        "scale": ["1", "2", "3", "4", "5"],
        "token_slot": TOKEN_SLOT,
        "honeypot": HONEYPOT,
        "form_path": request.path,
    }
    return render_to_string("feedback/form.html", context, request=request)


def _department_name(point: ServicePoint) -> str:
    return _name(point.department.name_th, point.department.name_en) if point.department else ""


def _be_date(raw: object, today: Any) -> str:
    from siang.feedback.forms import parse_visit_date

    day = parse_visit_date(str(raw)) if raw else today
    if day is None:
        return ""
    if get_language() == "en":
        return f"{thai.date_short_en(day)} (B.E. {day.year + 543})"
    return thai.date_long_th(day)


def _form_page(request: HttpRequest, point: ServicePoint, choices: list[ServiceChoice]) -> HttpResponse:
    """The blank form: rendered once per (point, language, day, content), a fresh token per visitor."""
    key = ":".join(
        (
            "feedback:form",
            str(point.pk),
            get_language() or "",
            integrity.today_in_bangkok().isoformat(),
            selectors.choices_digest(point, choices),
        )
    )
    html = cache.get(key)
    if html is None:
        html = _page(request, point, choices)
        cache.set(key, html, CACHE_SECONDS)
    return _respond(html, point)


def _respond(html: str, point: ServicePoint, *, status: int = 200) -> HttpResponse:
    response = HttpResponse(html.replace(TOKEN_SLOT, integrity.form_token(point.pk), 1), status=status)
    # Private, and kept for the back button: going back to the form keeps its token, so a
    # back-and-resubmit is recognised as the same response.
    response["Cache-Control"] = "private, max-age=0"
    return response


def _retired(request: HttpRequest, point: ServicePoint) -> HttpResponse:
    successor = point.replaced_by if point.replaced_by and point.replaced_by.is_active else None
    context = {
        "point": point,
        "successor": successor,
        "unit_name": _name(point.unit.name_th, point.unit.name_en),
    }
    return render(request, "feedback/retired.html", context, status=410)


def _unknown(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/unknown.html", status=404)


def _submission(request: HttpRequest, point: ServicePoint, form: FeedbackForm, token: Any) -> Submission:
    data = form.cleaned_data
    answers: dict[str, Any] = {name: data.get(name) for name in RATING_FIELDS}
    answers |= {name: bool(data.get(name)) for name in ASKED_FIELDS}
    answers |= {
        "other_service": data["other_service"].strip() if data["process"] == OTHER else "",
        "visit_date": data["visit_date"],
        "finished_in_time": data.get("finished_in_time", ""),
        "fee_paid": data.get("fee_paid"),
        "benefit_details": data.get("benefit_details", "").strip(),
        "comment": data.get("comment", "").strip(),
    }
    return Submission(
        point=point,
        choice=form.choice,
        answers=answers,
        contact=form.contact(),
        token=token,
        network_hash=integrity.network_hash(request),
        language=get_language() or settings.LANGUAGE_CODE,
        honeypot_filled=bool(request.POST.get(HONEYPOT, "").strip()),
    )


def _kept(request: HttpRequest) -> dict[str, Any]:
    """What the citizen typed, to show again."""
    return {key: request.POST.get(key, "") for key in request.POST if key not in {"t", HONEYPOT}}


def _post(request: HttpRequest, point: ServicePoint, choices: list[ServiceChoice]) -> HttpResponse:
    token = integrity.read_form_token(request.POST.get("t", ""), point_id=point.pk)
    if token is None:
        notice = _("This form is too old to send. Your answers are kept: please check them and send again.")
        return _respond(
            _page(request, point, choices, values=_kept(request), notice=notice), point, status=400
        )
    existing = selectors.feedback_for_key(token.key)
    if existing is not None:
        return _sent(existing.tracking_code)
    form = FeedbackForm(request.POST, choices=choices, today=integrity.today_in_bangkok())
    if not form.is_valid():
        errors = form.errors_by_field()
        notice = _("Please check the answers marked below.")
        return _again(
            request, _page(request, point, choices, values=_kept(request), errors=errors, notice=notice)
        )
    try:
        feedback, _created = feedback_submit(submission=_submission(request, point, form, token))
    except RateLimited as limited:
        page = _page(request, point, choices, values=_kept(request), notice=str(limited))
        return _again(request, page, status=429)
    except FeedbackError as error:
        page = _page(request, point, choices, values=_kept(request), notice=str(error))
        return _again(request, page, status=503)
    return _sent(feedback.tracking_code)


def _again(request: HttpRequest, page: str, *, status: int = 200) -> HttpResponse:
    """The form again with the same (valid) token: sending it later still makes one response."""
    response = HttpResponse(page.replace(TOKEN_SLOT, request.POST.get("t", ""), 1), status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _sent(code: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("feedback_track", args=[format_code(code)]) + "?sent=1", status=303)


@csrf_exempt  # the signed form token is this form's CSRF protection (module docstring)
@require_http_methods(["GET", "POST"])
def feedback_form(request: HttpRequest, token: str) -> HttpResponse:
    point = selectors.point_for_token(token)
    if point is None:
        return _unknown(request)
    if not point.is_active:
        return _retired(request, point)
    choices = selectors.service_choices(point)
    if request.method == "POST":
        return _post(request, point, choices)
    return _form_page(request, point, choices)


@require_GET
def feedback_track(request: HttpRequest, code: str) -> HttpResponse:
    status = selectors.status_for_code(code)
    if status is None:
        raise Http404
    code = selectors.normalize_code(code)
    context = {
        "code": format_code(code),
        "status": TrackingStatus(status),
        "statuses": list(TrackingStatus),
        "sent": request.GET.get("sent") == "1",
    }
    response = render(request, "feedback/track.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def feedback_track_lookup(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip()
    error = ""
    if code:
        if selectors.status_for_code(code) is not None:
            return redirect("feedback_track", code=format_code(selectors.normalize_code(code)))
        error = _("No response has this tracking code. Check the code and try again.")
    return render(request, "feedback/track_lookup.html", {"code": code, "error": error})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served under /f/ so that its scope covers the forms."""
    response = HttpResponse(SERVICE_WORKER.read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/f/"
    return response
