"""Changes to a unit's service catalogue. Views, commands and the API call these.

Each workflow transition locks its rows, refuses what its actor may not do or what the state
does not allow (CatalogError, with a message for the person), saves with update_fields, writes
the audit event and tells the people concerned after the commit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from siang.accounts.models import Membership, MembershipStatus, Role, User
from siang.accounts.notify import in_thai_and_english, notify
from siang.audit.services import audit_record, audit_refusals
from siang.catalog import names
from siang.catalog.completeness import Missing, missing_items
from siang.catalog.content import CONTENT_FIELDS, ContentError, apply_content, clean_content, content_of
from siang.catalog.models import (
    Department,
    ProcessRevision,
    ProcessTemplate,
    RevisionStatus,
    ServiceProcess,
)
from siang.directory.models import Unit
from siang.policy import Refused, actions, require

MAX_SEQUENCE = 999
_PARKED = 32000  # temporary sequence numbers while renumbering (above any a form accepts)

M = TypeVar("M", bound=models.Model)


class CatalogError(Exception):
    """A change that cannot be made; the message is for the person (translated)."""


class IncompleteError(CatalogError):
    """Processes that cannot be submitted yet, each with what it lacks."""

    def __init__(self, problems: list[tuple[ServiceProcess, list[Missing]]]) -> None:
        self.problems = problems
        super().__init__(
            _("Nothing was sent. These processes are not complete yet: %(names)s.")
            % {"names": ", ".join(f"“{process.name_th}”" for process, _missing in problems)}
        )


class CatalogRefused(Refused, CatalogError):
    """The policy refuses the actor this change (siang.policy)."""


def _lock_unit(unit_id: int) -> None:
    """Serialise the changes of sequence numbers in one unit."""
    Unit.objects.select_for_update().filter(pk=unit_id).values_list("pk", flat=True).get()


# --- saving with a clear message when the database refuses a number ----------------------------


def _check_sequence(sequence: int) -> None:
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise CatalogError(_("The sequence number must be between 1 and %(max)d.") % {"max": MAX_SEQUENCE})


def _save_or_clash(obj: M, clash: Callable[[], CatalogError | None], **save_kwargs: Any) -> M:
    """Save; if the database refuses a duplicate number, raise the same message the check gives."""
    try:
        with transaction.atomic():
            obj.save(**save_kwargs)
    except IntegrityError:
        error = clash()
        if error is None:
            raise
        raise error from None
    return obj


def department_clash(unit_id: int, sequence: int, *, exclude: int | None = None) -> CatalogError | None:
    holder = (
        Department.objects.filter(unit_id=unit_id, sequence=sequence, is_active=True)
        .exclude(pk=exclude or 0)
        .first()
    )
    if holder is None:
        return None
    return CatalogError(
        _("Number %(sequence)d is already used by “%(name)s” in this unit. Choose another number.")
        % {"sequence": sequence, "name": holder.name_th}
    )


def process_clash(department_id: int, sequence: int, *, exclude: int | None = None) -> CatalogError | None:
    holder = (
        ServiceProcess.objects.filter(department_id=department_id, sequence=sequence)
        .exclude(pk=exclude or 0)
        .select_related("draft_revision", "live_revision")
        .first()
    )
    if holder is None:
        return None
    return CatalogError(
        _("Number %(sequence)d is already used by “%(name)s” in this department. Choose another number.")
        % {"sequence": sequence, "name": holder.name_th}
    )


def _raise(error: CatalogError | None) -> None:
    if error is not None:
        raise error


# --- departments -------------------------------------------------------------------------------


def _department_names(
    unit_id: int, name_th: str, name_en: str, *, exclude: int | None = None
) -> tuple[str, str]:
    name_th, name_en = names.normalise(name_th), names.normalise(name_en)
    if not name_th:
        raise CatalogError(_("Write the department's name in Thai."))
    same = (
        Department.objects.filter(unit_id=unit_id, is_active=True, name_th=name_th)
        .exclude(pk=exclude or 0)
        .first()
    )
    if same is not None:
        raise CatalogError(
            _("This unit already has a department named “%(name)s” (number %(sequence)d).")
            % {"name": name_th, "sequence": same.sequence}
        )
    return name_th, name_en


@audit_refusals
@transaction.atomic
def department_create(
    *, unit: Unit, actor: User, sequence: int, name_th: str, name_en: str = "", serves_public: bool = True
) -> Department:
    require(actor, actions.CATALOG_DEPARTMENTS_MANAGE, unit, refused=CatalogRefused)
    _lock_unit(unit.pk)
    _check_sequence(sequence)
    name_th, name_en = _department_names(unit.pk, name_th, name_en)
    _raise(department_clash(unit.pk, sequence))
    department = Department(
        unit=unit, sequence=sequence, name_th=name_th, name_en=name_en, serves_public=serves_public
    )
    _save_or_clash(department, lambda: department_clash(unit.pk, sequence))
    audit_record(
        actor=actor,
        action="department.created",
        obj=department,
        after={"sequence": sequence, "name_th": name_th, "name_en": name_en, "serves_public": serves_public},
    )
    return department


def _lock_department(department: Department) -> Department:
    return Department.objects.select_for_update().get(pk=department.pk)


@audit_refusals
@transaction.atomic
def department_update(
    *, department: Department, actor: User, name_th: str, name_en: str = "", serves_public: bool = True
) -> Department:
    """Rename a department, or say whether it serves the public."""
    require(actor, actions.CATALOG_DEPARTMENTS_MANAGE, department, refused=CatalogRefused)
    locked = _lock_department(department)
    if not locked.is_active:
        raise CatalogError(_("This department is retired."))
    name_th, name_en = _department_names(locked.unit_id, name_th, name_en, exclude=locked.pk)
    fresh = {"name_th": name_th, "name_en": name_en, "serves_public": serves_public}
    before = {key: getattr(locked, key) for key in fresh}
    changed = [key for key, value in fresh.items() if before[key] != value]
    if changed:
        for key in changed:
            setattr(locked, key, fresh[key])
        locked.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action="department.updated",
            obj=locked,
            before={key: before[key] for key in changed},
            after={key: fresh[key] for key in changed},
        )
    return locked


@audit_refusals
@transaction.atomic
def departments_reorder(*, unit: Unit, actor: User, order: Mapping[int, int]) -> list[Department]:
    """Give the unit's active departments new sequence numbers: {department id: number}.

    Numbers may be swapped: the changed departments are parked on temporary numbers first, so
    the database's uniqueness holds at every moment.
    """
    require(actor, actions.CATALOG_DEPARTMENTS_MANAGE, unit, refused=CatalogRefused)
    _lock_unit(unit.pk)
    departments = {d.pk: d for d in Department.objects.select_for_update().filter(unit=unit, is_active=True)}
    if set(order) - set(departments):
        raise CatalogError(_("One of these departments is not an active department of this unit."))
    final = {pk: order.get(pk, d.sequence) for pk, d in departments.items()}
    for sequence in final.values():
        _check_sequence(sequence)
    by_number: dict[int, list[str]] = defaultdict(list)
    for pk, sequence in final.items():
        by_number[sequence].append(departments[pk].name_th)
    clashes = {sequence: holders for sequence, holders in by_number.items() if len(holders) > 1}
    if clashes:
        sequence, holders = min(clashes.items())
        raise CatalogError(
            _(
                "Number %(sequence)d is given to more than one department: %(names)s. "
                "Give each its own number."
            )
            % {"sequence": sequence, "names": ", ".join(holders)}
        )
    changed = [d for pk, d in departments.items() if final[pk] != d.sequence]
    before = {d.pk: d.sequence for d in changed}
    _renumber(changed, {d.pk: final[d.pk] for d in changed})
    for department in changed:
        audit_record(
            actor=actor,
            action="department.renumbered",
            obj=department,
            before={"sequence": before[department.pk]},
            after={"sequence": department.sequence},
        )
    return sorted(departments.values(), key=lambda d: d.sequence)


def _renumber(objects: Sequence[Department], numbers: Mapping[int, int]) -> None:
    for index, obj in enumerate(objects):
        obj.sequence = _PARKED + index
        obj.save(update_fields=["sequence", "updated_at"])
    for obj in objects:
        obj.sequence = numbers[obj.pk]
        obj.save(update_fields=["sequence", "updated_at"])


@audit_refusals
@transaction.atomic
def department_retire(*, department: Department, actor: User) -> Department:
    """Retire a department that no longer serves the public; its number becomes free."""
    require(actor, actions.CATALOG_DEPARTMENTS_MANAGE, department, refused=CatalogRefused)
    locked = _lock_department(department)
    if not locked.is_active:
        raise CatalogError(_("This department is already retired."))
    count = ServiceProcess.objects.filter(department=locked).count()
    if count:
        raise CatalogError(
            _(
                "“%(name)s” still has %(count)d service processes. Move them to another department "
                "first, so citizens can still find them."
            )
            % {"name": locked.name_th, "count": count}
        )
    locked.is_active = False
    locked.save(update_fields=["is_active", "updated_at"])
    audit_record(actor=actor, action="department.retired", obj=locked, before={"is_active": True})
    return locked


# --- processes ---------------------------------------------------------------------------------


def check_process_names(name_th: str, name_en: str) -> tuple[str, str]:
    """Normalised names, or CatalogError: a Thai name is required and "คู่มือ" is refused."""
    name_th, name_en = names.normalise(name_th), names.normalise(name_en)
    if not name_th:
        raise CatalogError(_("Write the process name in Thai."))
    suggestion = names.manual_word_problem(name_th)
    if suggestion is not None:
        raise CatalogError(names.manual_word_message(suggestion))
    suggestion_en = names.manual_word_problem_en(name_en)
    if suggestion_en is not None:
        raise CatalogError(names.manual_word_message_en(suggestion_en))
    return name_th, name_en


def similar_process_names(
    *, unit: Unit, name_th: str, exclude: ServiceProcess | None = None
) -> list[names.SimilarName]:
    """Processes of the unit whose Thai name is close to this one (a warning, not a refusal)."""
    processes = (
        ServiceProcess.objects.filter(unit=unit)
        .exclude(pk=exclude.pk if exclude else 0)
        .values_list("department__name_th", "live_revision__name_th", "draft_revision__name_th")
    )
    others = {(name, department) for department, live, draft in processes for name in (live, draft) if name}
    return names.similar_names(name_th, sorted(others))


def _lock_process(process: ServiceProcess) -> ServiceProcess:
    return (
        ServiceProcess.objects.select_for_update(of=("self",))
        .select_related("draft_revision", "live_revision")
        .get(pk=process.pk)
    )


@audit_refusals
@transaction.atomic
def process_create(
    *,
    department: Department,
    actor: User,
    sequence: int,
    name_th: str = "",
    name_en: str = "",
    template: ProcessTemplate | None = None,
) -> ServiceProcess:
    """A new process in a department, from scratch or from a library template, as a draft."""
    require(actor, actions.CATALOG_EDIT, department, refused=CatalogRefused)
    locked = _lock_department(department)
    if not locked.is_active:
        raise CatalogError(_("This department is retired."))
    if template is not None and not template.is_active:
        raise CatalogError(_("This template is no longer offered."))
    _check_sequence(sequence)
    content = clean_content(content_of(template) if template else {})
    name_th, name_en = check_process_names(
        name_th or content["name_th"], name_en or (content["name_en"] if not name_th else "")
    )
    content.update(name_th=name_th, name_en=name_en)
    _raise(process_clash(locked.pk, sequence))
    process = ServiceProcess(unit_id=locked.unit_id, department=locked, sequence=sequence, created_by=actor)
    _save_or_clash(process, lambda: process_clash(locked.pk, sequence))
    revision = ProcessRevision(
        process=process,
        number=1,
        created_by=actor,
        template=template,
        template_untouched=template is not None,
    )
    apply_content(revision, content)
    revision.save()
    process.draft_revision = revision
    process.save(update_fields=["draft_revision", "updated_at"])
    audit_record(
        actor=actor,
        action="process.created",
        obj=process,
        after={
            "department": locked.name_th,
            "sequence": sequence,
            "name_th": name_th,
            "template": template.slug if template else None,
        },
    )
    return process


@audit_refusals
@transaction.atomic
def process_move(
    *, process: ServiceProcess, actor: User, department: Department, sequence: int
) -> ServiceProcess:
    """Change a process's department or its sequence number (no review needed)."""
    require(actor, actions.CATALOG_EDIT, process, refused=CatalogRefused)
    locked = _lock_process(process)
    if department.unit_id != locked.unit_id:
        raise CatalogError(_("Choose a department of this unit."))
    target = _lock_department(department)
    if not target.is_active:
        raise CatalogError(_("This department is retired."))
    _check_sequence(sequence)
    before = {"department": locked.department_id, "sequence": locked.sequence}
    if before == {"department": target.pk, "sequence": sequence}:
        return locked
    _raise(process_clash(target.pk, sequence, exclude=locked.pk))
    locked.department, locked.sequence = target, sequence
    _save_or_clash(
        locked,
        lambda: process_clash(target.pk, sequence, exclude=locked.pk),
        update_fields=["department", "sequence", "updated_at"],
    )
    audit_record(
        actor=actor,
        action="process.moved",
        obj=locked,
        before=before,
        after={"department": target.pk, "sequence": sequence},
    )
    return locked


