"""Casework pages for tests/test_pages.py: PACC only."""

from __future__ import annotations

from django.urls import reverse

NOT_PAGES = {
    "casework_take": "POST, then redirect",
    "casework_assign": "POST, then redirect (or the case page with the error)",
    "casework_start_review": "POST, then redirect",
    "casework_refer": "POST, then redirect (or the case page with the error)",
    "casework_close": "POST, then redirect (or the case page with the error)",
    "casework_note": "POST, then redirect (or the case page with the error)",
    "casework_reveal": "POST; the case page with the contact, checked in tests/casework",
}
PAGE_NAMES = {"casework_queue", "casework_case", "pacc_lexicon", "pacc_lexicon_term"}


def urls(phrae, personas) -> dict[str, tuple[str, str | None]]:
    from siang.casework.models import CommentTerm
    from siang.casework.services import case_for_signal
    from siang.feedback.contact import seal_contact
    from tests.casework.helpers import default_lexicon, make_signal

    sealed = seal_contact({"name": "นายสมชาย รักดี", "phone": "0812345678"})

    case = case_for_signal(
        make_signal(phrae["units"]["a"], personas["admin_a"], has_contact=True, contact_sealed=sealed)
    )
    default_lexicon()
    term = CommentTerm.objects.order_by("pk").first()
    assert term is not None
    return {
        "casework_queue": (reverse("casework_queue"), "pacc"),
        "casework_case": (reverse("casework_case", args=[case.pk]), "pacc"),
        "pacc_lexicon": (reverse("pacc_lexicon"), "pacc"),
        "pacc_lexicon_term": (reverse("pacc_lexicon_term", args=[term.pk]), "pacc"),
    }
