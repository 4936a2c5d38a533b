"""The `xxgk` command line.

    xxgk extract FILE_OR_DIR... [--out DIR] [--jobs N] [--quiet] [--classifier NAME] [--explain]
    xxgk train ...      (training.train:main)
    xxgk evaluate ...   (training.evaluate:main)
    xxgk serve ...      (service.cli:main; the web service and review page)

Without --out a human summary of each report is printed. With --out every input gets
a JSON file (see docs/spec/output.md), plus DIR/fields.csv (one row per report)
and DIR/errors.jsonl (one line per file that failed). Exit status: 0 when every file
was extracted, 1 when any failed, 2 for usage errors.
"""
from __future__ import annotations

import csv
import importlib
import inspect
import json
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import click

from . import batch
from .files import is_document, iter_documents  # noqa: F401 - the walk, re-exported for old callers
from .version import __version__

LOW_CONFIDENCE = 0.9
BLANK = "·"
PROGRESS_MIN_FILES = 4  # show a progress bar from this many files on


# --- finding inputs ---------------------------------------------------------------------


@dataclass
class Job:
    index: int
    path: Path  # as given / found (relative paths stay relative: they go into reports)
    rel: Path | None  # path relative to the directory argument it was found under, if any
    out: Path | None = None  # target JSON file when --out is given


def collect_jobs(args: Iterable[str], out_dir: Path | None) -> list[Job]:
    jobs: list[Job] = []
    seen: set[Path] = set()
    exclude = [out_dir] if out_dir is not None else []
    for a in args:
        p = Path(a)
        if p.is_dir():
            found = [(f, f.relative_to(p)) for f in iter_documents(p, exclude)]
        else:
            found = [(p, None)]
        for f, rel in found:
            key = f.resolve()
            if key in seen:  # named twice (or a file and its folder): extract once
                continue
            seen.add(key)
            jobs.append(Job(len(jobs), f, rel))
    return jobs


def assign_outputs(jobs: list[Job], out_dir: Path, warn) -> None:
    """Give every job its JSON path: DIR/<stem>.json for named files, the mirrored tree
    for files found in a folder; never the same path twice (then `<stem>-2.json`, ...)."""
    taken: set[str] = set()
    for j in jobs:
        base = j.rel.with_suffix("") if j.rel is not None else Path(j.path.stem)
        target = out_dir / base.parent / f"{base.name}.json"
        n = 1
        while str(target).casefold() in taken:
            n += 1
            target = out_dir / base.parent / f"{base.name}-{n}.json"
        if n > 1:
            first = out_dir / base.parent / f"{base.name}.json"
            warn(f"xxgk: {j.path}: {first} is already taken by another input; writing {target}")
        taken.add(str(target).casefold())
        j.out = target


# --- running the pipeline -----------------------------------------------------------------


def run_jobs(jobs: list[Job], n_workers: int, classifier: str | None = None,
             explain: bool = False) -> Iterator[tuple[Job, dict]]:
    """Yield (job, outcome) as files finish (extractor.batch: outcomes and error records);
    in input order when n_workers == 1."""
    from .pipeline import extract_path  # imported here: `xxgk --help` stays light

    for i, outcome in batch.run([str(j.path) for j in jobs], extract_path, (classifier, explain),
                                n_workers=n_workers):
        yield jobs[i], outcome


# --- output --------------------------------------------------------------------------------


def _json_default(o):
    if hasattr(o, "item"):  # numpy scalars
        return o.item()
    if hasattr(o, "tolist"):
        return o.tolist()
    if isinstance(o, (set, frozenset)):
        return sorted(o)
    if isinstance(o, Path):
        return str(o)
    raise TypeError(f"{type(o).__name__} is not JSON serialisable")


def dump_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=_json_default) + "\n"


def csv_value(v) -> str:
    """A field value as one CSV cell: blank for null, yuan (else the text) for money."""
    if v is None:
        return ""
    if isinstance(v, dict):
        if v.get("yuan") is not None:
            return csv_value(v["yuan"])
        if v.get("text") is not None:
            return str(v["text"])
        return json.dumps(v, ensure_ascii=False, default=_json_default)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (list, tuple)):
        return json.dumps(v, ensure_ascii=False, default=_json_default)
    return str(v)


CSV_HEAD = ["file", "template", "year", "agency", "review_required", "review_confidence"]


def csv_row(name: str, data: dict) -> tuple[list[str], dict[str, str]]:
    """One report as (the leading CSV_HEAD cells, {field key: cell})."""
    review = data.get("review") or {}
    head = [
        name,
        csv_value(data.get("template")),
        csv_value(data.get("year")),
        csv_value(data.get("agency")),
        csv_value(review.get("required")),
        csv_value(review.get("confidence")),
    ]
    cells = {
        k: csv_value(c.get("value") if isinstance(c, dict) else c)
        for k, c in (data.get("fields") or {}).items()
    }
    return head, cells


