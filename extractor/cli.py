"""The `xxgk` command line.

    xxgk extract FILE_OR_DIR... [--out DIR] [--jobs N] [--quiet] [--classifier NAME] [--explain]
    xxgk train ...      (training.train:main)
    xxgk evaluate ...   (training.evaluate:main)
    xxgk serve ...      (service.cli:main; the web service and review page)

Without --out a human summary of each report is printed. With --out a folder run builds a
dataset (extractor.dataset: per-report JSON, wide/long Parquet, fields.csv, codebook,
dataset checks, errors.jsonl), resumable through its manifest. Every document is parsed in
a worker process under a budget (extractor.batch.Budget: --timeout, --max-memory,
--max-size). Exit status: 0 when every file was extracted, 1 when any failed, 2 for usage
errors, 128+signal when interrupted (a rerun continues).
"""
from __future__ import annotations

import importlib
import inspect
import json
import os
import sys
import unicodedata
from pathlib import Path

import click

from . import batch, jsonable
from .files import NON_DOCUMENT_SUFFIXES, is_document, iter_documents  # noqa: F401 - re-exported for old callers

LOW_CONFIDENCE = 0.9
BLANK = "·"
PROGRESS_MIN_FILES = 4  # show a progress bar from this many files on


# --- output --------------------------------------------------------------------------------


def dump_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=jsonable.default) + "\n"


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
    findings = review.get("findings") or []
    if findings:  # the report's own inconsistencies, read with certainty (not a reason to re-read it)
        lines.append("source inconsistent (报告自身不一致):")
        lines.extend(f"  - {f.get('message')}" for f in findings)
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


def _version(ctx: click.Context, _param, value: bool) -> None:
    """--version; the version is looked up only when asked (importlib.metadata: ~30 ms of start-up)."""
    if not value or ctx.resilient_parsing:
        return
    from .version import __version__

    click.echo(f"xxgk, version {__version__}")
    ctx.exit()


@click.group(name="xxgk", context_settings=dict(help_option_names=["-h", "--help"]))
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version and exit.")
def main() -> None:
    """Extract the statutory tables of government information-disclosure annual reports."""