def _new_revision(process: ServiceProcess, *, source: ProcessRevision, actor: User) -> ProcessRevision:
    """A draft copied from `source` (the live revision, or one the Admin returned)."""
    number = (process.revisions.aggregate(top=models.Max("number"))["top"] or 0) + 1
    revision = ProcessRevision(
        process=process,
        number=number,
        created_by=actor,
        based_on=source,
        template=source.template,
        template_untouched=source.template_untouched,
    )
    apply_content(revision, content_of(source))
    revision.save()
    process.draft_revision = revision
    process.save(update_fields=["draft_revision", "updated_at"])
    audit_record(
        actor=actor,
        action="revision.started",
        obj=revision,
        after={"number": number, "based_on": source.number, "based_on_status": source.status},
    )
    return revision


def _editable_revision(process: ServiceProcess, *, actor: User) -> ProcessRevision:
    """The draft to change: the current one, or a new copy of the returned or the live revision."""
    draft = process.draft_revision
    if draft is not None and draft.status == RevisionStatus.DRAFT:
        return draft
    if draft is not None and draft.status == RevisionStatus.SUBMITTED:
        raise CatalogError(
            _(
                "“%(name)s” is waiting for the Admin's review. It can be changed again once the Admin "
                "approves or returns it."
            )
            % {"name": draft.name_th}
        )
    source = draft or process.live_revision
    assert source is not None
    return _new_revision(process, source=source, actor=actor)


