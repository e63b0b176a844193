"""Thai is complete: every message has Thai, and the compiled catalogue is the current one."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "th" / "LC_MESSAGES"


def test_every_message_has_thai():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


def test_compiled_catalogue_matches_the_source():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    with open(LOCALE / "django.mo", "rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    stale = []
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            got = translations.ngettext(entry.msgid, entry.msgid_plural, 1)
            expected = entry.msgstr_plural[0]
        else:
            got, expected = translations.gettext(entry.msgid), entry.msgstr
        if got != expected:
            stale.append(entry.msgid)
    assert stale == [], "run `make messages`: django.mo is older than django.po"


def _thai(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr, *entry.msgstr_plural.values()]


DEPARTMENT = "สำนัก/กอง/ฝ่าย"  # the seed's term, GLOSSARY.md
NOT_THE_DEPARTMENT_TERM = ("ส่วนราชการ", "ส่วนงาน")
# The citizen manual's own column, "ขั้นตอน ระยะเวลา และส่วนงานที่รับผิดชอบ", is a different thing.
RESPONSIBLE_SECTION = "ส่วนงานที่รับผิดชอบ"


def test_one_thai_term_for_a_department():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    wrong = []
    for entry in catalogue.translated_entries():
        for thai in _thai(entry):
            if "responsible section" in entry.msgid.lower():
                thai = thai.replace(RESPONSIBLE_SECTION, "")
            if any(term in thai for term in NOT_THE_DEPARTMENT_TERM):
                wrong.append(f"{entry.msgid[:60]!r}: {thai[:60]}")
    assert wrong == [], f"the department is “{DEPARTMENT}”"
    department = next(e for e in catalogue if e.msgid == "Department" and not e.msgctxt)
    assert department.msgstr == DEPARTMENT


# "คุณ" as a pronoun; not in คุณภาพ (quality), คุณสมบัติ (qualifications), ขอบคุณ (thanks) and the like.
PRONOUN_KHUN = re.compile(r"(?<!ขอบ)คุณ(?!ภาพ|สมบัติ|ค่า|ธรรม|ประโยชน์|ลักษณะ|วุฒิ)")


def test_the_site_addresses_people_as_than_never_khun():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    khun = [entry.msgid for entry in catalogue for thai in _thai(entry) if PRONOUN_KHUN.search(thai)]
    assert khun == [], "use ท่าน"
    assert PRONOUN_KHUN.search("ระบบจะบันทึกชื่อของคุณ") and not PRONOUN_KHUN.search("ขอบคุณ คุณภาพ")
