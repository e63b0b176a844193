"""Every URL the resolver knows × every persona → the answer they get, written out by hand.

The table below is the permission matrix as people expect it (DESIGN.md §4: "not yours" is a
404), not as the policy module computes it: it is typed here, so a change in the rules shows up
as a difference to look at. A URL pattern without a row fails `test_every_url_pattern_has_a_row`.

Columns: PACC officer · overseer of Phrae (the unit's province) · overseer of Nan (another
province) · Admin of unit A · User of unit A · Admin of unit B · a signed-in person with no role ·
anonymous. Unit A (เทศบาลเมืองแพร่) owns every object in the URLs.

Answers: 200; 404 (not yours, or not there); 405 (the method is wrong: POST-only URLs opened with
GET); SIGNIN (302 to the sign-in page); 302 (any other redirect); 400/401 where a protocol
endpoint answers so to everyone.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse

from siang.accounts import services as accounts
from siang.accounts.documents import check_pdf, expected_file_name
from siang.accounts.models import Membership, MembershipStatus, Role, User
from siang.casework.models import Case, CommentTerm
from siang.catalog.models import Department, ProcessRevision, ProcessTemplate, RevisionStatus, ServiceProcess
from siang.directory.models import Province
from siang.exports.models import ExportKind
from siang.feedback.models import Feedback
from siang.reporting.compliance import compliance_steps
from siang.servicepoints.models import InstallationPhoto, InstallationReport, ServicePoint
from tests.accounts.pdfs import upload
from tests.casework.helpers import make_signal
from tests.exports.helpers import run_export

SIGNIN = "sign-in"
COLUMNS = ("pacc", "overseer", "overseer_other", "admin_a", "user_a", "admin_b", "no_role", "anonymous")

# fmt: off
# GET, for every URL pattern.                   PACC  ovr   ovr-N admA  usrA  admB  none  anon
GET: dict[str, tuple[int | str, ...]] = {
    # citizens and the public
    "home":                                     (200, 200, 200, 200, 200, 200, 200, 200),
    "healthz":                                  (200, 200, 200, 200, 200, 200, 200, 200),
    "readyz":                                   (200, 200, 200, 200, 200, 200, 200, 200),
    "switch_language":                          (302, 302, 302, 302, 302, 302, 302, 302),
    "feedback_sw":                              (200, 200, 200, 200, 200, 200, 200, 200),
    "feedback_form":                            (200, 200, 200, 200, 200, 200, 200, 200),
    "feedback_track_lookup":                    (200, 200, 200, 200, 200, 200, 200, 200),
    "feedback_track":                           (200, 200, 200, 200, 200, 200, 200, 200),
    "unit_search":                              (200, 200, 200, 200, 200, 200, 200, 200),
    "unit_detail":                              (200, 200, 200, 200, 200, 200, 200, 200),
    "province_list":                            (200, 200, 200, 200, 200, 200, 200, 200),
    "service_manual":                           (200, 200, 200, 200, 200, 200, 200, 200),
    # signing in (the ThaiD callback without ThaiD's answer is a failed sign-in: a page saying so)
    "signin":                                   (200, 200, 200, 200, 200, 200, 200, 200),
    "thaid_callback":                           (400, 400, 400, 400, 400, 400, 400, 400),
    "signout":                                  (405, 405, 405, 405, 405, 405, 405, 405),
    "thaid_sandbox:discovery":                  (200, 200, 200, 200, 200, 200, 200, 200),
    "thaid_sandbox:jwks":                       (200, 200, 200, 200, 200, 200, 200, 200),
    "thaid_sandbox:authorize":                  (400, 400, 400, 400, 400, 400, 400, 400),
    "thaid_sandbox:token":                      (405, 405, 405, 405, 405, 405, 405, 405),
    "thaid_sandbox:introspect":                 (405, 405, 405, 405, 405, 405, 405, 405),
    "thaid_sandbox:revoke":                     (405, 405, 405, 405, 405, 405, 405, 405),
    "thaid_sandbox:userinfo":                   (401, 401, 401, 401, 401, 401, 401, 401),
    # every signed-in person: their own pages, and asking for a role
    "account_home":                             (200, 200, 200, 200, 200, 200, 200, SIGNIN),
    "profile":                                  (200, 200, 200, 200, 200, 200, 200, SIGNIN),
    "notifications":                            (200, 200, 200, 200, 200, 200, 200, SIGNIN),
    "role_request":                             (200, 200, 200, 200, 200, 200, 200, SIGNIN),
    "request_admin":                            (200, 200, 200, 200, 200, 200, 200, SIGNIN),
    "request_user":                             (200, 200, 200, 200, 200, 200, 200, SIGNIN),
    "request_overseer":                         (200, 200, 200, 200, 200, 200, 200, SIGNIN),
    # PACC's desk
    "pacc_applications":                        (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "pacc_application":                         (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "application_document":                     (200, 404, 404, 200, 404, 404, 404, SIGNIN),
    "pacc_overseers":                           (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "pacc_overseer_decide":                     (405, 404, 404, 404, 404, 404, 404, SIGNIN),
    "pacc_officers":                            (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "pacc_undelivered":                         (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "pacc_installations":                       (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "pacc_installation":                        (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "pacc_dashboard":                           (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "exports_pacc":                             (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "exports_pacc_start":                       (405, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_queue":                           (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_case":                            (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_take":                            (405, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_assign":                          (405, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_start_review":                    (405, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_refer":                           (405, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_close":                           (405, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_note":                            (405, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_reveal":                          (405, 404, 404, 404, 404, 404, 404, SIGNIN),
    "pacc_lexicon":                             (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "pacc_lexicon_term":                        (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    # the template library: PACC keeps it, anyone who works for a unit reads it
    "catalog_templates":                        (200, 404, 404, 200, 200, 200, 404, SIGNIN),
    "catalog_template":                         (200, 404, 404, 200, 200, 200, 404, SIGNIN),
    "catalog_template_edit":                    (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "catalog_template_offer":                   (405, 404, 404, 404, 404, 404, 404, SIGNIN),
    # areas: PACC everywhere; an overseer in their own province (PACC has no "area" dashboard)
    "compliance_home":                          (302, 302, 302, 404, 404, 404, 404, SIGNIN),
    "compliance_area":                          (200, 200, 404, 404, 404, 404, 404, SIGNIN),
    "compliance_units":                         (200, 200, 404, 404, 404, 404, 404, SIGNIN),
    "compliance_list_pdf":                      (200, 200, 404, 404, 404, 404, 404, SIGNIN),
    "compliance_list_xlsx":                     (200, 200, 404, 404, 404, 404, 404, SIGNIN),
    "compliance_letter_pdf":                    (200, 200, 404, 404, 404, 404, 404, SIGNIN),
    "area_dashboard":                           (404, 200, 404, 404, 404, 404, 404, SIGNIN),
    # unit A's staff pages: read by its Admins, Users and PACC
    "catalog_unit":                             (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    "catalog_process":                          (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    "catalog_process_history":                  (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    "catalog_export":                           (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    "servicepoints_list":                       (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    "servicepoints_checklist":                  (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    "servicepoints_posters":                    (405, 405, 405, 405, 405, 405, 405, SIGNIN),
    "servicepoints_zip":                        (405, 405, 405, 405, 405, 405, 405, SIGNIN),
    "installation_photo":                       (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    "servicepoint_detail":                      (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    "servicepoint_qr_png":                      (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    "servicepoint_qr_svg":                      (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    "servicepoint_poster":                      (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    "servicepoint_card":                        (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    "servicepoint_snippet":                     (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    "compliance_unit":                          (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    "unit_dashboard":                           (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    "exports_unit":                             (200, 404, 404, 200, 200, 404, 404, SIGNIN),
    # unit A's catalogue: written by its Admins and Users
    "catalog_process_new":                      (404, 404, 404, 200, 200, 404, 404, SIGNIN),
    "catalog_process_edit":                     (404, 404, 404, 200, 200, 404, 404, SIGNIN),
    "catalog_import":                           (404, 404, 404, 200, 200, 404, 404, SIGNIN),
    "catalog_import_template":                  (404, 404, 404, 200, 200, 404, 404, SIGNIN),
    # unit A's Admin only
    "unit_users":                               (404, 404, 404, 200, 404, 404, 404, SIGNIN),
    "catalog_departments":                      (404, 404, 404, 200, 404, 404, 404, SIGNIN),
    "catalog_department_edit":                  (404, 404, 404, 200, 404, 404, 404, SIGNIN),
    "catalog_review_queue":                     (404, 404, 404, 200, 404, 404, 404, SIGNIN),
    "catalog_review":                           (404, 404, 404, 200, 404, 404, 404, SIGNIN),
    "servicepoint_new":                         (404, 404, 404, 200, 404, 404, 404, SIGNIN),
    "servicepoint_retire":                      (404, 404, 404, 200, 404, 404, 404, SIGNIN),
    "servicepoint_installation":                (404, 404, 404, 200, 404, 404, 404, SIGNIN),
    # POST-only pages of a unit say "wrong method" to any signed-in person before looking at
    # the unit (nothing about it is told); the POST table below checks who may post
    "unit_user_decide":                         (405, 405, 405, 405, 405, 405, 405, SIGNIN),
    "unit_user_revoke":                         (405, 405, 405, 405, 405, 405, 405, SIGNIN),
    "catalog_submit":                           (405, 405, 405, 405, 405, 405, 405, SIGNIN),
    "catalog_departments_order":                (405, 405, 405, 405, 405, 405, 405, SIGNIN),
    "catalog_department_retire":                (405, 405, 405, 405, 405, 405, 405, SIGNIN),
    "catalog_process_move":                     (405, 405, 405, 405, 405, 405, 405, SIGNIN),
    "catalog_process_discard":                  (405, 405, 405, 405, 405, 405, 405, SIGNIN),
    "catalog_review_approve":                   (405, 405, 405, 405, 405, 405, 405, SIGNIN),
    "exports_unit_start":                       (405, 405, 405, 405, 405, 405, 405, SIGNIN),
    # an export job and its file: the person who started it (unit A's Admin), alone
    "exports_job":                              (404, 404, 404, 200, 404, 404, 404, SIGNIN),
    "exports_download":                         (404, 404, 404, 200, 404, 404, 404, SIGNIN),
}

# POST (an empty form) to every URL that only takes POST. Allowed: the page refuses the empty form,
# going back with a message (302) or showing it again with the errors (200 or 400); not allowed: 404.
#                                               PACC  ovr   ovr-N admA  usrA  admB  none  anon
POST: dict[str, tuple[int | str, ...]] = {
    "pacc_overseer_decide":                     (302, 404, 404, 404, 404, 404, 404, SIGNIN),
    "unit_user_decide":                         (404, 404, 404, 302, 404, 404, 404, SIGNIN),
    "unit_user_revoke":                         (404, 404, 404, 302, 404, 404, 404, SIGNIN),
    "catalog_submit":                           (404, 404, 404, 302, 302, 404, 404, SIGNIN),
    "catalog_departments_order":                (404, 404, 404, 400, 404, 404, 404, SIGNIN),
    "catalog_department_retire":                (404, 404, 404, 302, 404, 404, 404, SIGNIN),
    "catalog_process_move":                     (404, 404, 404, 302, 302, 404, 404, SIGNIN),
    "catalog_process_discard":                  (404, 404, 404, 302, 302, 404, 404, SIGNIN),
    "catalog_review_approve":                   (404, 404, 404, 302, 404, 404, 404, SIGNIN),
    "catalog_template_offer":                   (302, 404, 404, 404, 404, 404, 404, SIGNIN),
    "exports_unit_start":                       (302, 404, 404, 302, 302, 404, 404, SIGNIN),
    "servicepoints_posters":                    (302, 404, 404, 302, 302, 404, 404, SIGNIN),
    "servicepoints_zip":                        (302, 404, 404, 302, 302, 404, 404, SIGNIN),
    "exports_pacc_start":                       (302, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_take":                            (302, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_assign":                          (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_start_review":                    (302, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_refer":                           (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_close":                           (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_note":                            (200, 404, 404, 404, 404, 404, 404, SIGNIN),
    "casework_reveal":                          (404, 404, 404, 404, 404, 404, 404, SIGNIN),
    "signout":                                  (SIGNIN, SIGNIN, SIGNIN, SIGNIN, SIGNIN, SIGNIN, SIGNIN, SIGNIN),
    "thaid_sandbox:token":                      (400, 400, 400, 400, 400, 400, 400, 400),
    "thaid_sandbox:introspect":                 (401, 401, 401, 401, 401, 401, 401, 401),
    "thaid_sandbox:revoke":                     (401, 401, 401, 401, 401, 401, 401, 401),
}
# fmt: on


# --- the people and the objects in the URLs -----------------------------------------------------


def _complete(user: User, email: str) -> User:
    return accounts.profile_complete(user=user, email=email, phone="0812345678")


def _person(username: str, name_th: str) -> User:
    return _complete(User.objects.create(username=username, name_th=name_th), f"{username}@example.go.th")


@pytest.fixture
def world(phrae, personas, settings) -> dict[str, Any]:
    call_command("demo_data", responses=60, stdout=io.StringIO())
    unit = phrae["units"]["a"]
    nan = Province.objects.create(code="55", name_th="น่าน", name_en="Nan", sort_key="น่าน")
    overseer_other = _person("overseer-nan", "นายผู้กำกับ น่าน")
    accounts.overseer_approve(
        membership=accounts.overseer_request(user=overseer_other, province=nan), actor=personas["pacc"]
    )
    applicant = _person("applicant", "นายผู้สมัคร ใหม่")
    document = upload(expected_file_name(unit))
    application = accounts.admin_application_submit(
        user=applicant,
        unit=unit,
        document=document,
        listed_names=[applicant.name_th],
        checked=check_pdf(document),
    )
    overseer_request = accounts.overseer_request(
        user=_person("asker", "นางผู้ขอ ดูแล"), province=phrae["province"]
    )
    if not Case.objects.filter(unit=unit).exists():
        make_signal(unit, personas["admin_a"])
        call_command("casework_attach", stdout=io.StringIO())
    people = {key: personas[key] for key in ("pacc", "overseer", "admin_a", "user_a", "admin_b")}
    people |= {
        "overseer_other": overseer_other,
        "no_role": _complete(personas["newcomer"], "thana@example.go.th"),
    }
    point = ServicePoint.objects.filter(unit=unit, is_active=True, installation_reports__isnull=True).first()
    return {
        "people": people,
        "unit": unit,
        "application": application,
        "overseer_request": overseer_request,
        "user_membership": Membership.objects.get(
            user=personas["user_a2"], unit=unit, role=Role.UNIT_USER, status=MembershipStatus.APPROVED
        ),
        "department": Department.objects.filter(unit=unit, is_active=True).first(),
        "process": ServiceProcess.objects.filter(unit=unit, live_revision__isnull=False).first(),
        "revision": ProcessRevision.objects.filter(
            process__unit=unit, status=RevisionStatus.SUBMITTED
        ).first(),
        "template": ProcessTemplate.objects.filter(is_active=True).first(),
        "point": point,
        "report": InstallationReport.objects.filter(service_point__unit=unit).first(),
        "photo": InstallationPhoto.objects.filter(report__service_point__unit=unit).first(),
        "case": Case.objects.filter(unit=unit).first(),
        "feedback": Feedback.objects.filter(unit=unit).first(),
        "job": run_export(personas["admin_a"], ExportKind.RESPONSES_CSV, unit_id=unit.pk),
        "step": compliance_steps()[0].key,
        "term": CommentTerm.objects.get_or_create(phrase="ค่าน้ำร้อนน้ำชา", defaults={"kind": "euphemism"})[0],
    }


def address(name: str, w: dict[str, Any]) -> str:
    """The URL named `name`, with the objects of unit A (by hand: which object each URL takes)."""
    unit = w["unit"].pk
    point = {"unit_id": unit, "pk": w["point"].pk}
    compliance = {"area": "54", "step": w["step"]}
    kwargs: dict[str, dict[str, Any]] = {
        "switch_language": {"language": "en"},
        "feedback_form": {"token": w["point"].token},
        "feedback_track": {"code": w["feedback"].tracking_code},
        "unit_detail": {"pk": unit},
        "service_manual": {"unit_id": unit, "pk": w["process"].pk},
        "request_admin": {"unit_id": unit},
        "request_user": {"unit_id": unit},
        "application_document": {"pk": w["application"].pk},
        "pacc_application": {"pk": w["application"].pk},
        "pacc_overseer_decide": {"pk": w["overseer_request"].pk},
        "unit_user_decide": {"unit_id": unit, "pk": w["user_membership"].pk},
        "unit_user_revoke": {"unit_id": unit, "pk": w["user_membership"].pk},
        "catalog_department_edit": {"unit_id": unit, "pk": w["department"].pk},
        "catalog_department_retire": {"unit_id": unit, "pk": w["department"].pk},
        "catalog_process": {"unit_id": unit, "pk": w["process"].pk},
        "catalog_process_edit": {"unit_id": unit, "pk": w["process"].pk},
        "catalog_process_move": {"unit_id": unit, "pk": w["process"].pk},
        "catalog_process_discard": {"unit_id": unit, "pk": w["process"].pk},
        "catalog_process_history": {"unit_id": unit, "pk": w["process"].pk},
        "catalog_review": {"unit_id": unit, "pk": w["revision"].pk},
        "catalog_template": {"pk": w["template"].pk},
        "catalog_template_edit": {"pk": w["template"].pk},
        "catalog_template_offer": {"pk": w["template"].pk},
        "installation_photo": {"unit_id": unit, "pk": w["photo"].pk, "size": "thumb"},
        "servicepoint_detail": point,
        "servicepoint_retire": point,
        "servicepoint_qr_png": point | {"size": "screen"},
        "servicepoint_qr_svg": point,
        "servicepoint_poster": point,
        "servicepoint_card": point,
        "servicepoint_snippet": point,
        "servicepoint_installation": point,
        "pacc_installation": {"pk": w["report"].pk},
        "compliance_area": {"area": "54"},
        "compliance_units": compliance,
        "compliance_list_pdf": compliance,
        "compliance_list_xlsx": compliance,
        "compliance_letter_pdf": compliance,
        "exports_job": {"pk": w["job"].pk},
        "exports_download": {"pk": w["job"].pk},
        "pacc_lexicon_term": {"pk": w["term"].pk},
    }
    if name.startswith("casework_") and name != "casework_queue":
        kwargs[name] = {"pk": w["case"].pk}
    elif name not in kwargs and "<int:unit_id>" in _route(name):
        kwargs[name] = {"unit_id": unit}
    query = {"area_dashboard": "?province=54"}.get(name, "")
    return reverse(name, kwargs=kwargs.get(name)) + query


# --- walking the resolver -----------------------------------------------------------------------


def url_patterns(
    patterns: list[Any] | None = None, namespace: str = "", route: str = ""
) -> Iterator[tuple[str, str]]:
    """(name, route) of every URL pattern the resolver knows, however deeply included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, inner, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else "", route + str(pattern.pattern)