@audit_refusals
@transaction.atomic
def revision_update(*, process: ServiceProcess, actor: User, content: Mapping[str, Any]) -> ProcessRevision:
    """Change the content of the process's draft.

    A process that is approved (or was returned) gets a new draft copied from that revision;
    citizens keep seeing the approved revision until the new one is approved.
    """
    require(actor, actions.CATALOG_EDIT, process, refused=CatalogRefused)
    try:
        fresh = clean_content(content, partial=True)
    except ContentError as error:
        raise CatalogError(str(error)) from None
    locked = _lock_process(process)
    current = locked.current_revision
    _check_names_in(fresh, current=current)
    changes = {key: value for key, value in fresh.items() if content_of(current)[key] != value}
    if not changes and current.status != RevisionStatus.SUBMITTED:
        return current
    revision = _editable_revision(locked, actor=actor)
    _write_content(revision, changes, actor=actor, action="revision.updated")
    return revision


def _check_names_in(fresh: dict[str, Any], *, current: Any) -> None:
    """Normalise and check the names being set (refusing "คู่มือ"), against the current ones."""
    name_th, name_en = check_process_names(
        fresh.get("name_th", current.name_th), fresh.get("name_en", current.name_en)
    )
    if "name_th" in fresh:
        fresh["name_th"] = name_th
    if "name_en" in fresh:
        fresh["name_en"] = name_en