def write_fields_csv(path: Path, rows: list[tuple[list[str], dict[str, str]]]) -> None:
    """fields.csv: CSV_HEAD, then one column per field key (union, first-seen order)."""
    keys: dict[str, None] = {}
    for _, cells in rows:
        for k in cells:
            keys.setdefault(k, None)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_HEAD + list(keys))
        for head, cells in rows:
            w.writerow(head + [cells.get(k, "") for k in keys])


# --- the human summary --------------------------------------------------------------------


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _rjust(s: str, w: int) -> str:
    return " " * max(0, w - _width(s)) + s


def _ljust(s: str, w: int) -> str:
    return s + " " * max(0, w - _width(s))


def _cell_text(cell) -> str:
    if not isinstance(cell, dict):
        v, conf = cell, 1.0
    else:
        v, conf = cell.get("value"), cell.get("confidence")
    if v is None:
        s = BLANK
    elif isinstance(v, dict):
        s = str(v.get("text") if v.get("text") is not None else v.get("yuan"))
    elif isinstance(v, float) and v.is_integer():
        s = str(int(v))
    else:
        s = str(v)
    if conf is not None and conf < LOW_CONFIDENCE:
        s += "?"
    return s


def split_key(key: str) -> tuple[str, str, str]:
    """`table.row.column` with a row that may itself contain dots."""
    parts = key.split(".")
    if len(parts) >= 3:
        return parts[0], ".".join(parts[1:-1]), parts[-1]
    if len(parts) == 2:
        return parts[0], parts[1], "value"
    return "", key, "value"


def format_tables(fields: dict) -> list[str]:
    """The fields as one aligned grid per table (rows × columns), in first-seen order."""
    tables: dict[str, dict[str, dict[str, str]]] = {}
    columns: dict[str, dict[str, None]] = {}
    for key, cell in fields.items():
        t, r, c = split_key(key)
        tables.setdefault(t, {}).setdefault(r, {})[c] = _cell_text(cell)
        columns.setdefault(t, {}).setdefault(c, None)
    lines: list[str] = []
    for t, rows in tables.items():
        cols = list(columns[t])
        label_w = max([_width(r) for r in rows] + [_width(t)])
        col_w = {c: max([_width(c)] + [_width(rows[r].get(c, "")) for r in rows]) for c in cols}
        lines.append("")
        lines.append(("  " + _ljust(t, label_w) + "".join("  " + _rjust(c, col_w[c]) for c in cols)).rstrip())
        for r, cells in rows.items():
            line = "  " + _ljust(r, label_w) + "".join("  " + _rjust(cells.get(c, ""), col_w[c]) for c in cols)
            lines.append(line.rstrip())
    return lines


def format_summary(name: str, data: dict) -> str:
    src = data.get("source") or {}
    review = data.get("review") or {}
    fields = data.get("fields") or {}
    show = lambda v: "—" if v is None else str(v)  # noqa: E731
    lines = [f"== {name}" + (f"  ({src['format']})" if src.get("format") else "")]
    lines.append(
        f"template: {show(data.get('template'))}   year: {show(data.get('year'))}   agency: {show(data.get('agency'))}"
    )
    conf = review.get("confidence")
    conf_s = f" (confidence {conf:.2f})" if isinstance(conf, (int, float)) else ""
    if review.get("required"):
        lines.append(f"review: REQUIRED{conf_s}")
    else:
        lines.append(f"review: not required{conf_s}")
    for reason in review.get("reasons") or []:
        lines.append(f"  - {reason}")
    checks = data.get("checks") or []
    if checks:
        failed = [c for c in checks if not c.get("ok")]
        lines.append(f"checks: {len(checks) - len(failed)} of {len(checks)} hold"
                     + (": failed " + ", ".join(str(c.get("rule")) for c in failed) if failed else ""))
    low = sum(1 for c in fields.values() if isinstance(c, dict) and (c.get("confidence") or 0) < LOW_CONFIDENCE)
    lines.append(f"fields: {len(fields)} ({low} below {LOW_CONFIDENCE} confidence, marked ?; blank cells {BLANK})")
    lines.extend(format_tables(fields))
    return "\n".join(lines) + "\n"


