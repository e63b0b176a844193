from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from siang.catalog import selectors as catalog_selectors
from siang.directory import selectors
from siang.directory.forms import UnitSearchForm
from siang.directory.models import Unit
from siang.policy import actions, can

PAGE_SIZE = 25


@require_GET
def unit_search(request: HttpRequest) -> HttpResponse:
    form = UnitSearchForm(request.GET or None)
    searched = form.is_bound
    if searched:
        form.is_valid()  # an unknown province or district is shown as an error; the rest still applies
    criteria = form.cleaned_data if searched else {}
    units = selectors.unit_search(
        query=criteria.get("q") or "",
        province=criteria.get("province"),
        district=criteria.get("district"),
    )
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/unit_search.html",
        {
            "form": form,
            "searched": searched,
            "page": page,
        },
    )


@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(
        Unit.objects.select_related("province", "district").prefetch_related("former_names"),
        pk=pk,
        is_active=True,
    )
    context = {
        "unit": unit,
        "services": catalog_selectors.published_catalogue(unit),
        "catalogue_link": can(request.user, actions.CATALOG_VIEW, unit),
    }
    return render(request, "directory/unit_detail.html", context)


@require_GET
def province_list(request: HttpRequest) -> HttpResponse:
    provinces = selectors.provinces_with_unit_counts()
    return render(request, "directory/province_list.html", {"provinces": provinces})
