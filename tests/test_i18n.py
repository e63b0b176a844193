"""Thai is complete: every message has Thai, and the compiled catalogue is the current one."""

from __future__ import annotations

import gettext
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


def test_the_thai_tables_agree_with_the_catalogue():
    """Each app keeps its Thai in locale/th_<app>.py; two tables giving one message different
    Thai would make the winner depend on file order, so that is refused, and the catalogue
    says what the tables say."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("th_translations", LOCALE.parents[1] / "th_translations.py")
    assert spec and spec.loader
    tables = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tables)
    everything = tables._all_thai()
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    differ = [
        entry.msgid
        for entry in catalogue.translated_entries()
        if not entry.msgid_plural and everything.get(entry.msgid) != entry.msgstr
    ]
    assert differ == [], "run `make messages`: the catalogue is older than locale/th_*.py"
