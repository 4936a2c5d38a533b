"""Golden snapshots: `xxgk extract` on every report of the test corpus (tests/data/corpus/,
seeds, real and real-pdf) compared with tests/data/golden/<set>/<stem>.json.

A snapshot keeps what must not drift unnoticed: template, tables, year, agency; every
field's value, confidence (as output, rounded) and raw text; every check's rule, status and
detail, in order; and the review decision, confidence and reasons, and the report's own
inconsistencies (review.source_inconsistent, the findings' messages). Anything else the output
carries (source offsets, sections, model name, fields added later) is left out, so additions
to the output do not break it. The first snapshots are the outputs of commit 7d964b3.

A change that makes outputs better on purpose rewrites them:

    python -m pytest tests/test_golden.py --update-golden

and its commit message says which documents changed and why (`git diff tests/data/golden`).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus import CORPUS, GOLDEN, documents
from extractor import cli

DOCS = documents()


def project(report: dict) -> dict:
    """The part of one output object a snapshot keeps."""
    return {
        "template": report.get("template"),
        "tables": report.get("tables"),
        "year": report.get("year"),
        "agency": report.get("agency"),
        "fields": {k: {"value": f.get("value"), "confidence": f.get("confidence"), "raw": f.get("raw")}
                   for k, f in (report.get("fields") or {}).items()},
        "checks": [{k: c.get(k) for k in ("rule", "status", "detail")} for c in report.get("checks") or []],
        "review": {**{k: (report.get("review") or {}).get(k) for k in ("required", "confidence", "reasons")},
                   "source_inconsistent": (report.get("review") or {}).get("source_inconsistent", False),
                   "findings": [f.get("message") for f in (report.get("review") or {}).get("findings") or []]},
    }


def dumps(snapshot: dict) -> str:
    """JSON with one field and one check per line, so that `git diff` reads like a changelog."""
    def one(v):
        return json.dumps(v, ensure_ascii=False)

    lines = ["{"]
    for key in ("template", "tables", "year", "agency"):
        lines.append(f" {one(key)}: {one(snapshot[key])},")
    items = [f"  {one(k)}: {one(v)}" for k, v in snapshot["fields"].items()]
    lines += [' "fields": {', ",\n".join(items), " },"] if items else [' "fields": {},']
    items = [f"  {one(c)}" for c in snapshot["checks"]]
    lines += [' "checks": [', ",\n".join(items), " ],"] if items else [' "checks": [],']
    review = snapshot["review"]
    lines += [' "review": {', f'  "required": {one(review["required"])},',
              f'  "confidence": {one(review["confidence"])},', '  "reasons": ['
              + ",".join(f"\n   {one(r)}" for r in review["reasons"] or []) + "\n  ],",
              f'  "source_inconsistent": {one(review["source_inconsistent"])},', '  "findings": ['
              + ",".join(f"\n   {one(r)}" for r in review["findings"] or []) + "\n  ]", " }", "}"]
    return "\n".join(lines) + "\n"


def differences(want: dict, got: dict, limit: int = 40) -> list[str]:
    """Readable lines, one per thing that changed: `where: snapshot -> now`."""
    out = []
    for key in ("template", "tables", "year", "agency"):
        if want[key] != got[key]:
            out.append(f"{key}: {want[key]!r} -> {got[key]!r}")
    wf, gf = want["fields"], got["fields"]
    out += [f"field {k}: in the snapshot, missing now" for k in wf if k not in gf]
    out += [f"field {k}: new, {gf[k]!r}" for k in gf if k not in wf]
    for k in (k for k in wf if k in gf):
        for part in ("value", "confidence", "raw"):
            if wf[k][part] != gf[k][part]:
                out.append(f"field {k}.{part}: {wf[k][part]!r} -> {gf[k][part]!r}")
    wc = {c["rule"]: c for c in want["checks"]}
    gc = {c["rule"]: c for c in got["checks"]}
    out += [f"check {r}: in the snapshot ({c['status']}), missing now" for r, c in wc.items() if r not in gc]
    out += [f"check {r}: new, {c['status']} {c['detail']}" for r, c in gc.items() if r not in wc]
    for r in (r for r in wc if r in gc):
        for part in ("status", "detail"):
            if wc[r][part] != gc[r][part]:
                out.append(f"check {r}.{part}: {wc[r][part]!r} -> {gc[r][part]!r}")
    if not out and want["checks"] != got["checks"]:
        out.append("checks: same checks in another order")
    for part in ("required", "confidence", "reasons", "source_inconsistent", "findings"):
        if want["review"].get(part) != got["review"].get(part):
            out.append(f"review.{part}: {want['review'][part]!r} -> {got['review'][part]!r}")
    return out if len(out) <= limit else out[:limit] + [f"… and {len(out) - limit} more"]


def snapshot_path(doc: Path) -> Path:
    rel = doc.relative_to(CORPUS)
    return GOLDEN / rel.parent / f"{doc.stem}.json"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The whole corpus through `xxgk extract DIR --out OUT` once, as a user runs it."""
    out = tmp_path_factory.mktemp("golden")
    r = CliRunner().invoke(cli.main, ["extract", str(CORPUS), "--out", str(out), "--jobs", "1", "--quiet"],
                           catch_exceptions=False)
    errors = out / "errors.jsonl"
    assert r.exit_code == 0, r.output + (errors.read_text(encoding="utf-8") if errors.exists() else "")
    return out


def test_every_document_has_a_snapshot_and_every_snapshot_a_document():
    assert len(DOCS) == 21  # 5 seeds, 13 real, 3 real PDFs
    want = sorted(snapshot_path(d) for d in DOCS)
    assert sorted(GOLDEN.rglob("*.json")) == want


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_output_matches_snapshot(doc, extracted, request):
    got = project(json.loads((extracted / doc.relative_to(CORPUS).parent / f"{doc.stem}.json")
                             .read_text(encoding="utf-8")))
    path = snapshot_path(doc)
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(got), encoding="utf-8")
        return
    want = json.loads(path.read_text(encoding="utf-8"))
    diff = differences(want, got)
    assert not diff, (f"{doc.relative_to(CORPUS)} differs from {path.relative_to(GOLDEN.parents[2])} "
                      f"(snapshot -> now):\n  " + "\n  ".join(diff)
                      + "\nIf the change is an improvement: pytest tests/test_golden.py --update-golden")


def test_snapshot_format_round_trips_and_diff_names_what_changed():
    """dumps() is valid JSON equal to its input; differences() names the field, check and
    review part that changed (the check the parametrised test relies on)."""
    snap = json.loads((GOLDEN / "real" / "001.json").read_text(encoding="utf-8"))
    assert json.loads(dumps(snap)) == snap
    assert differences(snap, json.loads(dumps(snap))) == []
    changed = json.loads(dumps(snap))
    key = next(iter(changed["fields"]))
    changed["fields"][key]["value"] = 12345
    changed["checks"][0]["status"] = "broken" if changed["checks"][0]["status"] != "broken" else "ok"
    changed["review"]["required"] = not changed["review"]["required"]
    del changed["fields"][list(changed["fields"])[-1]]
    diff = differences(snap, changed)
    assert any(line.startswith(f"field {key}.value: ") and line.endswith("-> 12345") for line in diff)
    assert any(line.startswith(f"check {snap['checks'][0]['rule']}.status") for line in diff)
    assert any(line.startswith("review.required") for line in diff)
    assert any(line.endswith("in the snapshot, missing now") for line in diff)