def _route(name: str) -> str:
    return dict(url_patterns())[name]


def missing_rows() -> set[str]:
    """URL patterns the table has no row for (an unnamed pattern is missing as well)."""
    return {name or f"(unnamed) {route}" for name, route in url_patterns()} - set(GET)


def answer(response: HttpResponse) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(reverse("signin")):
        return SIGNIN
    return response.status_code


def walk(
    world: dict[str, Any], names: list[str], send: Callable[[Client, str], HttpResponse]
) -> dict[str, tuple]:
    """What each persona gets from each URL: {name: (answer per column)}."""
    clients = {}
    for key in COLUMNS:
        clients[key] = Client()
        if key != "anonymous":
            clients[key].force_login(world["people"][key])
    table: dict[str, tuple] = {}
    for name in names:
        url = address(name, world)
        table[name] = tuple(answer(send(clients[key], url)) for key in COLUMNS)
    return table


def differences(expected: dict[str, tuple], got: dict[str, tuple]) -> list[str]:
    return [
        f"{name} as {key}: expected {want}, got {have}"
        for name in expected
        for key, want, have in zip(COLUMNS, expected[name], got[name], strict=True)
        if want != have
    ]


# --- the tests ----------------------------------------------------------------------------------


def test_the_table_has_a_column_for_every_persona_in_every_row():
    assert all(len(row) == len(COLUMNS) for row in (*GET.values(), *POST.values()))
    assert set(POST) <= set(GET)


