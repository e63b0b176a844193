from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from siang.accounts.models import User
from siang.casework.models import CaseStatus, CommentTermKind, SignalKind
from siang.casework.selectors import MINE, OPEN, UNASSIGNED, QueueFilters
from siang.casework.services import MAX_NOTE
from siang.directory.models import Province


def _choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    cast(forms.ChoiceField, form.fields[name]).choices = choices


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Unit or tracking code"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "aria-describedby": "id_q_help"}
        ),
        help_text=_("A unit's name or DLA code, or a citizen's tracking code such as U9DX-5SY7."),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind of signal"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, data: Any, *, officers: list[User], provinces: list[Province]) -> None:
        super().__init__(data)
        statuses = [(OPEN, _("Open (new or under review)")), ("", _("All")), *CaseStatus.choices]
        _choices(self, "status", statuses)
        _choices(self, "kind", [("", _("All")), *SignalKind.choices])
        _choices(self, "province", [("", _("All"))] + [(p.code, p.name_th) for p in provinces])
        _choices(
            self,
            "assignee",
            [
                ("", _("Anyone")),
                (MINE, _("Me")),
                (UNASSIGNED, _("Nobody yet")),
            ]
            + [(str(officer.pk), officer.display_name) for officer in officers],
        )

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        status = OPEN if "status" not in self.data else data["status"]
        return QueueFilters(
            status=status,
            kind=data["kind"],
            province=data["province"],
            assignee=data["assignee"],
            overdue=data["overdue"],
            search=data["q"].strip(),
        )


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"))

    def __init__(self, *args: Any, officers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "assignee", [(str(o.pk), o.display_name) for o in officers])


class ReferForm(forms.Form):
    referred_to = forms.CharField(
        label=_("Referred to"),
        max_length=300,
        help_text=_("Where or to whom, e.g. the provincial PACC office, the police, the unit's supervisor."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=MAX_NOTE,
        help_text=_("What was found and decided. The case cannot be closed without it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note"),
        max_length=MAX_NOTE,
        help_text=_("Notes are kept in the case's history and cannot be changed later."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RevealForm(forms.Form):
    signal = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why you need the reporter's contact"),
        max_length=MAX_NOTE,
        help_text=_("Required. Your name, the time and this reason are recorded."),
    )


class CommentTermForm(forms.Form):
    """A lexicon entry of the comment detector (siang.casework.lexicon checks it again)."""

    phrase = forms.CharField(
        label=_("Word or phrase"),
        max_length=200,
        help_text=_(
            "As citizens write it. Put “…” between parts that must appear in this order in one "
            "sentence, e.g. “ใบเสร็จ…แค่”."
        ),
    )
    kind = forms.ChoiceField(label=_("What it describes"), choices=CommentTermKind.choices)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)
