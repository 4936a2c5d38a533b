"""The output object of a parsed report (docs/spec/output.md)."""
from __future__ import annotations

from .assemble import Assembly
from .checks import Check
from .model import Document

SCHEMA_VERSION = 1


def report_json(doc: Document, assembly: Assembly, keys: list[str], template: str | None, year, agency,
                checks: list[Check], review: dict, sections: dict, versions: dict) -> dict:
    fields = {}
    found = assembly.fields
    absent = None
    for k in keys:
        fr = found.get(k)
        if fr is None:
            # a cell of a table not found at all (a converter that drops a table too wide for its
            # page, "[TABLE]"): nothing was read, as of a row never found - it is right where the
            # truth is blank, as often as such cells are (the calibration's measure, never above
            # NOT_READ_MAX); the table's absence sends the document to review whatever this says
            if absent is None:
                from .confidence import not_found_confidence

                absent = not_found_confidence()
            fields[k] = {"value": None, "confidence": absent, "raw": ""}
            continue
        item = {"value": fr.value, "confidence": fr.confidence, "raw": fr.raw}
        if fr.block is not None:
            item["source"] = {"start": fr.block.start, "end": fr.block.end}
        fields[k] = item
    return {
        "schema_version": SCHEMA_VERSION,
        "source": {"name": doc.source.name, "sha256": doc.source.sha256, "format": doc.source.format,
                   "encoding": doc.source.encoding},
        "template": template,
        "tables": versions,
        "year": year,
        "agency": agency,
        "fields": fields,
        "checks": [c.as_dict() for c in checks],
        "review": review,
        "sections": sections,
        "model": doc.meta.get("classifier"),
        "warnings": doc.warnings,
    }
