"""Thai for the compliance lists, official lists and charts (see th_translations.py)."""

THAI: dict[str, str] = {
    # reporting: charts
    "Item": "รายการ",
    "Value": "ค่า",
    "Period": "ช่วงเวลา",
    "Stage": "ขั้นตอน",
    "Number of units": "จำนวนหน่วยบริการ",
    "Share of the first step": "สัดส่วนเทียบกับขั้นแรก",
    "No data yet": "ยังไม่มีข้อมูล",
    "Show the table": "ดูตาราง",
    "Download the table (CSV)": "ดาวน์โหลดตาราง (CSV)",
}
