"""Legacy Word files (.doc, Kingsoft .wps, .rtf) -> DOCX with LibreOffice -> Document.

The content decides, never the extension (signatures.office_kind): an OLE compound file
(D0 CF 11 E0) holding a WordDocument stream is Word 97-2003 / WPS, one holding
EncryptionInfo + EncryptedPackage is a password-protected .docx/.xlsx, `{\\rtf` is RTF;
OpenDocument text (.odt) is converted too. Word's single-file XML (Word 2003 XML, flat OPC) is read by the DOCX loader.
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
import subprocess
import tempfile
import uuid
from pathlib import Path

from ..model import Document, LoadError, Source
from . import docx
from .signatures import ENCRYPTED, OLE_MAGIC, office_kind  # noqa: F401 (OLE_MAGIC: part of this module's API)

sniff = office_kind  # what kind of Office file (callers outside the loaders ask this module)
NO_SOFFICE = ("legacy Word/WPS/RTF file: install LibreOffice (apt-get install libreoffice-writer) "
              "to read it, or save it as .docx")
_TIMEOUT = 120.0
_MAX_INPUT = 200 << 20


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
    kind = office_kind(data)
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
