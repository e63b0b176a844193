"""What PACC should look at twice when reviewing an Admin application."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from siang.accounts.models import AdminApplication, Membership, MembershipStatus, Role

_TITLES = re.compile(
    r"^(นางสาว|นาง|นาย|น\.ส\.|ว่าที่\s*ร้อย\s*(ตรี|โท|เอก)|ว่าที่\s*ร\.ต\.|ดร\.|mr\.?|mrs\.?|ms\.?|miss|dr\.?)\s*",
    re.IGNORECASE,
)


def comparable_person_name(name: str) -> str:
    """'นาย สมชาย  ใจดี' and 'สมชาย ใจดี' compare equal: no title, spacing or zero-width marks."""
    text = unicodedata.normalize("NFC", name).replace("\u200b", "").strip()
    text = _TITLES.sub("", text)
    return re.sub(r"\s+", "", text).casefold()


def application_flags(application: AdminApplication, *, approved_admins: int) -> list[str]:
    flags = []
    applicant = application.membership.user
    listed = {comparable_person_name(name) for name in application.listed_names}
    if comparable_person_name(applicant.name_th) not in listed:
        flags.append(
            _("The applicant's ThaiD name “%(name)s” is not among the names listed from the order.")
            % {"name": applicant.name_th}
        )
    if approved_admins >= 2:
        flags.append(_("This unit already has 2 approved Admins."))
    return flags


def approved_admin_counts(unit_ids: set[int]) -> dict[int, int]:
    counts: dict[int, int] = dict.fromkeys(unit_ids, 0)
    for unit_id in Membership.objects.filter(
        unit_id__in=unit_ids, role=Role.UNIT_ADMIN, status=MembershipStatus.APPROVED
    ).values_list("unit_id", flat=True):
        counts[unit_id] += 1
    return counts
