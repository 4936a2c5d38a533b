"""Page images (PNG, JPEG, TIFF incl. multi-page) -> blocks, through the OCR path.

A report that reaches us as a photo or a scan of its pages is read as a scanned PDF is
(pdf.py's scan path): each page is OCR'd (ocr.read_page: deskew, ruled tables from the
picture, reading confidence on every block), page numbers and what a browser prints in
the margins are dropped, and the pages are assembled into one Document. Needs the OCR
extra; without it the file is refused with what to install.
"""
from __future__ import annotations

from ..model import Document, LoadError, Source

INSTALL_HINT = "page images are read by OCR: install the OCR extra: pip install 'xxgk[ocr]'"


def pages(data: bytes) -> list:
    """The page images of the file (every page of a multi-page TIFF), as arrays."""
    from . import ocr

    np, cv2 = ocr._np(), ocr._cv2()
    buf = np.frombuffer(data, np.uint8)
    ok, imgs = cv2.imdecodemulti(buf, cv2.IMREAD_UNCHANGED)
    if not ok or not imgs:
        img = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)
        if img is None:
            from .signatures import image_kind

            kind = (image_kind(data) or "image").upper()
            raise LoadError(f"cannot decode the {kind} image (damaged or truncated)")
        imgs = [img]
    return list(imgs)


def parse(data: bytes, source: Source) -> Document:
    from . import ocr
    from .pdf import read_scanned_pages

    if not ocr.available():
        raise LoadError(INSTALL_HINT)
    images = pages(data)
    return read_scanned_pages(((lambda img=img: ocr._decode(img)) for img in images), len(images), source)
