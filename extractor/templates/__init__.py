"""The statutory form as data: rows, columns, headings, wording variants, version
signatures and identities of the three tables, one JSON file per template revision
(revision-2019.json, revision-2021.json; common.json for what no revision changed).
See README.md here; adding a revision is adding a file.

    from extractor import templates
    templates.get("requests", "2021")          # a Table
    templates.versions("active")               # ["2019", "2021"]
    templates.template_keys("2021", "2019")    # every field key of such a report
    templates.detect_version("active", text=..., rows=..., width=...)
"""
from __future__ import annotations

from .model import Column, Group, Identity, IdentityGroup, Row, Signature, Table
from .registry import TABLES, Registry
from .text import normalize, numbered, strip_numbering

REGISTRY = Registry()

get = REGISTRY.get
revision = REGISTRY.revision
versions = REGISTRY.versions
template_keys = REGISTRY.template_keys
detect_version = REGISTRY.detect_version
version_of_keys = REGISTRY.version_of_keys

# shorthands for the tables every revision so far shares the shape of
ACTIVE: dict[str, Table] = REGISTRY.tables["active"]
REQUESTS: dict[str, Table] = REGISTRY.tables["requests"]
REVIEW: Table = REGISTRY.get("review", "any")
SECTIONS: dict[str, tuple[str, ...]] = REGISTRY.sections  # part key -> heading phrases, in report order
# the requests columns (the same in every revision) and their printed wordings
REQUEST_COLUMNS: tuple[str, ...] = REQUESTS[versions("requests")[-1]].column_keys
REQUEST_COLUMN_LABELS: dict[str, tuple[str, ...]] = {
    c.key: (c.heading, *c.aliases) for c in REQUESTS[versions("requests")[-1]].columns}
REVIEW_COLUMNS: tuple[str, ...] = REVIEW.column_keys

__all__ = [
    "ACTIVE", "REQUESTS", "REVIEW", "REQUEST_COLUMNS", "REQUEST_COLUMN_LABELS", "REVIEW_COLUMNS", "SECTIONS",
    "TABLES", "Column", "Group", "Identity", "IdentityGroup", "Registry", "Row", "Signature", "Table",
    "detect_version", "get", "normalize", "numbered", "revision", "strip_numbering", "template_keys", "version_of_keys", "versions",
]
