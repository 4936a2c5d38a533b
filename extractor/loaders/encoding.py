"""Bytes -> str for report files of unknown encoding.

Chinese government pages come as UTF-8 or GBK/GB2312 (sometimes UTF-16 from Word's
"Unicode text" export). Order: BOM, strict UTF-8, the HTML <meta charset>, GB18030,
then charset-normalizer. Strict UTF-8 goes before the meta charset because pages are
often re-saved as UTF-8 by collectors while keeping the original `charset=gb2312`, and
non-trivial GBK text is practically never valid UTF-8 (the reverse is not true:
GB18030 happily decodes UTF-8 bytes into mojibake).

A report with a few undecodable bytes (a stray `\xff`, a multi-byte character cut by a
truncated download) is still read: when no candidate decodes strictly, the first one that
decodes with at most `allowed_bad(len(data))` bad sequences is used, each replaced by
U+FFFD (the loader registry warns and lowers the confidence of the blocks they touch).
More than that is not a report in that encoding: a LoadError, as before - unless the text is
UTF-8 cut at byte positions (cut_utf8: a tool counting cell widths in bytes ends cells inside
characters, every other character whole).
"""
from __future__ import annotations

import codecs
import re

from .. import limits
from ..model import LoadError

_BOMS = (  # UTF-32 first: its LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""",
    re.I,
)
# GB2312/GBK labels are routinely used for text with characters beyond them.
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
            "euc-cn": "gb18030", "cp936": "gb18030", "windows-936": "gb18030"}
# single-byte codecs decode anything, so a (mis)label saying so proves nothing
_ANYTHING_GOES = {"latin_1", "iso8859_1", "cp1252", "iso8859_15", "cp437"}


_LONE_CR = re.compile(r"\r(?!\n)")
_IN_LINE_CR = re.compile(r"\r(?!\n|\r*\n|\r*$)")


def normalize_newlines(text: str) -> str:
    """The text's line ends as \n. In a text whose lines end in LF (or CRLF), with fewer lone
    CRs than LFs, a lone CR inside a comma-separated record (a line of two commas or more) is
    a line break in a cell its writer left unquoted - a PDF table reader's cell "10\r1" (a
    number wrapped in its narrow cell) written by pandas' to_csv, which quotes only fields
    holding "\n" - and is read as a space, as a quoted line break in a cell is; every other
    CR is a line end."""
    text = text.replace("\r\n", "\n")
    if "\r" in text and "\n" in text and len(_LONE_CR.findall(text)) < text.count("\n"):
        text = "\n".join(_IN_LINE_CR.sub(" ", ln) if "\r" in ln and ln.count(",") >= 2 else ln
                         for ln in text.split("\n"))
    return text.replace("\r", "\n")


def meta_charset(data: bytes) -> str | None:
    """The codec named by an HTML <meta charset> / XML declaration, if Python knows it."""
    m = _META.search(data[:8192])
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM shows as NULs bunched on one byte parity (ASCII-heavy text)."""
    sample = data[:4096]
    nuls = sample.count(0)
    if len(sample) < 4 or nuls < len(sample) // 8:
        return None
    odd = sample[1::2].count(0)
    if odd > 0.9 * nuls:
        return "utf-16-le"
    if nuls - odd > 0.9 * nuls:
        return "utf-16-be"
    return None


def decode(data: bytes, html: bool = False) -> tuple[str, str]:
    """Decode report bytes; return (text with \\n newlines, encoding name)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            # a BOM is a declaration: decode leniently, the caller's garbage check judges
            text = data[len(bom):].decode(enc.replace("-sig", ""), errors="replace")
            return normalize_newlines(text), enc
    enc16 = _utf16_without_bom(data)
    candidates: list[str] = [enc16] if enc16 else []
    candidates.append("utf-8")
    meta = meta_charset(data) if html else None
    if meta and meta not in _ANYTHING_GOES and meta != "utf_8":
        candidates.append(meta)
    candidates.append("gb18030")
    if meta in _ANYTHING_GOES:
        candidates.append(meta)
    for enc in candidates:
        try:
            return normalize_newlines(data.decode(enc)), _display(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    lenient = _lenient(data, candidates)
    if lenient is not None:
        return lenient
    return _last_resort(data)


def allowed_bad(size: int) -> int:
    """How many undecodable sequences a file of `size` bytes may hold and still be read."""
    return min(limits.MAX_BAD_BYTES, max(8, int(size * limits.MAX_BAD_BYTE_SHARE)))


def bad_sequences(text: str, data: bytes, enc: str) -> int:
    """U+FFFD characters the decoding made (not those the file itself encodes)."""
    try:
        own = data.count("\ufffd".encode(enc))
    except (LookupError, UnicodeEncodeError):
        own = 0
    return text.count("\ufffd") - own


def _lenient(data: bytes, candidates: list[str]) -> tuple[str, str] | None:
    """The first candidate that decodes with few enough bad sequences, them replaced."""
    allowed = allowed_bad(len(data))
    for enc in candidates:
        try:
            text = data.decode(enc, errors="replace")
        except LookupError:
            continue
        bad = bad_sequences(text, data, enc)
        if bad <= allowed or (enc == "utf-8" and cut_utf8(text, bad, data)):
            return normalize_newlines(text), _display(enc)
    return None


CUT_UTF8_SHARE = 0.8  # of the non-ASCII characters, at least this many decoded whole


_NEVER_UTF8 = re.compile(rb"[\xc0\xc1\xf5-\xff]")  # bytes no UTF-8 text holds, cut or whole


def cut_utf8(text: str, bad: int, data: bytes) -> bool:
    """UTF-8 cut at byte positions: a tool that counts widths in bytes (the C++ html2text's
    table cells) ends a cell inside a character, leaving its first bytes or its last ones.
    Every other character is whole: where at least CUT_UTF8_SHARE of the non-ASCII characters
    decode whole, the text is UTF-8 (GBK read as UTF-8 decodes few: a lead byte E0-EF must
    be followed by two bytes 80-BF) - its cut characters replaced, the blocks they touch
    doubted (registry). A byte UTF-8 never uses (C0, C1, F5-FF) is no cut: a corrupt file."""
    if _NEVER_UTF8.search(data):
        return False
    whole = sum(1 for ch in text if ch >= "\x80" and ch != "\ufffd")
    return bad > 0 and whole >= CUT_UTF8_SHARE * (whole + bad)


def _display(enc: str) -> str:
    return codecs.lookup(enc).name.replace("_", "-")


def _last_resort(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # imported lazily: rarely needed, slow import

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise LoadError("cannot decode the file: not text in any known encoding (binary or corrupt?); "
                        f"more than {allowed_bad(len(data))} undecodable byte sequences in UTF-8 and GB18030")
    return normalize_newlines(str(best)), _display(best.encoding)
