"""QR codes read back from page renderings at 150 dpi, about what a phone camera resolves."""

from __future__ import annotations

import pypdfium2 as pdfium
import qrcode
import zxingcpp
from PIL import Image

from .conftest import QR_URLS, Built
from .pdfread import dark_pixels, qr_codes, resources

DPI = 150
PX_PER_MM = DPI / 25.4


def renders(document: Built) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(document.path)
    return [pdf[index].render(scale=DPI / 72).to_pil().convert("L") for index in range(len(pdf))]


def modules_for(url: str) -> int:
    """Side length in modules of the smallest level-M symbol for the URL (ISO/IEC 18004, via python-qrcode)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    modules: int = code.modules_count
    return modules


def test_every_qr_code_decodes_to_its_exact_url(document: Built) -> None:
    decoded = []
    for image in renders(document):
        for barcode in qr_codes(image):
            decoded.append(barcode)
            assert barcode.ec_level in ("M", "Q", "H"), barcode.ec_level
            left, right = barcode.position.top_left.x, barcode.position.top_right.x
            symbol_mm = (right - left) / PX_PER_MM
            assert symbol_mm >= 20, f"{barcode.text}: {symbol_mm:.1f} mm"
            assert symbol_mm / modules_for(barcode.text) >= 0.5
            assert quiet_zone_is_white(image, barcode, symbol_mm / modules_for(barcode.text))
    assert sorted(barcode.text for barcode in decoded) == sorted(QR_URLS)


def quiet_zone_is_white(image: Image.Image, barcode: zxingcpp.Barcode, module_mm: float) -> bool:
    """The band of 4 modules around the symbol holds no dark pixel."""
    position = barcode.position
    left, top = position.top_left.x, position.top_left.y
    right, bottom = position.bottom_right.x, position.bottom_right.y
    band = 4 * module_mm * PX_PER_MM
    outer = image.crop(
        (round(left - band + 2), round(top - band + 2), round(right + band - 2), round(bottom + band - 2))
    )
    inner_box = (round(band - 4), round(band - 4), round(band + right - left + 2), round(band + bottom - top + 2))
    for x, y in dark_pixels(outer, 128):
        inside = inner_box[0] <= x <= inner_box[2] and inner_box[1] <= y <= inner_box[3]
        if not inside:
            return False
    return True


def test_codes_are_vector_not_images(document: Built) -> None:
    for page in document.reader.pages:
        for xobject in resources(page, "/XObject"):
            assert xobject.get("/Subtype") != "/Image"