def default_jobs() -> int:
    """The cores this process may run on (os.sched_getaffinity: a container's or taskset's
    limit, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _budget(timeout: float, max_memory: int, max_size: int):
    return batch.Budget(seconds=timeout or None, memory_mb=max_memory or None,
                        max_bytes=max_size * 2**20 if max_size else None)


@main.command()
@click.argument("inputs", metavar="FILE_OR_DIR...", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=str))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Build a dataset in DIR: DIR/<stem>.json per report (folders mirrored), wide.parquet, "
                   "long.parquet, fields.csv, codebook.csv, dataset_checks.csv, duplicates.csv, errors.jsonl; "
                   "resumable (DIR/.xxgk/manifest.sqlite).")
@click.option("--jobs", "-j", "n_jobs", type=click.IntRange(min=0), default=0,
              help="Worker processes (default 0: one per core this process may use).")
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
@click.option("--retry-failed", is_flag=True, help="With --out: parse again the files that failed in an earlier run.")
@click.option("--jsonl", is_flag=True, help="With --out: also DIR/reports.jsonl, every report's JSON on one line.")
@click.option("--xlsx", is_flag=True, help="With --out: also DIR/fields.xlsx (sheets wide, long, codebook; openpyxl).")
@click.option("--indent", is_flag=True, help="With --out: indented per-report JSON (default: compact).")
@click.option("--timeout", type=click.FloatRange(min=0), default=120.0, show_default=True,
              help="CPU seconds one document may use (its worker's user + system time; a wall-clock backstop of "
                   "5 × as long stops a document that waits without computing); past it its worker is stopped "
                   "(`timeout`). 0: no limit.")
@click.option("--max-memory", type=click.IntRange(min=0), default=4096, show_default=True,
              help="MiB of memory a worker may add while parsing one document (`too_large`). 0: no limit.")
@click.option("--max-size", type=click.IntRange(min=0), default=256, show_default=True,
              help="MiB: larger input files are not read (`too_large`). 0: no limit.")
@click.option("--ray", "ray_address", is_flag=False, flag_value="local", default=None, metavar="[ADDRESS]",
              help="With --out: run on Ray Data (pip install 'xxgk[ray]'): a cluster's ADDRESS, or none for a "
                   "local Ray. The same manifest and tables as a local run (resumable, --timeout per "
                   "document); no per-report JSON.")
def extract(inputs: tuple[str, ...], out_dir: Path | None, n_jobs: int, quiet: bool, classifier: str,
            explain: bool, retry_failed: bool, jsonl: bool, xlsx: bool, indent: bool, timeout: float,
            max_memory: int, max_size: int, ray_address: str | None) -> None:
    """Extract reports (files, or folders searched recursively).

    Without --out, print a summary of each report: template, year, agency, the review
    decision and the three tables (blank cells ·, cells below 0.9 confidence marked ?);
    with --explain, also why each flagged field was flagged (Chinese, then English).
    With --out, build a dataset (re-running continues where a run stopped).
    Exit status 0 when every file was extracted, 1 when any failed, 2 for usage errors,
    128+signal when interrupted.
    """
    def say(msg: str) -> None:
        if not quiet:
            click.echo(msg, err=True)

    # numpy only sums a few weight rows per block here (no BLAS call): OpenBLAS's thread pool,
    # started as numpy loads, cost ~25 ms CPU per process on 2 cores (more per core), and with
    # --jobs N each worker would bring its own pool. Set before the pipeline imports numpy.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
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
    clf = None if classifier == "default" else classifier
    jobs = n_jobs or default_jobs()
    if not any(os.path.isdir(a) for a in inputs):  # no more workers than files (each is a fork)
        jobs = min(jobs, len(inputs))
    budget = _budget(timeout, max_memory, max_size)

    if out_dir is not None and ray_address is not None:
        from extractor.dataset import ray_run
        from extractor.dataset import run as drun

        opts = drun.Options(out_dir=out_dir, jobs=jobs, classifier=clf, explain=explain, retry_failed=retry_failed,
                            jsonl=jsonl, xlsx=xlsx, indent=indent, budget=budget)
        try:
            res = ray_run.run(inputs, opts, None if ray_address == "local" else ray_address,
                              warn=lambda msg: click.echo(msg, err=True))
        except ray_run.RayUnavailable as e:
            raise click.UsageError(f"--ray: {e}")
        except drun.NoDocuments as e:
            raise click.UsageError(str(e))
        except drun.Busy as e:
            raise click.ClickException(str(e))
        say(ray_run.summary_line(res, out_dir))
        code = drun.exit_status(res)
        if code:
            sys.exit(code)
        return
    if out_dir is not None:
        _extract_dataset(inputs, out_dir, jobs, clf, explain, retry_failed, jsonl, xlsx, indent, budget, quiet)
        return
    if ray_address is not None:
        raise click.UsageError("--ray needs --out DIR")
    _extract_print(inputs, jobs, clf, explain, budget, quiet)


def _extract_dataset(inputs, out_dir: Path, jobs: int, clf, explain: bool, retry_failed: bool, jsonl: bool,
                     xlsx: bool, indent: bool, budget, quiet: bool) -> None:
    from extractor.dataset import run as drun

    bar = None

    def progress(n: int, total: int | None) -> None:
        nonlocal bar
        if quiet:
            return
        if total is not None:
            if total >= PROGRESS_MIN_FILES:
                from tqdm import tqdm

                tty = sys.stderr.isatty()
                bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True,
                           mininterval=0.2 if tty else 5.0, smoothing=0.05)
            return
        if bar is not None:
            bar.update(n)

    def warn(msg: str) -> None:
        if bar is not None:
            bar.write(msg, file=sys.stderr)
        else:
            click.echo(msg, err=True)

    opts = drun.Options(out_dir=out_dir, jobs=jobs, classifier=clf, explain=explain, retry_failed=retry_failed,
                        jsonl=jsonl, xlsx=xlsx, indent=indent, budget=budget)
    try:
        s = drun.run(inputs, opts, progress=progress, warn=warn,
                     failed=None if quiet else lambda name, rec: warn(
                         f"xxgk: failed: {name}: {rec.get('error')}: {rec.get('message')}"))
    except drun.NoDocuments as e:
        raise click.UsageError(str(e))
    except drun.Busy as e:
        raise click.ClickException(str(e))
    finally:
        if bar is not None:
            bar.close()
    if not quiet or s.failed or s.interrupted:
        click.echo(drun.summary_line(s, out_dir)
                   + (f"\nxxgk: see {out_dir / 'errors.jsonl'}" if s.export.get("failed") else ""), err=True)
    code = drun.exit_status(s)
    if code:
        sys.exit(code)


def _extract_print(inputs, jobs: int, clf, explain: bool, budget, quiet: bool) -> None:
    """No --out: each report's summary on stdout, in input order; failures on stderr."""
    from extractor.dataset.names import display
    from extractor.files import problem_of, walk
    from extractor.pipeline import extract_path

    def items():
        seen = set()
        for a in inputs:
            p = Path(a)
            found = walk(p) if p.is_dir() else [(p, problem_of(p))]
            for f, why in found:
                key = os.path.realpath(f)
                if key in seen:
                    continue
                seen.add(key)
                yield f, why

    n_total = n_failed = n_review = 0
    done: dict[int, tuple[Path, dict]] = {}
    next_out = 0

    def emit(i: int, path: Path, res: dict) -> None:
        nonlocal next_out, n_failed, n_review
        done[i] = (path, res)
        while next_out in done:
            p, r = done.pop(next_out)
            next_out += 1
            if r["ok"]:
                n_review += bool((r["report"].get("review") or {}).get("required"))
                click.echo(format_summary(display(p), r["report"]) + (format_explanations(r["report"]) if explain else ""))
            else:
                n_failed += 1
                click.echo(f"xxgk: failed: {display(p)}: {r['error']}: {r['message']}", err=True)

    paths: dict[int, Path] = {}

    def tasks():
        nonlocal n_total
        for f, why in items():
            i = n_total
            n_total += 1
            if why is not None:
                emit(i, f, batch.failure(batch.UNREADABLE if "regular" in why else batch.INPUT_LOST,
                                         f"{display(f)}: {why}"))
                continue
            try:
                size = os.stat(f).st_size
            except OSError as e:
                emit(i, f, batch.failure(batch.INPUT_LOST, f"{display(f)}: {e.strerror}", e))
                continue
            if budget.max_bytes is not None and size > budget.max_bytes:
                emit(i, f, batch.too_large(size, budget.max_bytes))
                continue
            paths[i] = f
            yield i, str(f)

    workers = batch.Workers(extract_path, (clf, explain), n=jobs, budget=budget)
    for i, res in workers.run(tasks()):
        emit(i, paths.pop(i), res)
    if n_total == 0:
        raise click.UsageError("no documents found in " + ", ".join(inputs))
    if n_total > 1 and not quiet:
        click.echo(f"xxgk: extracted {n_total - n_failed} of {n_total} files ({n_review} flagged for review, "
                   f"{n_failed} failed)", err=True)
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
