"""Folder runs as a dataset: `xxgk extract DIR --out OUT`.

    manifest.py  the run's memory: SQLite in OUT/.xxgk/manifest.sqlite, keyed by content hash
                 and extractor/model version (what is done, what failed, duplicates)
    record.py    one report → the compact record the dataset tables are built from (worker side)
    codebook.py  field key → 表/行/列 in Chinese, unit, templates (from the template registry)
    export.py    the tables from the manifest, streamed: wide/long Parquet, fields.csv (BOM),
                 JSONL, .xlsx, codebook, duplicates, errors.jsonl
    checks.py    checks no single report can make (per agency and year)
    run.py       the run: walk → manifest → budgeted workers → export; SIGINT/SIGTERM safe
    names.py     safe names: non-UTF-8 bytes, 255-byte limits, atomic writes
    ray_run.py   the same run with its parsing on Ray Data (`xxgk extract --ray [ADDRESS]`)
"""