def format_explanations(data: dict) -> str:
    """--explain: the review reasons (Chinese first, with their codes), then per flagged field
    the reasons about it and what lowered its score (the `explain` entries of the output)."""
    items = (data.get("review") or {}).get("items") or []
    lines = ["why flagged (为何需要复核):"]
    for it in items:
        lines.append(f"  [{it.get('code')}] {it.get('message')}")
    flagged = [(k, c) for k, c in (data.get("fields") or {}).items() if isinstance(c, dict) and c.get("explain")]
    for key, cell in flagged:
        ex = cell["explain"]
        lines.append(f"  {key} = {cell.get('raw') or '∅'}  (confidence {cell.get('confidence')}, "
                     f"raw score {ex.get('raw_score')}; {', '.join(ex.get('reasons') or []) or 'no reason code'})")
        for zh, en in zip(ex.get("why") or [], ex.get("why_en") or []):
            lines.append(f"    - {zh}")
            lines.append(f"      {en}")
    if not items and not flagged:
        lines.append("  nothing is flagged (无)")
    return "\n".join(lines) + "\n"


# --- commands ------------------------------------------------------------------------------


@click.group(name="xxgk", context_settings=dict(help_option_names=["-h", "--help"]))
@click.version_option(__version__, "--version", prog_name="xxgk")
def main() -> None:
    """Extract the statutory tables of government information-disclosure annual reports."""


@main.command()
@click.argument("inputs", metavar="FILE_OR_DIR...", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=str))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write DIR/<stem>.json per report (folders mirrored), DIR/fields.csv and DIR/errors.jsonl.")
@click.option("--jobs", "-j", "n_jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no progress messages on stderr.")
@click.option("--classifier", "classifier", type=click.Choice(["default", "rules", "neural", "ensemble"]),
              default="default", show_default=True, envvar="XXGK_CLASSIFIER",
              help="Block classifier: the shipped scikit-learn model (default), the template rules alone, "
                   "the optional neural model (needs torch + transformers: pip install -e '.[neural]'), "
                   "or ensemble: the default model's labels, with the fields the neural model reads "
                   "differently given lower confidence and sent to review. Also $XXGK_CLASSIFIER.")
@click.option("--explain", is_flag=True,
              help="Say why each flagged field was flagged: after each summary, and as an `explain` "
                   "entry of those fields in the JSON written with --out.")
def extract(inputs: tuple[str, ...], out_dir: Path | None, n_jobs: int, quiet: bool, classifier: str,
            explain: bool) -> None:
    """Extract reports (files, or folders searched recursively).

    Without --out, print a summary of each report: template, year, agency, the review
    decision and the three tables (blank cells ·, cells below 0.9 confidence marked ?);
    with --explain, also why each flagged field was flagged (Chinese, then English).
    Exit status 0 when every file was extracted, 1 when any failed, 2 for usage errors.
    """
    def say(msg: str) -> None:
        if not quiet:
            click.echo(msg, err=True)

    jobs = collect_jobs(inputs, out_dir)
    if not jobs:
        raise click.UsageError("no documents found in " + ", ".join(inputs))
    try:
        importlib.import_module("extractor.pipeline")
    except Exception as e:
        raise click.ClickException(f"the extraction pipeline cannot be imported: {type(e).__name__}: {e}")
    from extractor.bundle import BundleError, default_bundle

    try:  # a missing or broken model bundle fails once, here, rather than once per file
        default_bundle()
    except BundleError as e:
        raise click.ClickException(str(e))
    if classifier in ("neural", "ensemble"):  # fail once, here, rather than once per file
        from extractor.classify import ClassifierUnavailable, named_classifier

        try:
            named_classifier(classifier)
        except ClassifierUnavailable as e:
            raise click.UsageError(f"--classifier {classifier}: {e}")

    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        assign_outputs(jobs, out_dir, lambda m: click.echo(m, err=True))
        errors_file = open(out_dir / "errors.jsonl", "w", encoding="utf-8")
    else:
        errors_file = None

    bar = None
    if not quiet and len(jobs) >= PROGRESS_MIN_FILES:
        from tqdm import tqdm

        tty = sys.stderr.isatty()
        bar = tqdm(total=len(jobs), unit="file", file=sys.stderr, dynamic_ncols=True,
                   mininterval=0.2 if tty else 5.0)

    def note(msg: str) -> None:  # stderr line that does not break the progress bar
        if bar is not None:
            bar.write(msg, file=sys.stderr)
        else:
            click.echo(msg, err=True)

    done: dict[int, dict] = {}
    csv_rows: dict[int, tuple[list[str], dict[str, str]]] = {}
    next_to_print = 0
    n_failed = n_review = 0
    try:
        for job, res in run_jobs(jobs, n_jobs, None if classifier == "default" else classifier, explain):
            if res["ok"] and out_dir is not None:
                try:
                    text = dump_json(res["report"])
                    job.out.parent.mkdir(parents=True, exist_ok=True)
                    job.out.write_text(text, encoding="utf-8")
                except Exception as e:
                    res = batch.failure(batch.WRITE_FAILED, f"cannot write {job.out}: {e}", e)
            if res["ok"]:
                if (res["report"].get("review") or {}).get("required"):
                    n_review += 1
            else:
                n_failed += 1
                rec = {"file": str(job.path), "error": res["error"], "message": res["message"]}
                for k in ("exception", "traceback"):  # a bug's exception class and traceback
                    if k in res:
                        rec[k] = res[k]
                if errors_file is not None:
                    errors_file.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    errors_file.flush()
                    if not quiet:
                        note(f"xxgk: failed: {job.path}: {res['error']}: {res['message']}")
                else:  # nothing else records it: always say so
                    note(f"xxgk: failed: {job.path}: {res['error']}: {res['message']}")
            if out_dir is not None:
                if res["ok"]:  # keep only what fields.csv needs, not the whole report
                    csv_rows[job.index] = csv_row(str(job.path), res["report"])
                elif job.out.is_file():  # don't leave a previous run's JSON looking current
                    job.out.unlink()
            else:  # print summaries in input order as soon as they are ready
                done[job.index] = res
                while next_to_print in done:
                    r = done.pop(next_to_print)
                    if r["ok"]:
                        if bar is not None:
                            bar.clear()
                        click.echo(format_summary(str(jobs[next_to_print].path), r["report"])
                                   + (format_explanations(r["report"]) if explain else ""))
                        if bar is not None:
                            bar.refresh()
                    next_to_print += 1
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        if errors_file is not None:
            errors_file.close()

    n_ok = len(jobs) - n_failed
    if out_dir is not None:
        write_fields_csv(out_dir / "fields.csv", [csv_rows[i] for i in sorted(csv_rows)])
        say(f"xxgk: extracted {n_ok} of {len(jobs)} files into {out_dir}/ "
            f"({n_review} flagged for review, {n_failed} failed"
            + (f", see {out_dir / 'errors.jsonl'}" if n_failed else "") + ")")
    elif len(jobs) > 1:
        say(f"xxgk: extracted {n_ok} of {len(jobs)} files ({n_review} flagged for review, {n_failed} failed)")
    if n_failed:
        sys.exit(1)


