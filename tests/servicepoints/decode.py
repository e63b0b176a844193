"""Reading QR codes back the way a phone would: render the PDF page to pixels, decode with zxing-cpp."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image


def qr_texts(image: Image.Image) -> list[str]:
    return [
        result.text
        for result in zxingcpp.read_barcodes(image)
        if result.format == zxingcpp.BarcodeFormat.QRCode
    ]


def pdf_pages(pdf: bytes, *, dpi: int = 150) -> list[Image.Image]:
    """Each page as an image, rendered by poppler's pdftoppm (as a print shop's RIP would)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip(
            "pdftoppm is missing (apt-get install poppler-utils); cannot render the posters to check them"
        )
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [pdftoppm, "-r", str(dpi), "-png", str(source), str(Path(folder) / "page")], check=True
        )
        return [
            Image.open(io.BytesIO(path.read_bytes())).convert("RGB")
            for path in sorted(Path(folder).glob("page*.png"))
        ]


def pdf_qr_texts(pdf: bytes) -> list[list[str]]:
    return [qr_texts(page) for page in pdf_pages(pdf)]
