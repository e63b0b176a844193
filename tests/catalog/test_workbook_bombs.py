"""The workbook bombs probe: every bad workbook posted to the real import page gets the message."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from siang.catalog import excel, excel_views
from siang.catalog.models import ServiceProcess
from tests.catalog.bombs import BAD_WORKBOOKS

UNREADABLE = {"en": "This file is not a workbook we can read", "th": "ระบบอ่านไฟล์นี้เป็นสมุดงาน Excel ไม่ได้"}
NOTHING_IMPORTED = {"en": "Nothing was imported", "th": "ยังไม่ได้นำเข้า"}


def test_every_bad_workbook_gets_the_message_and_the_page_keeps_its_state(client, departments, personas):
    unit = departments["a1"].unit
    client.force_login(personas["user_a"])
    template = excel.blank_workbook(unit)
    url = reverse("catalog_import", args=[unit.pk])
    refused = 0
    for name, build in BAD_WORKBOOKS.items():
        data = build(template)
        for language in ("th", "en"):
            client.cookies["siang_lang"] = language
            upload = SimpleUploadedFile("catalogue.xlsx", data, content_type=excel_views.XLSX)
            started = time.perf_counter()
            response = client.post(url, {"workbook": upload})
            took = time.perf_counter() - started
            page = response.content.decode()
            assert response.status_code == 200, name
            assert UNREADABLE[language] in page, (name, language)
            assert NOTHING_IMPORTED[language] in page, (name, language)
            assert 'enctype="multipart/form-data"' in page, name  # the form is there to try again
            refused += 1
        print(f"{name}: {len(data):,} bytes, refused with the message in {took:.2f} s")  # noqa: T201
    assert not ServiceProcess.objects.exists()
    summary = f"{len(BAD_WORKBOOKS)} bad workbooks, {refused} posts (Thai and English), all refused with the message"
    print(summary)  # noqa: T201


def _read_with_openpyxl_alone(data: bytes) -> None:
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    list(book[excel.PROCESS_SHEET].iter_rows(values_only=True))


def test_openpyxl_parses_with_defusedxml_so_entity_expansion_is_refused(departments):
    """The second wall: even a workbook that got past the import's own checks is parsed by openpyxl
    with defusedxml, which refuses entity declarations instead of expanding them."""
    import openpyxl
    from defusedxml import DefusedXmlException

    from tests.catalog.bombs import billion_laughs, external_entity

    assert openpyxl.DEFUSEDXML, "openpyxl did not find defusedxml"
    template = excel.blank_workbook(departments["a1"].unit)
    for bomb in (billion_laughs(template), external_entity(template)):
        with pytest.raises(ValueError, match="Unable to read workbook") as raised:  # openpyxl wraps it
            _read_with_openpyxl_alone(bomb)
        causes = [raised.value, raised.value.__cause__, raised.value.__context__]
        assert any(isinstance(cause, DefusedXmlException) for cause in causes)


def test_a_sheet_over_the_limits_is_named_in_the_message(departments, personas):
    from tests.catalog.bombs import million_rows

    unit = departments["a1"].unit
    result = excel.import_workbook(
        data=million_rows(excel.blank_workbook(unit)), unit=unit, actor=personas["user_a"]
    )
    [problem] = result.problems
    assert "at most 20,000 rows and 50 columns" in problem.message
    assert result.created == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "language"), [(360, "th"), (360, "en"), (1280, "th"), (1280, "en")])
def test_a_bomb_uploaded_in_a_browser_shows_the_message_on_the_page(
    live_server, phrae, personas, browser, tmp_path, width, language
):
    from siang.catalog import services
    from tests.browsers import screenshot
    from tests.catalog.bombs import billion_laughs
    from tests.catalog.test_browser import fits_the_screen, signed_in

    unit = phrae["units"]["a"]
    services.department_create(unit=unit, actor=personas["admin_a"], sequence=1, name_th="สำนักปลัดเทศบาล")
    bomb = tmp_path / "catalogue.xlsx"
    bomb.write_bytes(billion_laughs(excel.blank_workbook(unit)))
    context, page = signed_in(browser, live_server.url, personas["user_a"], width=width)
    context.add_cookies([{"name": "siang_lang", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}{reverse('catalog_import', args=[unit.pk])}")
    page.set_input_files("input[type=file]", str(bomb))
    page.get_by_role("button", name={"th": "นำเข้า", "en": "Import"}[language]).click()
    alert = page.get_by_role("alert")
    assert UNREADABLE[language] in alert.inner_text()
    assert page.locator("input[type=file]").is_visible()  # ready for the corrected file
    assert fits_the_screen(page)
    screenshot(page, f"catalog-import-bomb-{width}-{language}")
    context.close()
