"""A web page saved as one MIME file (.mht/.mhtml): a browser's "single file" save, Word's
"single file web page". Its page is a text/html part, usually quoted-printable (every "="
written "=3D", long lines broken by "=" at their end, UTF-8 bytes as "=E5=B9=B3"): read as
text it has no legible character. The part is decoded and read as the HTML page it is; the
other parts (pictures, style sheets, frames) hold no text of the report."""
from __future__ import annotations

import dataclasses
import email
import email.policy

from ..model import Document, LoadError, Source
from .encoding import decode


def page(data: bytes) -> tuple[str, str]:
    """(text, encoding) of the first text/html part (else the first text part)."""
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    parts = [p for p in msg.walk() if not p.is_multipart() and p.get_content_maintype() == "text"]
    html = [p for p in parts if p.get_content_subtype() == "html"] or parts
    if not html:
        raise LoadError("MIME web page (.mht/.mhtml) without a text part")
    body = html[0].get_payload(decode=True) or b""
    declared = html[0].get_content_charset()
    if declared:
        # the part's declared charset first (a GB2312 page is read as its superset GB18030)
        enc = {"gb2312": "gb18030", "gbk": "gb18030"}.get(declared.lower(), declared)
        try:
            return body.decode(enc).replace("\r\n", "\n").replace("\r", "\n"), enc
        except (UnicodeDecodeError, LookupError):
            pass
    return decode(body, html=True)


def parse(data: bytes, source: Source) -> Document:
    from . import html

    txt, enc = page(data)
    if not txt.strip():
        raise LoadError("MIME web page (.mht/.mhtml) with an empty page")
    return html.parse(txt, dataclasses.replace(source, encoding=enc))
