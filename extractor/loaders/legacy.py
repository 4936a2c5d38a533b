"""Legacy Word files (.doc, Kingsoft .wps, .rtf) -> DOCX with LibreOffice -> Document.

The content decides, never the extension: an OLE compound file (D0 CF 11 E0) holding a
WordDocument stream is Word 97-2003 / WPS, one holding EncryptionInfo + EncryptedPackage
is a password-protected .docx/.xlsx, `{\\rtf` is RTF; OpenDocument text (.odt) is
converted too. Word's single-file XML (Word 2003 XML, flat OPC) is read by the DOCX loader.
Conversion runs `soffice --headless --convert-to docx` in a private temporary folder with a
private user profile (so concurrent conversions do not share a lock), under a time limit,
and removes everything afterwards. Without LibreOffice the file is refused with a LoadError that says
how to read it.

Environment: XXGK_SOFFICE (path of soffice), XXGK_SOFFICE_TIMEOUT (seconds, default 120).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import uuid
from pathlib import Path

from ..model import Document, LoadError, Source

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NO_SOFFICE = ("legacy Word/WPS/RTF file: install LibreOffice (apt-get install libreoffice-writer) "
              "to read it, or save it as .docx")
ENCRYPTED = "password-protected document: remove the password (or save an unprotected copy) and try again"
_TIMEOUT = 120.0
_MAX_INPUT = 200 << 20


# =========================================================================================
# OLE compound file (just enough to name the streams and read the head of one)
# =========================================================================================

class _Cfb:
    _FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or data[:8] != OLE_MAGIC:
            raise ValueError("not an OLE compound file")
        self.data = data
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if shift not in (9, 12):
            raise ValueError(f"bad sector size 2^{shift}")
        self.ssize = 1 << shift
        self.mini_shift = struct.unpack_from("<H", data, 0x20)[0]
        n_fat = struct.unpack_from("<I", data, 0x2C)[0]
        first_dir = struct.unpack_from("<I", data, 0x30)[0]
        self.mini_cutoff = struct.unpack_from("<I", data, 0x38)[0]
        first_minifat = struct.unpack_from("<I", data, 0x3C)[0]
        first_difat, n_difat = struct.unpack_from("<II", data, 0x44)
        self.nsect = max(0, -(-(len(data) - self.ssize) // self.ssize))  # sector n sits at (n + 1) * size
        difat = list(struct.unpack_from("<109I", data, 0x4C))
        sec, hops = first_difat, 0
        per = self.ssize // 4 - 1
        while sec < self._END - 3 and hops < n_difat and hops <= self.nsect:
            vals = struct.unpack_from(f"<{per + 1}I", self._sector(sec))
            difat.extend(vals[:per])
            sec = vals[per]
            hops += 1
        fat_secs = [s for s in difat if s < 0xFFFFFFFA][:n_fat]
        fat = b"".join(self._sector(s) for s in fat_secs)
        self.fat = struct.unpack(f"<{len(fat) // 4}I", fat)
        dirdata = self._chain(first_dir)
        self.entries: dict[str, tuple[int, int, int]] = {}  # name -> (type, start, size)
        root = None
        for off in range(0, len(dirdata) - 127, 128):
            e = dirdata[off:off + 128]
            nlen = struct.unpack_from("<H", e, 64)[0]
            typ = e[66]
            if typ not in (1, 2, 5) or not 2 <= nlen <= 64:
                continue
            name = e[:nlen - 2].decode("utf-16-le", "replace")
            start, size = struct.unpack_from("<IQ", e, 116)
            if self.ssize == 512:
                size &= 0xFFFFFFFF
            if typ == 5 and root is None:
                root = (start, size)
            self.entries.setdefault(name, (typ, start, size))
        self.minifat: tuple = ()
        self.ministream = b""
        if root is not None and first_minifat < 0xFFFFFFFA:
            mf = self._chain(first_minifat)
            self.minifat = struct.unpack(f"<{len(mf) // 4}I", mf)
            self.ministream = self._chain(root[0], root[1])

    def _sector(self, n: int) -> bytes:
        off = (n + 1) * self.ssize
        if n >= self.nsect:
            raise ValueError("sector out of range (truncated file)")
        return self.data[off:off + self.ssize].ljust(self.ssize, b"\0")

    def _chain(self, start: int, size: int | None = None, limit: int | None = None) -> bytes:
        out, sec, hops = [], start, 0
        want = size if size is not None else None
        got = 0
        while sec < 0xFFFFFFFA:
            if hops > self.nsect or sec >= len(self.fat):
                raise ValueError("broken sector chain")
            out.append(self._sector(sec))
            got += self.ssize
            if (want is not None and got >= want) or (limit is not None and got >= limit):
                break
            sec = self.fat[sec]
            hops += 1
        data = b"".join(out)
        return data[:want] if want is not None else data

    def read(self, name: str, limit: int = 1 << 16) -> bytes:
        typ, start, size = self.entries[name]
        if size < self.mini_cutoff and self.minifat:
            msize = 1 << self.mini_shift
            out, sec, hops = [], start, 0
            while sec < 0xFFFFFFFA and len(out) * msize < min(size, limit):
                if hops > len(self.minifat) or sec >= len(self.minifat):
                    raise ValueError("broken mini sector chain")
                out.append(self.ministream[sec * msize:(sec + 1) * msize])
                sec = self.minifat[sec]
                hops += 1
            return b"".join(out)[:min(size, limit)]
        return self._chain(start, min(size, limit), limit)


def ole_kind(data: bytes) -> str:
    """What an OLE compound file holds: 'encrypted' (password-protected OOXML or .doc),
    'doc' (Word 97-2003 / WPS), 'xls', 'ppt', 'works', 'ole' (something else) or 'corrupt'
    (the container cannot be read: truncated or damaged)."""
    try:
        cfb = _Cfb(data)
        names = set(cfb.entries)
    except (ValueError, struct.error, KeyError):
        # a damaged container: go by the directory names written in UTF-16
        names = {n for n in ("EncryptionInfo", "EncryptedPackage", "WordDocument", "Workbook", "Book",
                             "PowerPoint Document") if n.encode("utf-16-le") in data}
        cfb = None
        if not names:
            return "corrupt"
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        return "encrypted"
    if "WordDocument" in names:
        if cfb is not None:
            try:
                fib = cfb.read("WordDocument", 64)
                if len(fib) >= 12:
                    ident, flags = struct.unpack_from("<H", fib, 0)[0], struct.unpack_from("<H", fib, 0x0A)[0]
                    if ident in (0xA5EC, 0xA5DC) and flags & 0x0100:  # fEncrypted
                        return "encrypted"
            except (ValueError, struct.error, KeyError):
                pass
        return "doc"
    if "Workbook" in names or "Book" in names:
        return "xls"
    if "PowerPoint Document" in names:
        return "ppt"
    if "MatOST" in names or "CONTENTS" in names:
        return "works"
    return "ole"


_WORDXML = re.compile(rb"<\?mso-application\s+progid=\"Word\.Document\"|<w:wordDocument[\s>]|<pkg:package[\s>]")


def sniff(data: bytes) -> str | None:
    """'docx', 'odt', 'doc', 'rtf', 'wordxml' (Word 2003 XML / flat OPC), 'encrypted', 'xls',
    'ppt', 'works', 'ole', 'corrupt' or None (none of these)."""
    head = data[:8]
    if head == OLE_MAGIC:
        return ole_kind(data)
    if data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    if data[:4] == b"PK\x03\x04":
        # ODF puts an uncompressed "mimetype" member first
        if data[30:38] == b"mimetype" and b"application/vnd.oasis.opendocument.text" in data[38:120]:
            return "odt"
        return "docx"
    if data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml") and _WORDXML.search(data[:4096]):
        return "wordxml"
    return None


# =========================================================================================
# LibreOffice
# =========================================================================================

def find_soffice() -> str | None:
    env = os.environ.get("XXGK_SOFFICE")
    if env:
        return env if os.path.isfile(env) and os.access(env, os.X_OK) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for cand in ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
                 "/Applications/LibreOffice.app/Contents/MacOS/soffice",
                 r"C:\Program Files\LibreOffice\program\soffice.exe"):
        if os.path.isfile(cand):
            return cand
    import glob
    found = sorted(glob.glob("/opt/libreoffice*/program/soffice"))
    return found[-1] if found else None


def _timeout() -> float:
    try:
        return max(5.0, float(os.environ.get("XXGK_SOFFICE_TIMEOUT", _TIMEOUT)))
    except ValueError:
        return _TIMEOUT


def convert(data: bytes, suffix: str, target: str = "docx", soffice: str | None = None,
            timeout: float | None = None) -> bytes:
    """Convert a document (bytes, read as `suffix`, e.g. ".doc") to `target` with LibreOffice."""
    soffice = soffice or find_soffice()
    if not soffice:
        raise LoadError(NO_SOFFICE)
    timeout = timeout or _timeout()
    work = Path(tempfile.gettempdir()) / f"xxgk-lo-{uuid.uuid4().hex}"
    work.mkdir(mode=0o700)
    try:
        src = work / f"input{suffix}"
        src.write_bytes(data)
        outdir = work / "out"
        outdir.mkdir()
        cmd = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--invisible",
               "--norestore", "--nolockcheck", "--nodefault", "--nologo", "--convert-to",
               {"docx": "docx:MS Word 2007 XML"}.get(target, target), "--outdir", str(outdir), str(src)]
        env = dict(os.environ, HOME=str(work))
        popen_kw: dict = {"start_new_session": True} if os.name == "posix" else {}
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    env=env, cwd=str(work), **popen_kw)
        except OSError as e:
            raise LoadError(f"cannot run LibreOffice ({soffice}): {e}") from e
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise LoadError(f"LibreOffice did not convert the file within {timeout:g} s") from None
        produced = outdir / f"input.{target}"
        if not produced.is_file() or produced.stat().st_size == 0:
            why = (err or out or b"").decode("utf-8", "replace").strip().splitlines()
            why = "; ".join(ln for ln in why if ln.strip() and "javaldx" not in ln)[-300:] \
                or f"exit status {proc.returncode}"
            raise LoadError(f"LibreOffice could not convert the file ({why})")
        return produced.read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _kill(proc: subprocess.Popen) -> None:
    """End the conversion we started: its process group (soffice forks soffice.bin)."""
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        proc.communicate(timeout=10)
    except Exception:
        pass


# =========================================================================================
# entry point
# =========================================================================================

_SUFFIX = {"doc": ".doc", "rtf": ".rtf", "works": ".wps", "ole": ".doc", "odt": ".odt", "wordxml": ".xml"}
_REFUSE = {
    "encrypted": ENCRYPTED,
    "xls": "an Excel workbook (.xls), not a Word document",
    "ppt": "a PowerPoint presentation (.ppt), not a Word document",
    "corrupt": "corrupt or truncated legacy Office file (its OLE container cannot be read)",
}


def parse(data: bytes, source: Source) -> Document:
    """A .doc / .wps / .rtf file (bytes) -> Document, through LibreOffice and the DOCX loader."""
    from . import docx

    kind = sniff(data)
    if kind in ("docx", "wordxml"):  # read directly (LibreOffice loses WordML's vertical merges)
        return docx.parse(data, source)
    if kind is None:
        raise LoadError("not a Word/WPS/RTF document (no OLE or RTF signature)")
    if kind in _REFUSE:
        raise LoadError(_REFUSE[kind])
    if len(data) > _MAX_INPUT:
        raise LoadError(f"file too large to convert ({len(data) >> 20} MiB)")
    soffice = find_soffice()
    if not soffice:
        raise LoadError(NO_SOFFICE)
    converted = convert(data, _SUFFIX.get(kind, ".doc"), "docx", soffice)
    try:
        doc = docx.parse(converted, source)
    except LoadError as e:
        raise LoadError(f"after conversion with LibreOffice: {e}") from e
    doc.meta["converted"] = {"from": kind, "with": "LibreOffice"}
    return doc