NAME_FIELDS = {"name_th", "name_en"}


def _write_content(
    obj: ProcessRevision | ProcessTemplate, changes: Mapping[str, Any], *, actor: User, action: str
) -> list[str]:
    """Set the changed content, save only those fields, and audit before and after."""
    before = content_of(obj)
    changed = apply_content(obj, changes)
    if changed:
        extra = []
        if isinstance(obj, ProcessTemplate):
            obj.updated_by, extra = actor, ["updated_by"]
        elif obj.template_untouched and set(changed) - NAME_FIELDS:
            obj.template_untouched, extra = False, ["template_untouched"]
        obj.save(update_fields=[*changed, *extra, "updated_at"])
        audit_record(
            actor=actor,
            action=action,
            obj=obj,
            before={key: before[key] for key in changed},
            after={key: content_of(obj)[key] for key in changed},
        )
    return changed


@audit_refusals
@transaction.atomic
def draft_discard(*, process: ServiceProcess, actor: User) -> ServiceProcess:
    """Drop the unsent changes of an approved process; citizens saw the approved one all along."""
    require(actor, actions.CATALOG_EDIT, process, refused=CatalogRefused)
    locked = _lock_process(process)
    draft = locked.draft_revision
    if draft is None or draft.status != RevisionStatus.DRAFT or locked.live_revision is None:
        raise CatalogError(_("There are no unsent changes to an approved version to discard."))
    locked.draft_revision = None
    locked.save(update_fields=["draft_revision", "updated_at"])
    audit_record(actor=actor, action="revision.discarded", obj=draft, before={"number": draft.number})
    draft.delete()
    return locked


