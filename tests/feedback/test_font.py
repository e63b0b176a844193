"""Thai letters on a device without a Thai font: the form brings a small Thai subset of Sarabun,
and only such a device downloads it (declared with local() first and a Thai unicode-range).

Each test starts its own Chromium with its own fontconfig, so what fonts "the device" has is
known: only DejaVu Sans (no Thai at all), or DejaVu Sans and Sarabun installed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browsers import CHROMIUM_FLAGS, chromium_path
from tests.feedback.helpers import build_points

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
LATIN = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SUBSETS = {"Sarabun-Thai.woff2", "Sarabun-Thai-Bold.woff2"}
THAI_TEXT = ("h1", ".brand", "button")  # bold, and nothing but Thai letters in Thai

# The widths of one wide and one narrow Thai letter, in the font of the page's heading: the same
# when each is drawn as a box (the missing-glyph shape), different when Thai letters are drawn.
WIDTHS = """() => {
  const width = (text) => {
    const span = document.createElement("span");
    span.textContent = text;
    document.querySelector("h1").appendChild(span);
    const found = span.getBoundingClientRect().width;
    span.remove();
    return found;
  };
  return [width("มมมมมมมมมม"), width("ไไไไไไไไไไ")];
}"""


def _device(folder: Path, *, thai_font: bool) -> dict[str, str]:
    """A fontconfig with DejaVu Sans alone, or with Sarabun installed too."""
    fonts = folder / "fonts"
    fonts.mkdir(parents=True)
    (fonts / LATIN.name).write_bytes(LATIN.read_bytes())
    if thai_font:
        from fontTools.ttLib import TTFont

        for weight in ("Regular", "Bold"):
            installed = TTFont(ROOT / "static" / "fonts" / f"Sarabun-{weight}.woff2")
            installed.flavor = None
            installed.save(fonts / f"Sarabun-{weight}.ttf")
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><dir>{fonts}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>"
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config)}


@pytest.fixture
def open_form(browser, live_server, phrae, personas, tmp_path):
    """Opens the form in a Chromium of its own (the session's Playwright, another fontconfig)."""
    if not LATIN.exists():
        if os.environ.get("CI"):
            pytest.fail("DejaVu Sans is missing on CI: .ci/run should have installed fonts-dejavu-core.")
        pytest.skip("needs DejaVu Sans (apt-get install fonts-dejavu-core)")
    point = build_points(phrae, personas)["counter"]
    url = live_server.url + reverse("feedback_form", args=[point.token])
    launched = []

    def opened(*, thai_font: bool):
        env = _device(tmp_path / ("thai" if thai_font else "latin"), thai_font=thai_font)
        device = browser.browser_type.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, env=env)
        launched.append(device)
        page = device.new_page(viewport={"width": 360, "height": 740})
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(url)
        page.evaluate("document.fonts.ready")
        return page, fetched

    yield opened
    for device in launched:
        device.close()


def drawn_with(page, selector: str) -> set[tuple[str, bool]]:
    """The fonts (PostScript name, whether downloaded) Chromium drew an element's text with."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {(font["postScriptName"], font["isCustomFont"]) for font in fonts}


def test_a_phone_without_a_thai_font_draws_thai_letters_with_the_served_subset(open_form):
    from tests.browsers import screenshot

    page, fetched = open_form(thai_font=False)
    assert {url.rsplit("/", 1)[1] for url in fetched if "/fonts/" in url} == SUBSETS
    wide, narrow = page.evaluate(WIDTHS)
    assert wide > narrow * 1.2, "Thai letters are drawn as boxes"
    for selector in THAI_TEXT:  # the text laid out before the font arrived is drawn with it too
        assert drawn_with(page, selector) == {("Sarabun-Bold", True)}, selector
    assert ("Sarabun-Regular", True) in drawn_with(
        page, "main > p.hint"
    )  # regular, with “quotes” from DejaVu
    screenshot(page, "feedback-form-th-360-no-thai-font")


def test_a_phone_with_a_thai_font_downloads_no_font(open_form):
    page, fetched = open_form(thai_font=True)
    wide, narrow = page.evaluate(WIDTHS)
    assert wide > narrow * 1.2
    assert not [url for url in fetched if "/fonts/" in url], fetched
    assert drawn_with(page, "h1") == {("Sarabun-Bold", False)}  # the device's own bold
