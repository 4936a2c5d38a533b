"""The check stage: the identities (勾稽关系) of a report's tables, on its parsed values.

Which identities there are, and how one is decided, is the template's business
(extractor.templates, identities.py); this picks the tables a report has. A broken
identity is a finding about the report, not a parse error.
"""
from __future__ import annotations

from . import templates
from .templates.identities import Check, check_tables

__all__ = ["Check", "check"]


def check(values: dict, requests_version: str | None) -> list[Check]:
    """Every identity of the spec over a flat {key: value} mapping: the requests table of
    that revision (none when None), then table 四."""
    tables = [templates.revision("requests", requests_version)] if requests_version else []
    return check_tables(values, tables + [templates.REVIEW])