# --- review ------------------------------------------------------------------------------------


def _lock_processes(ids: Iterable[int]) -> list[ServiceProcess]:
    return list(
        ServiceProcess.objects.select_for_update(of=("self",))
        .select_related("draft_revision", "live_revision", "unit")
        .filter(pk__in=set(ids))
        .order_by("pk")
    )


def _unit_admins(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    admins: dict[int, list[User]] = defaultdict(list)
    for membership in Membership.objects.filter(
        unit_id__in=set(unit_ids), role=Role.UNIT_ADMIN, status=MembershipStatus.APPROVED
    ).select_related("user"):
        assert membership.unit_id is not None
        admins[membership.unit_id].append(membership.user)
    return admins


@audit_refusals
@transaction.atomic
def process_submit(*, processes: Sequence[ServiceProcess], actor: User) -> list[ProcessRevision]:
    """Send one or many processes' drafts to the unit's Admin. All or nothing: an incomplete
    process stops the whole batch, with what each one lacks."""
    if not processes:
        raise CatalogError(_("Choose at least one process to submit."))
    locked = _lock_processes(p.pk for p in processes)
    for one_per_unit in {p.unit_id: p for p in locked}.values():
        require(actor, actions.CATALOG_EDIT, one_per_unit, refused=CatalogRefused)
    ready: list[tuple[ServiceProcess, ProcessRevision]] = []
    problems: list[tuple[ServiceProcess, list[Missing]]] = []
    for process in locked:
        draft = process.draft_revision
        if draft is None:
            raise CatalogError(
                _("“%(name)s” has no changes to submit: citizens already see its approved version.")
                % {"name": process.name_th}
            )
        if draft.status == RevisionStatus.SUBMITTED:
            raise CatalogError(
                _("“%(name)s” is already waiting for the Admin's review.") % {"name": process.name_th}
            )
        missing = missing_items(draft)
        if missing:
            problems.append((process, missing))
        ready.append((process, draft))
    if problems:
        raise IncompleteError(problems)
    now = timezone.now()
    submitted = []
    for process, draft in ready:
        revision = (
            _editable_revision(process, actor=actor) if draft.status == RevisionStatus.RETURNED else draft
        )
        revision.status = RevisionStatus.SUBMITTED
        revision.submitted_by, revision.submitted_at = actor, now
        revision.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
        audit_record(
            actor=actor,
            action="revision.submitted",
            obj=revision,
            before={"status": RevisionStatus.DRAFT},
            after={"status": RevisionStatus.SUBMITTED, "number": revision.number},
        )
        submitted.append(revision)
    _tell_admins_of_submission(submitted, actor=actor)
    return submitted


def _tell_admins_of_submission(revisions: list[ProcessRevision], *, actor: User) -> None:
    by_unit: dict[int, list[ProcessRevision]] = defaultdict(list)
    for revision in revisions:
        by_unit[revision.process.unit_id].append(revision)
    admins = _unit_admins(by_unit)
    for unit_id, unit_revisions in by_unit.items():
        listed = ", ".join(r.name_th for r in unit_revisions)
        for admin in admins[unit_id]:
            if admin.pk == actor.pk:
                continue
            notify(
                user=admin,
                subject=in_thai_and_english(gettext_noop("Service processes to review"), separator=" / "),
                body=in_thai_and_english(
                    gettext_noop("%(name)s sent %(count)d service processes for your review: %(processes)s"),
                    name=actor.display_name,
                    count=len(unit_revisions),
                    processes=listed,
                ),
                link=reverse("catalog_review_queue", args=[unit_id]),
            )


def _lock_submitted(
    revisions: Sequence[ProcessRevision], *, actor: User
) -> list[tuple[ServiceProcess, ProcessRevision]]:
    if not revisions:
        raise CatalogError(_("Choose at least one process."))
    processes = {p.pk: p for p in _lock_processes(r.process_id for r in revisions)}
    for one_per_unit in {p.unit_id: p for p in processes.values()}.values():
        require(actor, actions.CATALOG_REVIEW, one_per_unit, refused=CatalogRefused)
    locked = {
        r.pk: r for r in ProcessRevision.objects.select_for_update().filter(pk__in={r.pk for r in revisions})
    }
    pairs = []
    for revision in revisions:
        current = locked[revision.pk]
        process = processes[current.process_id]
        if current.status != RevisionStatus.SUBMITTED or process.draft_revision_id != current.pk:
            raise CatalogError(
                _("“%(name)s” (revision %(number)d) is not waiting for review; it is %(status)s.")
                % {"name": current.name_th, "number": current.number, "status": current.get_status_display()}
            )
        current.process = process
        pairs.append((process, current))
    return pairs


@audit_refusals
@transaction.atomic
def revisions_approve(*, revisions: Sequence[ProcessRevision], actor: User) -> list[ProcessRevision]:
    """The Admin approves submitted revisions; each becomes what citizens see. All or nothing."""
    pairs = _lock_submitted(revisions, actor=actor)
    now = timezone.now()
    approved = []
    for process, revision in pairs:
        previous = process.live_revision
        missing = missing_items(revision)
        if missing:  # submitted complete and unchanged since; a safeguard, not a normal path
            raise CatalogError("; ".join(m.message for m in missing))
        revision.status = RevisionStatus.APPROVED
        revision.decided_by, revision.decided_at = actor, now
        revision.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        process.live_revision, process.draft_revision = revision, None
        process.save(update_fields=["live_revision", "draft_revision", "updated_at"])
        audit_record(
            actor=actor,
            action="revision.approved",
            obj=revision,
            before={
                "status": RevisionStatus.SUBMITTED,
                "live_revision": previous.number if previous else None,
            },
            after={"status": RevisionStatus.APPROVED, "live_revision": revision.number},
        )
        approved.append(revision)
    _tell_submitters_of_approval(approved)
    return approved


def revision_approve(*, revision: ProcessRevision, actor: User) -> ProcessRevision:
    return revisions_approve(revisions=[revision], actor=actor)[0]


def _tell_submitters_of_approval(revisions: list[ProcessRevision]) -> None:
    by_submitter: dict[int, list[ProcessRevision]] = defaultdict(list)
    for revision in revisions:
        assert revision.submitted_by_id is not None
        by_submitter[revision.submitted_by_id].append(revision)
    for submitter_revisions in by_submitter.values():
        first = submitter_revisions[0]
        assert first.submitted_by is not None
        notify(
            user=first.submitted_by,
            subject=in_thai_and_english(gettext_noop("Service processes approved"), separator=" / "),
            body=in_thai_and_english(
                gettext_noop("The Admin approved and published: %(processes)s"),
                processes=", ".join(r.name_th for r in submitter_revisions),
            ),
            link=reverse("catalog_unit", args=[first.process.unit_id]),
        )


@audit_refusals
@transaction.atomic
def revision_return(*, revision: ProcessRevision, actor: User, comment: str) -> ProcessRevision:
    """The Admin returns a submitted revision with what to fix; the live version stays as it is."""
    comment = comment.strip()
    if not comment:
        raise CatalogError(_("Write what needs to change, so the User knows what to fix."))
    [(process, locked)] = _lock_submitted([revision], actor=actor)
    locked.status = RevisionStatus.RETURNED
    locked.review_comment = comment
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.save(update_fields=["status", "review_comment", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action="revision.returned",
        obj=locked,
        before={"status": RevisionStatus.SUBMITTED},
        after={"status": RevisionStatus.RETURNED},
        note=comment,
    )
    assert locked.submitted_by is not None
    notify(
        user=locked.submitted_by,
        subject=in_thai_and_english(gettext_noop("A service process was returned"), separator=" / "),
        body=in_thai_and_english(
            gettext_noop("The Admin returned “%(process)s” for changes: %(comment)s"),
            process=locked.name_th,
            comment=comment,
        ),
        link=reverse("catalog_process", args=[process.unit_id, process.pk]),
    )
    return locked


# --- the template library ----------------------------------------------------------------------


@audit_refusals
@transaction.atomic
def template_update(*, template: ProcessTemplate, actor: User, content: Mapping[str, Any]) -> ProcessTemplate:
    """PACC corrects a library template. Processes already made from it keep their own copy."""
    require(actor, actions.TEMPLATES_MANAGE, template, refused=CatalogRefused)
    try:
        fresh = clean_content(content, partial=True)
    except ContentError as error:
        raise CatalogError(str(error)) from None
    locked = ProcessTemplate.objects.select_for_update().get(pk=template.pk)
    _check_names_in(fresh, current=locked)
    _write_content(locked, fresh, actor=actor, action="process_template.updated")
    return locked


@audit_refusals
@transaction.atomic
def template_set_offered(*, template: ProcessTemplate, actor: User, offered: bool) -> ProcessTemplate:
    """PACC offers a library template to units, or withdraws it (processes made from it stay)."""
    require(actor, actions.TEMPLATES_MANAGE, template, refused=CatalogRefused)
    locked = ProcessTemplate.objects.select_for_update().get(pk=template.pk)
    if locked.is_active != offered:
        locked.is_active, locked.updated_by = offered, actor
        locked.save(update_fields=["is_active", "updated_by", "updated_at"])
        audit_record(
            actor=actor,
            action="process_template.offered" if offered else "process_template.withdrawn",
            obj=locked,
            before={"is_active": not offered},
            after={"is_active": offered},
        )
    return locked


__all__ = [
    "CONTENT_FIELDS",
    "CatalogError",
    "CatalogRefused",
    "IncompleteError",
    "department_create",
    "department_retire",
    "department_update",
    "departments_reorder",
    "draft_discard",
    "process_create",
    "process_move",
    "process_submit",
    "revision_approve",
    "revision_return",
    "revision_update",
    "revisions_approve",
    "similar_process_names",
    "template_set_offered",
    "template_update",
]