def test_every_url_pattern_has_a_row():
    assert missing_rows() == set()
    assert set(GET) <= {name for name, _route in url_patterns()}, "a row for a URL that no longer exists"


def test_every_url_answers_every_persona_as_the_table_says(world):
    got = walk(world, list(GET), lambda client, url: client.get(url))
    assert "\n".join(differences(GET, got)) == ""


def test_every_post_only_url_refuses_the_people_it_is_not_for(world):
    # Over HTTPS, as in production: the sandbox's OAuth endpoints refuse plain HTTP outright.
    got = walk(world, list(POST), lambda client, url: client.post(url, {}, secure=True))
    assert "\n".join(differences(POST, got)) == ""


# --- the walk catches a new URL -----------------------------------------------------------------


def _unguarded(request: HttpRequest) -> HttpResponse:
    return HttpResponse("every unit's secrets")


urlpatterns = [
    path("", include("siang.urls")),
    path("pacc/temporary/", _unguarded, name="temporary_unguarded"),
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_new_url_without_a_row_fails_the_walk(world):
    assert missing_rows() == {"temporary_unguarded"}
    # Given a row that says what it should be (PACC only), the walk finds it unguarded.
    pacc_only = (200, 404, 404, 404, 404, 404, 404, SIGNIN)
    got = walk(world, ["temporary_unguarded"], lambda client, url: client.get(url))
    assert differences({"temporary_unguarded": pacc_only}, got) == [
        f"temporary_unguarded as {key}: expected {want}, got 200"
        for key, want in zip(COLUMNS, pacc_only, strict=True)
        if want != 200
    ]
