"""PACC's casework pages: the queue, a case, and one POST per transition. PACC only, ever.

Anyone else gets "not found" (allowed_view), so the pages do not even confirm that a case exists.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from siang.accounts.models import User
from siang.accounts.views import allowed_view
from siang.casework import selectors, services
from siang.casework.forms import (
    AssignForm,
    CloseForm,
    CommentTermForm,
    NoteForm,
    QueueFilterForm,
    ReferForm,
    RevealForm,
)
from siang.casework.lexicon import LexiconError, comment_term_save
from siang.casework.models import Case, CaseStatus, CommentTerm, CommentTermKind, Signal
from siang.casework.services import CaseworkError
from siang.directory.models import Province
from siang.policy import actions

PER_PAGE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@allowed_view(actions.CASEWORK)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    services.attach_signals_before_counting()
    officers = list(services.pacc_officers())
    form = QueueFilterForm(
        request.GET or None, officers=officers, provinces=list(Province.objects.order_by("sort_key"))
    )
    filters = form.filters()
    page = Paginator(selectors.queue(user, filters), PER_PAGE).get_page(request.GET.get("page"))
    today = selectors.today()
    described = dict(CommentTermKind.choices)
    context = {
        "form": form,
        "page": page,
        "rows": [
            (
                case,
                case.is_open and case.deadline < today,
                described.get(getattr(case, "described", None) or "", ""),
            )
            for case in page.object_list
        ],
        "counts": selectors.counts(user, filters),
        "filters": filters,
    }
    return render(request, "casework/queue.html", context)


def _case_page(
    request: HttpRequest,
    case: Case,
    *,
    bound: dict[str, forms.Form] | None = None,
    revealed: dict[int, dict[str, str]] | None = None,
    reveal_errors: dict[int, RevealForm] | None = None,
) -> HttpResponse:
    officers = list(services.pacc_officers())
    signals = selectors.case_signals(case)
    reveal_forms = {
        signal.pk: (reveal_errors or {}).get(signal.pk)
        or RevealForm(initial={"signal": signal.pk}, auto_id=f"id_reveal{signal.pk}_%s")
        for signal in signals
        if signal.feedback.has_contact
    }
    page_forms: dict[str, forms.Form] = {
        "assign": AssignForm(officers=officers, initial={"assignee": case.assignee_id or _user(request).pk}),
        "refer": ReferForm(auto_id="id_refer_%s"),
        "close": CloseForm(auto_id="id_close_%s"),
        "note": NoteForm(auto_id="id_note_%s"),
    }
    page_forms.update(bound or {})
    context: dict[str, Any] = {
        "case": case,
        "overdue": selectors.is_overdue(case),
        "signals": [
            (signal, reveal_forms.get(signal.pk), (revealed or {}).get(signal.pk)) for signal in signals
        ],
        "history": selectors.case_history(case),
        "forms": page_forms,
        "can_start_review": case.status == CaseStatus.NEW,
    }
    response = render(request, "casework/case.html", context)
    if revealed:
        # The contact is on this page only: nothing may keep a copy of it.
        response["Cache-Control"] = "no-store, private"
    return response


@allowed_view(actions.CASEWORK)
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, selectors.get_case(_user(request), pk))


def _done(request: HttpRequest, case: Case, message: str) -> HttpResponseBase:
    messages.success(request, message)
    return redirect("casework_case", pk=case.pk)


def _refused(request: HttpRequest, case: Case, error: CaseworkError) -> HttpResponseBase:
    messages.error(request, str(error))
    return redirect("casework_case", pk=case.pk)


@allowed_view(actions.CASEWORK)
@require_POST
def case_take(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    case = selectors.get_case(user, pk)
    try:
        services.case_take(case=case, actor=user)
    except CaseworkError as error:
        return _refused(request, case, error)
    return _done(request, case, _("The case is yours."))


@allowed_view(actions.CASEWORK)
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    case = selectors.get_case(user, pk)
    officers = list(services.pacc_officers())
    form = AssignForm(request.POST, officers=officers)
    if not form.is_valid():
        return _case_page(request, case, bound={"assign": form})
    assignee = next(o for o in officers if str(o.pk) == form.cleaned_data["assignee"])
    try:
        services.case_assign(case=case, actor=user, assignee=assignee)
    except CaseworkError as error:
        return _refused(request, case, error)
    return _done(request, case, _("Assigned to %(name)s.") % {"name": assignee.display_name})


@allowed_view(actions.CASEWORK)
@require_POST
def case_start_review(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    case = selectors.get_case(user, pk)
    try:
        services.case_start_review(case=case, actor=user)
    except CaseworkError as error:
        return _refused(request, case, error)
    return _done(request, case, _("The case is under review. The reporters see “Under review”."))


@allowed_view(actions.CASEWORK)
@require_POST
def case_refer(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    case = selectors.get_case(user, pk)
    form = ReferForm(request.POST, auto_id="id_refer_%s")
    if form.is_valid():
        try:
            services.case_refer(case=case, actor=user, **form.cleaned_data)
        except CaseworkError as error:
            return _refused(request, case, error)
        else:
            return _done(request, case, _("The case was referred. The reporters see “Closed”."))
    return _case_page(request, case, bound={"refer": form})


@allowed_view(actions.CASEWORK)
@require_POST
def case_close(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    case = selectors.get_case(user, pk)
    form = CloseForm(request.POST, auto_id="id_close_%s")
    if form.is_valid():
        try:
            services.case_close(case=case, actor=user, outcome=form.cleaned_data["outcome"])
        except CaseworkError as error:
            return _refused(request, case, error)
        else:
            return _done(request, case, _("The case was closed. The reporters see “Closed”."))
    return _case_page(request, case, bound={"close": form})


@allowed_view(actions.CASEWORK)
@require_POST
def case_note(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    case = selectors.get_case(user, pk)
    form = NoteForm(request.POST, auto_id="id_note_%s")
    if form.is_valid():
        try:
            services.case_add_note(case=case, actor=user, text=form.cleaned_data["text"])
        except CaseworkError as error:
            return _refused(request, case, error)
        else:
            return _done(request, case, _("The note was added."))
    return _case_page(request, case, bound={"note": form})


@allowed_view(actions.CASEWORK)
@require_POST
def case_reveal(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Show the reporter's contact on this response only, after an audited reason."""
    user = _user(request)
    case = selectors.get_case(user, pk)
    signal_id = request.POST.get("signal", "")
    signal: Signal = selectors.get_case_signal(case, int(signal_id) if signal_id.isdigit() else 0)
    form = RevealForm(request.POST, auto_id=f"id_reveal{signal.pk}_%s")
    if form.is_valid():
        try:
            contact = services.reporter_contact_reveal(
                case=case, signal=signal, actor=user, reason=form.cleaned_data["reason"]
            )
        except CaseworkError as error:
            form.add_error(None, str(error))
        else:
            return _case_page(request, case, revealed={signal.pk: contact})
    return _case_page(request, case, reveal_errors={signal.pk: form})


