"""The citizen pages: the form behind a QR code, the tracking page, and the offline helper.

Fast path: the form page for a (service point, language, day) is rendered once and cached,
keyed by a digest of everything it shows (so a newly approved manual shows at once); each
visitor then only gets a fresh form token put in. No session, no cookie: the signed form token
is the form's CSRF protection (see integrity.py), so the POST is exempt from Django's cookie
CSRF check but refuses a token that is not ours.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import time
from functools import cached_property
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from siang.feedback import integrity, selectors
from siang.feedback.forms import HONEYPOT, Answers, clean_answers
from siang.feedback.models import ASKED_FIELDS, RATING_FIELDS, TrackingStatus
from siang.feedback.selectors import OTHER, ServiceChoice
from siang.feedback.services import (
    FeedbackError,
    RateLimited,
    Submission,
    feedback_submit,
)
from siang.feedback.tracking import display_tracking_code
from siang.lib import thai
from siang.servicepoints.models import ServicePoint

TOKEN_SLOT = "@@FORM-TOKEN@@"  # noqa: S105 (where each visitor's form token goes)
CACHE_SECONDS = 60
logger = logging.getLogger(__name__)
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


# The pages this process served last (besides the shared cache): no round trip to Redis.
_PAGES_KEPT = 256
_pages: dict[str, tuple[float, tuple[str, list[ServiceChoice]]]] = {}


def forget_pages() -> None:
    _pages.clear()
    selectors.forget_states()


class _Form:
    """One request to a service point's form. The fast path (a blank form, or a valid submission)
    needs one SQL query and one cache read; the ORM objects are loaded only to render a page."""

    def __init__(self, request: HttpRequest, token: str, state: selectors.PointState) -> None:
        self.request = request
        self.token = token
        self.state = state

    @cached_property
    def point(self) -> ServicePoint:
        point = selectors.point_for_token(self.token)
        if point is None:
            raise Http404
        return point

    def cached(self) -> tuple[str, list[ServiceChoice]]:
        """The blank page and its choices, once per (point, language, day, live manuals).

        Live manuals are tracked by the version in the key (a newly approved manual shows at
        once); a renamed unit, department or point label shows within CACHE_SECONDS.
        """
        state = self.state
        day = integrity.today_in_bangkok().isoformat()
        key = f"feedback:form:{state.pk}:{get_language()}:{day}:{state.version}"
        remembered = _pages.get(key)
        if remembered is not None and remembered[0] > time.monotonic():
            return remembered[1]
        hit: tuple[str, list[ServiceChoice]] | None = cache.get(key)
        if hit is None:
            choices = selectors.service_choices(self.point)
            hit = (_page(self.request, self.point, choices), choices)
            cache.set(key, hit, CACHE_SECONDS)
        if len(_pages) >= _PAGES_KEPT:
            _pages.clear()
        _pages[key] = (time.monotonic() + CACHE_SECONDS, hit)
        return hit

    def page(self, **kwargs: Any) -> str:
        return _page(self.request, self.point, self.cached()[1], values=_kept(self.request), **kwargs)


def _respond(html: str, point_id: int, *, status: int = 200) -> HttpResponse:
    response = HttpResponse(html.replace(TOKEN_SLOT, integrity.form_token(point_id), 1), status=status)
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


def _submission(request: HttpRequest, form: _Form, cleaned: Answers, token: Any) -> Submission:
    data = cleaned.values
    answers: dict[str, Any] = {name: data[name] for name in (*RATING_FIELDS, *ASKED_FIELDS)}
    answers |= {
        "other_service": data["other_service"] if data["process"] == OTHER else "",
        "visit_date": data["visit_date"],
        "finished_in_time": data["finished_in_time"],
        "fee_paid": data["fee_paid"],
        "benefit_details": data["benefit_details"],
        "comment": data["comment"],
    }
    return Submission(
        point=form.state,
        choice=cleaned.choice,
        answers=answers,
        contact=cleaned.contact(),
        token=token,
        network_hash=integrity.network_hash(request),
        language=get_language() or settings.LANGUAGE_CODE,
        honeypot_filled=bool(request.POST.get(HONEYPOT, "").strip()),
    )


def _kept(request: HttpRequest) -> dict[str, Any]:
    """What the citizen typed, to show again."""
    return {key: request.POST.get(key, "") for key in request.POST if key not in {"t", HONEYPOT}}


def _post(request: HttpRequest, form: _Form) -> HttpResponse:
    token = integrity.read_form_token(request.POST.get("t", ""), point_id=form.state.pk)
    if token is None:
        notice = _("This form is too old to send. Your answers are kept: please check them and send again.")
        return _respond(form.page(notice=notice), form.state.pk, status=400)
    _html, choices = form.cached()
    cleaned = clean_answers(request.POST, choices=choices, today=integrity.today_in_bangkok())
    if cleaned.errors:
        notice = _("Please check the answers marked below.")
        return _again(request, form.page(errors=cleaned.errors, notice=notice))
    try:
        code, _created = feedback_submit(submission=_submission(request, form, cleaned, token))
    except RateLimited as limited:
        return _again(request, form.page(notice=str(limited)), status=429)
    except FeedbackError as error:
        return _again(request, form.page(notice=str(error)), status=503)
    return _sent(code)


def _again(request: HttpRequest, page: str, *, status: int = 200) -> HttpResponse:
    """The form again with the same (valid) token: sending it later still makes one response."""
    response = HttpResponse(page.replace(TOKEN_SLOT, request.POST.get("t", ""), 1), status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@functools.cache
def _track_prefix() -> str:
    return reverse("feedback_track", args=["CODE"]).removesuffix("CODE")


def _sent(code: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{_track_prefix()}{display_tracking_code(code)}?sent=1", status=303)


def _database_unreachable(request: HttpRequest) -> HttpResponse:
    """While the database cannot be reached: a page that keeps what the citizen sent, ready to
    send again with the same form token (so a retry that the database did take makes no second
    response). It reads nothing from the database."""
    kept = [(key, value) for key in request.POST for value in request.POST.getlist(key)]
    context = {"kept": kept, "form_path": request.path, "sent": request.method == "POST"}
    response = render(request, "feedback/unavailable.html", context, status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "private, no-store"
    return response


@csrf_exempt  # the signed form token is this form's CSRF protection (module docstring)
@require_http_methods(["GET", "POST"])
def feedback_form(request: HttpRequest, token: str) -> HttpResponse:
    try:
        return _feedback_form(request, token)
    except (OperationalError, InterfaceError):
        logger.exception("The citizen form could not reach the database")
        return _database_unreachable(request)


def _feedback_form(request: HttpRequest, token: str) -> HttpResponse:
    state = selectors.point_state(token)
    if state is None:
        return _unknown(request)
    form = _Form(request, token, state)
    if not state.is_active:
        return _retired(request, form.point)
    if request.method == "POST":
        return _post(request, form)
    return _respond(form.cached()[0], state.pk)


TRACK_MISSES = "track_misses"


def _guessing(request: HttpRequest, code: str) -> HttpResponse | None:
    """The page for a network that has looked up too many codes that do not exist just now
    (429), whatever code it asks for now; None otherwise."""
    if not integrity.used_up(TRACK_MISSES, integrity.network_hash(request)):
        return None
    error = _(
        "Too many tracking codes that do not exist were looked up from your network just now. "
        "Please wait 10 minutes, then check the code and try again."
    )
    response = render(request, "feedback/track_lookup.html", {"code": code, "error": error}, status=429)
    response["Retry-After"] = str(integrity.window_seconds(TRACK_MISSES))
    response["Cache-Control"] = "private, no-store"
    return response


def _count_miss(request: HttpRequest) -> None:
    integrity.hit(TRACK_MISSES, integrity.network_hash(request))


@require_GET
def feedback_track(request: HttpRequest, code: str) -> HttpResponse:
    sent = request.GET.get("sent") == "1"
    limited = _guessing(request, code)
    if limited is None:
        status = selectors.status_for_code(code)
        if status is None:
            _count_miss(request)
            raise Http404
    else:
        # Where the form sends a citizen, on a network someone else is guessing from: a response
        # sent in the last minutes still shows (a guess among those alone is hopeless).
        since = timezone.now() - dt.timedelta(seconds=integrity.window_seconds(TRACK_MISSES))
        status = selectors.status_for_code(code, sent_after=since) if sent else None
        if status is None:
            return limited
    context = {
        "code": display_tracking_code(code),
        "status": TrackingStatus(status),
        "statuses": list(TrackingStatus),
        "sent": sent,
    }
    response = render(request, "feedback/track.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def feedback_track_lookup(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip()
    error = ""
    if code:
        limited = _guessing(request, code)
        if limited:
            return limited
        if selectors.status_for_code(code) is not None:
            return redirect("feedback_track", code=display_tracking_code(code))
        _count_miss(request)
        error = _("No response has this tracking code. Check the code and try again.")
    return render(request, "feedback/track_lookup.html", {"code": code, "error": error})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served under /f/ so that its scope covers the forms."""
    response = HttpResponse(SERVICE_WORKER.read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/f/"
    return response