def _delegate(module: str, args: list[str]) -> None:
    prog = "xxgk " + module.rsplit(".", 1)[-1]
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name and (module == e.name or module.startswith(e.name + ".")):
            raise click.ClickException(
                f"`{prog}` is not available: module {module} is not part of this installation"
            )
        raise click.ClickException(
            f"`{prog}` needs the Python module {e.name!r}, which is not installed "
            "(the neural models need `pip install -e '.[neural]'`)"
        )
    fn = getattr(mod, "main", None)
    if fn is None:
        raise click.ClickException(f"`{prog}` is not available: {module} has no main()")
    if isinstance(fn, click.Command):
        fn.main(args=args, prog_name=prog)  # exits with the command's own status
        return
    try:
        takes_args = len(inspect.signature(fn).parameters) > 0
    except (TypeError, ValueError):
        takes_args = True
    if takes_args:
        rc = fn(list(args))
    else:  # argparse-style main() reading sys.argv
        saved = sys.argv
        sys.argv = [prog, *args]
        try:
            rc = fn()
        finally:
            sys.argv = saved
    sys.exit(rc if isinstance(rc, int) else 0)


_PASS_THROUGH = dict(ignore_unknown_options=True, allow_extra_args=True, help_option_names=[])


@main.command(context_settings=_PASS_THROUGH, add_help_option=False)
@click.pass_context
def train(ctx: click.Context) -> None:
    """Train the models (training.train; arguments are passed through)."""
    _delegate("training.train", ctx.args)


@main.command(context_settings=_PASS_THROUGH, add_help_option=False)
@click.pass_context
def evaluate(ctx: click.Context) -> None:
    """Evaluate the models (training.evaluate; arguments are passed through)."""
    _delegate("training.evaluate", ctx.args)


@main.command(context_settings=_PASS_THROUGH, add_help_option=False)
@click.pass_context
def rank(ctx: click.Context) -> None:
    """Rank unreviewed reports by what labelling them would teach (training.rank; arguments are passed through)."""
    _delegate("training.rank", ctx.args)


@main.command(context_settings=_PASS_THROUGH, add_help_option=False)
@click.pass_context
def serve(ctx: click.Context) -> None:
    """Start the web service and review page on localhost (service.cli; arguments are passed through)."""
    # dispatched by name like train/evaluate/rank: the library never imports the service (an
    # optional extra that itself runs the library), and `xxgk extract` never loads it
    try:
        command = importlib.import_module("service.cli").serve
    except ModuleNotFoundError as e:
        raise click.ClickException(f"`xxgk serve` needs the service extra (pip install -e '.[service]'): {e}")
    command.main(args=ctx.args, prog_name="xxgk serve")


if __name__ == "__main__":
    main()
