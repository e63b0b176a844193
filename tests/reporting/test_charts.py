"""The server-drawn charts: the numbers drawn are the numbers in the table behind them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from siang.reporting.charts import bar_chart, chart_csv_response, funnel_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def parse(chart):
    return ET.fromstring(str(chart.svg))  # noqa: S314


def test_bar_chart_draws_each_value_and_tables_it():
    chart = bar_chart([("เมืองแพร่", 12), ("ลอง", 7), ("ร้องกวาง", 0)], title="หน่วยบริการที่ยังไม่มี Admin")
    root = parse(chart)
    rows = root.findall(f"{SVG}g")
    assert [(g.get("data-label"), g.get("data-value")) for g in rows] == [
        ("เมืองแพร่", "12"),
        ("ลอง", "7"),
        ("ร้องกวาง", "0"),
    ]
    widths = [float(g.find(f"{SVG}rect[@class='chart-bar']").get("width")) for g in rows]
    assert widths[0] > widths[1] > widths[2] == 0
    assert widths[1] == pytest.approx(widths[0] * 7 / 12, abs=0.2)
    shown = [g.find(f"{SVG}text[@class='chart-value']").text for g in rows]
    assert shown == ["12", "7", "0"]
    assert chart.rows == (("เมืองแพร่", "12"), ("ลอง", "7"), ("ร้องกวาง", "0"))


def test_chart_is_an_image_named_by_its_title_and_scales_to_a_phone():
    chart = bar_chart([("ก", 1)], title="ชื่อกราฟ", description="คำอธิบาย")
    root = parse(chart)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "ชื่อกราฟ"
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert root.get("width") == "100%"
    assert root.get("viewBox").startswith("0 0 340 ")
    assert "style=" not in str(chart.svg)
    assert "<script" not in str(chart.svg)


def test_labels_and_titles_are_escaped():
    chart = bar_chart([("<b>&", 1)], title="<script>alert(1)</script>")
    assert "<script>" not in str(chart.svg)
    assert "&lt;b&gt;&amp;" in str(chart.svg)
    assert "<b>" not in str(chart.svg)


def test_long_thai_label_is_shortened_in_the_drawing_but_whole_in_the_table():
    name = "องค์การบริหารส่วนตำบลบ้านกลางเมืองเก่าที่มีชื่อยาวมากจนไม่พอดีกับหน้าจอโทรศัพท์"
    chart = bar_chart([(name, 3)], title="t")
    drawn = parse(chart).find(f"{SVG}g/{SVG}text[@class='chart-label']").text
    assert drawn.endswith("…") and len(drawn) < len(name)
    assert chart.rows[0][0] == name


def test_funnel_shares_are_of_the_first_step():
    chart = funnel_chart([("ทั้งหมด", 80), ("มี Admin", 40), ("มีแผนก", 20)], title="ขั้นตอน")
    assert chart.rows == (("ทั้งหมด", "80", "100%"), ("มี Admin", "40", "50%"), ("มีแผนก", "20", "25%"))
    widths = [float(r.get("width")) for r in parse(chart).iter(f"{SVG}rect")]
    assert widths == [256.0, 128.0, 64.0]
    values = [g.get("data-value") for g in parse(chart).findall(f"{SVG}g")]
    assert values == ["80", "40", "20"]


def test_line_chart_points_follow_the_values_and_gaps_stay_gaps():
    chart = line_chart(
        [("ความพึงพอใจ", [80, None, 90, 70]), ("จำนวน", [10, 20, 30, 40])],
        ["ต.ค. 68", "พ.ย. 68", "ธ.ค. 68", "ม.ค. 69"],
        title="แนวโน้ม",
    )
    root = parse(chart)
    first = [c for c in root.iter(f"{SVG}circle") if "chart-series-0" in c.get("class")]
    assert [c.get("data-value") for c in first] == ["80", "90", "70"]
    ys = [float(c.get("cy")) for c in first]
    assert ys[1] < ys[0] < ys[2]  # higher values are drawn higher
    lines = [p for p in root.iter(f"{SVG}polyline") if "chart-series-0" in p.get("class")]
    assert len(lines) == 2  # the missing month breaks the line
    assert chart.header == ("Period", "ความพึงพอใจ", "จำนวน")
    assert chart.rows[1] == ("พ.ย. 68", "–", "20")


def test_line_chart_prints_at_most_six_month_labels_and_the_last():
    months = [f"m{i}" for i in range(24)]
    chart = line_chart([("a", list(range(24)))], months, title="t")
    axis = [
        t.text
        for t in parse(chart).iter(f"{SVG}text")
        if t.get("class") == "chart-axis" and t.text.startswith("m")
    ]
    assert len(axis) <= 7 and axis[0] == "m0" and axis[-1] == "m23"


def test_line_chart_refuses_mismatched_series():
    with pytest.raises(ValueError, match="2 values for 1 labels"):
        line_chart([("a", [1, 2])], ["x"], title="t")


def test_empty_charts_say_so():
    assert "No data yet" in str(bar_chart([], title="t").svg)
    assert "No data yet" in str(funnel_chart([], title="t").svg)
    assert "No data yet" in str(line_chart([("a", [None])], ["x"], title="t").svg)


def test_include_renders_figure_caption_svg_and_table():
    chart = bar_chart([("แพร่", 47)], title="ไม่มี Admin", label_header="จังหวัด", value_header="หน่วย")
    html = render_to_string("reporting/charts/chart.html", {"chart": chart.with_csv_url("/x.csv")})
    assert "<figure" in html and "<figcaption" in html and "ไม่มี Admin" in html
    assert '<th scope="col">จังหวัด</th>' in html and '<th scope="row">แพร่</th><td>47</td>' in html
    assert 'href="/x.csv"' in html
    assert "style=" not in html
    assert re.search(r"<details class=\"chart-data\">\s*<summary>", html)


def test_csv_download_has_the_table():
    chart = bar_chart([("แพร่", 1234)], title="t", label_header="จังหวัด", value_header="หน่วย")
    response = chart_csv_response(chart, "x.csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert body.splitlines() == ["\ufeffจังหวัด,หน่วย", 'แพร่,"1,234"']
