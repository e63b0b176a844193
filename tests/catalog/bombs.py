"""Bad workbooks, built in memory: the files an attacker or a damaged disk sends to the Excel import.

Each builder takes a good workbook (the unit's template) and returns the bytes of a bad one. The
33-million-row sheet is deflated once per block of rows and the block repeated (a full flush makes
each block's compressed bytes the same), with the CRC combined arithmetically: the file is a valid
zip of under a megabyte that would inflate to about 900 MB, and building it takes milliseconds.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable

PROCESS_SHEET_MEMBER = "xl/worksheets/sheet2.xml"  # the template's second sheet, "กระบวนงาน"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
DIMENSION = b'<dimension ref="A1:P200"/>'  # as Excel writes it; the row bomb leaves it out
SHEET_TAIL = b"</sheetData></worksheet>"
BOMB_ROWS = 33_000_000


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _with_sheet(template: bytes, sheet: bytes) -> bytes:
    return rezip(members(template) | {PROCESS_SHEET_MEMBER: sheet})


def malformed_xml(template: bytes) -> bytes:
    """Good rows, then a row that never ends: the parser meets the fault while the rows are read."""
    good = b'<row r="%d"><c r="A%d"><v>1</v></c></row>'
    rows = b"".join(good % (n, n) for n in range(2, 200))
    broken = b'<row r="200"><c r="A200"><v>1</v></c></sheetData>'
    return _with_sheet(template, SHEET_HEAD + DIMENSION + b"<sheetData>" + rows + broken)


def external_entity(template: bytes) -> bytes:
    """XXE: the sheet asks the parser to read a file of the server into a cell."""
    doctype = b'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    head = SHEET_HEAD.replace(b"<worksheet", doctype + b"<worksheet", 1)
    row = b'<row r="2"><c r="D2" t="inlineStr"><is><t>&secret;</t></is></c></row>'
    return _with_sheet(template, head + DIMENSION + b"<sheetData>" + row + SHEET_TAIL)


def billion_laughs(template: bytes) -> bytes:
    """Entity expansion: ten entities of ten each, about a billion "lol" from a kilobyte."""
    entities = [b'<!ENTITY lol0 "lol">']
    entities += [
        b'<!ENTITY lol%d "%s">' % (level, b"".join(b"&lol%d;" % (level - 1) for _ in range(10)))
        for level in range(1, 10)
    ]
    doctype = b"<!DOCTYPE worksheet [" + b"".join(entities) + b"]>"
    head = SHEET_HEAD.replace(b"<worksheet", doctype + b"<worksheet", 1)
    row = b'<row r="2"><c r="D2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return _with_sheet(template, head + DIMENSION + b"<sheetData>" + row + SHEET_TAIL)


def many_rows(template: bytes, rows: int = BOMB_ROWS, declared_size: int | None = None) -> bytes:
    """A sheet of `rows` rows and no <dimension>, deflated block by block without ever being built;
    `declared_size` is the uncompressed size the zip's directory claims (the true one if not given)."""
    block_rows = 1000
    block = b"<row><c><v>1</v></c></row>" * block_rows
    repeats, rest = divmod(rows, block_rows)
    assert rest == 0
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = SHEET_HEAD + b"<sheetData>"
    compressed = deflater.compress(head) + deflater.flush(zlib.Z_FULL_FLUSH)
    first = deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH)
    again = deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH)
    assert first == again, "a full flush must make each block deflate the same"
    compressed += first * repeats + deflater.compress(SHEET_TAIL) + deflater.flush()
    crc = zlib.crc32(head)
    crc = _crc_combine(crc, _crc_repeated(block, repeats), len(block) * repeats)
    crc = _crc_combine(crc, zlib.crc32(SHEET_TAIL), len(SHEET_TAIL))
    size = len(head) + len(block) * repeats + len(SHEET_TAIL)
    files = members(template)
    files.pop(PROCESS_SHEET_MEMBER)
    raw = [
        (name, zlib.compress(content, 9)[2:-4], zlib.crc32(content), len(content))
        for name, content in files.items()
    ]
    raw.append((PROCESS_SHEET_MEMBER, compressed, crc, declared_size or size))
    return _zip_of_deflated(raw)


def million_rows(template: bytes) -> bytes:
    """A million rows (26 MB inflated): within the size limit, so only counting the rows stops it."""
    return many_rows(template, rows=1_000_000)


def rows_under_a_false_size(template: bytes) -> bytes:
    """33 million rows whose zip directory claims 10 MB: a bomb that hides its size."""
    return many_rows(template, declared_size=10 * 1024 * 1024)


def huge_declared_size(template: bytes) -> bytes:
    """A zip whose directory says a member inflates to 4 GB (a zip bomb announces itself so)."""
    data = bytearray(template)
    entry = data.find(b"PK\x01\x02")  # each central directory entry
    while entry != -1:
        struct.pack_into("<L", data, entry + 24, 4_000_000_000)  # uncompressed size
        entry = data.find(b"PK\x01\x02", entry + 4)
    return bytes(data)


def too_many_members(template: bytes, count: int = 5000) -> bytes:
    files = members(template)
    files |= {f"xl/media/empty{n}.xml": b"" for n in range(count)}
    return rezip(files)


def not_a_zip(_template: bytes) -> bytes:
    return b"%PDF-1.7\n% a PDF renamed to .xlsx\n" + b"0" * 2000


def truncated(template: bytes) -> bytes:
    return template[: len(template) // 2]


BAD_WORKBOOKS: dict[str, Callable[[bytes], bytes]] = {
    "malformed sheet XML": malformed_xml,
    "external entity (XXE) DOCTYPE": external_entity,
    "entity expansion (billion laughs) DOCTYPE": billion_laughs,
    "33 million rows, no <dimension>": many_rows,
    "a million rows, within the size limit": million_rows,
    "33 million rows, declared as 10 MB": rows_under_a_false_size,
    "declared uncompressed size of 4 GB": huge_declared_size,
    "5,000 members": too_many_members,
    "not a zip, named .xlsx": not_a_zip,
    "cut in half": truncated,
}


# --- a zip writer for members already deflated --------------------------------------------------


def _zip_of_deflated(files: list[tuple[str, bytes, int, int]]) -> bytes:
    out = io.BytesIO()
    directory = io.BytesIO()
    for name, compressed, crc, size in files:
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(compressed), size, len(encoded), 0
            )
        )
        out.write(encoded + compressed)
        directory.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(compressed),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    out.write(directory.getvalue())
    out.write(
        struct.pack(
            "<4s4H2LH", b"PK\x05\x06", 0, 0, len(files), len(files), len(directory.getvalue()), start, 0
        )
    )
    return out.getvalue()


# --- CRC-32 of data too large to run through zlib.crc32 (zlib's crc32_combine) --------------------


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def _crc_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A+B from the CRC-32 of A, of B and B's length."""
    if length2 == 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if length2 & 1:
            crc1 = _gf2_times(even, crc1)
        length2 >>= 1
        if not length2:
            break
        odd = _gf2_square(even)
        if length2 & 1:
            crc1 = _gf2_times(odd, crc1)
        length2 >>= 1
        if not length2:
            break
    return crc1 ^ crc2


def _crc_repeated(block: bytes, times: int) -> int:
    """The CRC-32 of `block` written `times` times, by doubling."""
    result, result_length = 0, 0
    power, power_length = zlib.crc32(block), len(block)
    while times:
        if times & 1:
            result = _crc_combine(result, power, power_length)
            result_length += power_length
        power = _crc_combine(power, power, power_length)
        power_length *= 2
        times >>= 1
    return result
