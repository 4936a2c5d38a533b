"""What printing and scanning do to a page, for the test documents (training.documents)
and the scanned dev set (training.scan) alike.

    fit_page(html)          the page laid out to the paper width (fixed pixel widths dropped)
    degrade(img, rng)       a rendered page as a cheap office scanner gives it (OpenCV)
    scan_pdf(pdf, rng)      an image-only PDF of a PDF's pages, degraded like a scan

Needs pymupdf, numpy and opencv-python (the ocr extra brings the last two) to scan.
"""
from __future__ import annotations

import random
import re


def _pymupdf():
    try:
        import pymupdf
    except ImportError:  # older PyMuPDF
        import fitz as pymupdf  # type: ignore
    return pymupdf


# =========================================================================================
# HTML laid out for paper
# =========================================================================================

_FIXED_WIDTH = re.compile(r"""\s(?:width\s*=\s*["']?\d+(?:px)?["']?|style\s*=\s*["']\s*width\s*:\s*\d+px;?\s*["'])""", re.I)


def fit_page(html: str) -> str:
    """Drop fixed pixel widths (Word-exported tables are ~1000 px wide and would run off an
    A4 page, which no real report does): tables get laid out to the page width."""
    return _FIXED_WIDTH.sub("", html)


# =========================================================================================
# scanning
# =========================================================================================

def degrade(img, rng: random.Random):
    """A rendered page (grayscale uint8 ndarray) as a cheap office scanner would give it."""
    import cv2
    import numpy as np

    nrng = np.random.default_rng(rng.randrange(2 ** 32))
    h, w = img.shape
    # grey paper, non-black ink
    paper = rng.uniform(225, 250)
    ink = rng.uniform(0, 60)
    f = img.astype(np.float32) / 255.0
    f = ink + (paper - ink) * f
    # uneven illumination: a gentle gradient
    gy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    gx = np.linspace(0, 1, w, dtype=np.float32)[None, :]
    f += rng.uniform(-12, 12) * gy + rng.uniform(-12, 12) * gx
    # rotation, 0.3-1.5 degrees either way, white-ish fill
    angle = rng.uniform(0.3, 1.5) * rng.choice((-1, 1))
    m = cv2.getRotationMatrix2D((w / 2 + rng.uniform(-20, 20), h / 2 + rng.uniform(-20, 20)), angle, 1.0)
    m[:, 2] += (rng.uniform(-8, 8), rng.uniform(-8, 8))  # the sheet is not centred either
    f = cv2.warpAffine(f, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=paper)
    # blur, noise, specks
    if rng.random() < 0.7:
        f = cv2.GaussianBlur(f, (0, 0), rng.uniform(0.4, 1.0))
    f += nrng.normal(0, rng.uniform(2, 12), f.shape).astype(np.float32)
    n_specks = rng.randrange(0, 300)
    if n_specks:
        ys = nrng.integers(0, h, n_specks)
        xs = nrng.integers(0, w, n_specks)
        f[ys, xs] = ink
    f = np.clip(f, 0, 255).astype(np.uint8)
    return f, angle


def scan_pdf(pdf: bytes, rng: random.Random, clean: bool = False) -> tuple[bytes, list[dict]]:
    """An image-only PDF of the given PDF's pages, degraded like a scan; page notes."""
    import cv2
    import numpy as np

    pm = _pymupdf()
    src = pm.open(stream=pdf, filetype="pdf")
    out = pm.open()
    notes = []
    for page in src:
        dpi = 200 if clean else rng.choice((150, 150, 180, 200, 200))
        pix = page.get_pixmap(dpi=dpi, colorspace=pm.csGRAY, alpha=False)
        img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w).copy()
        if clean:
            data = cv2.imencode(".png", img)[1].tobytes()
            angle, q = 0.0, None
        else:
            img, angle = degrade(img, rng)
            q = rng.randrange(35, 86)
            data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, q])[1].tobytes()
        r = page.rect
        np_ = out.new_page(width=r.width, height=r.height)
        np_.insert_image(np_.rect, stream=data)
        notes.append({"dpi": dpi, "angle": round(angle, 3), "jpeg": q})
    return out.tobytes(deflate=True, garbage=3), notes
