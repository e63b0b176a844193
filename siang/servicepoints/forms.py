"""Forms for service points and installation reports: messages for people; services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from siang.catalog.models import Department
from siang.directory.models import Unit
from siang.servicepoints import photos
from siang.servicepoints.models import Placement


class ServicePointForm(forms.Form):
    # Not "optional": its help says when it is needed, and clean() asks for it then.
    required_when = ("department",)

    placement = forms.ChoiceField(
        label=_("Where the QR code is posted"),
        choices=Placement.choices,
        widget=forms.RadioSelect,
        initial=Placement.COUNTER,
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("— the whole unit —"),
        help_text=_(
            "Required for a service counter; leave as the whole unit for a PR board, walkway or website."
        ),
    )
    label = forms.CharField(
        label=_("Where exactly"),
        max_length=200,
        required=False,
        help_text=_("e.g. ชั้น 1 ช่องบริการที่ 2, บอร์ดประชาสัมพันธ์หน้าอาคาร"),
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(unit=unit, is_active=True)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("placement") == Placement.COUNTER and not cleaned.get("department"):
            self.add_error(
                "department", _("A service counter belongs to a department: choose the department.")
            )
        return cleaned


class RetireForm(forms.Form):
    reason = forms.CharField(
        label=_("Why retire this code"),
        max_length=300,
        help_text=_("e.g. the poster was torn down, or someone posted a copy somewhere else."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/heic,image/heif,.heic,.heif"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        files = [file for file in files if file]
        if not files:
            raise forms.ValidationError(_("Add at least one photo of the posted QR code."))
        if len(files) > photos.MAX_PHOTOS:
            raise forms.ValidationError(
                _("Send at most %(max)d photos with one report (you chose %(count)d).")
                % {"max": photos.MAX_PHOTOS, "count": len(files)}
            )
        return [super(MultiplePhotoField, self).clean(file, initial) for file in files]


class InstallationReportForm(forms.Form):
    location = forms.CharField(
        label=_("Where it is posted"),
        max_length=300,
        help_text=_("e.g. ผนังหน้าช่องบริการที่ 2 ชั้น 1 อาคารสำนักงาน"),
    )
    installed_on = forms.DateField(
        label=_("Installed on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day the QR code was posted."),
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = MultiplePhotoField(label=_("Photos (1–5)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = _(
            "JPEG, PNG or HEIC from a phone, at most %(limit)d MB each. "
            "Show the QR code and its surroundings."
        ) % {"limit": photos.MAX_PHOTO_MB}

    def clean_installed_on(self) -> Any:
        value = self.cleaned_data["installed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The installation date cannot be in the future."))
        return value


class DecisionForm(forms.Form):
    VERIFY, REJECT = "verify", "reject"
    decision = forms.ChoiceField(
        choices=[(VERIFY, _("Verify")), (REJECT, _("Reject"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason (required to reject)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == self.REJECT and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason, so the unit knows what to fix."))
        return cleaned