# --- the lexicon of comment signals -------------------------------------------------------------


def _lexicon_page(request: HttpRequest, form: CommentTermForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "terms": CommentTerm.objects.order_by("kind", "phrase")}
    return render(request, "casework/lexicon.html", context, status=status)


@allowed_view(actions.LEXICON_EDIT)
@require_http_methods(["GET", "POST"])
def lexicon(request: HttpRequest) -> HttpResponseBase:
    """The lexicon the comment detector reads, and a form to add an entry."""
    if request.method != "POST":
        return _lexicon_page(request, CommentTermForm(initial={"is_active": True}))
    form = CommentTermForm(request.POST)
    if form.is_valid():
        try:
            term = comment_term_save(actor=_user(request), **form.cleaned_data)
        except LexiconError as error:
            form.add_error("phrase", str(error))
        else:
            messages.success(request, _("“%(phrase)s” was added to the lexicon.") % {"phrase": term.phrase})
            return redirect("pacc_lexicon")
    return _lexicon_page(request, form, status=400)


@allowed_view(actions.LEXICON_EDIT)
@require_http_methods(["GET", "POST"])
def lexicon_term(request: HttpRequest, pk: int) -> HttpResponseBase:
    """One entry: change it or take it out of use; every version it had."""
    term = get_object_or_404(CommentTerm, pk=pk)
    if request.method == "POST":
        form = CommentTermForm(request.POST)
        if form.is_valid():
            try:
                comment_term_save(actor=_user(request), term=term, **form.cleaned_data)
            except LexiconError as error:
                form.add_error("phrase", str(error))
            else:
                messages.success(request, _("The entry was saved."))
                return redirect("pacc_lexicon_term", pk=term.pk)
    else:
        initial = {"phrase": term.phrase, "kind": term.kind, "is_active": term.is_active}
        form = CommentTermForm(initial=initial)
    versions = term.versions.select_related("changed_by").order_by("-version")
    context = {"term": term, "form": form, "versions": versions}
    return render(request, "casework/lexicon_term.html", context, status=400 if form.errors else 200)
