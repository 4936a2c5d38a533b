#!/usr/bin/env bash
# Set up xxgk in .venv (first run only) and extract the bundled sample reports into out/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
fresh() { [ -f "$1" ] && [ "$1" -nt pyproject.toml ]; }
stamp=.venv/.xxgk-installed
if ! fresh "$stamp" && ! fresh .venv/.xxgk-test-installed; then  # test.sh's install will do
    echo "installing xxgk into .venv ..." >&2
    if ! .venv/bin/python -m pip install --disable-pip-version-check -e . >.venv/pip-install.log 2>&1; then
        cat .venv/pip-install.log >&2
        exit 1
    fi
    touch "$stamp"
fi

status=0
.venv/bin/xxgk extract samples/ --out out/ "$@" || status=$?

if [ -f out/fields.csv ]; then
    .venv/bin/python - <<'PY'
import csv
rows = list(csv.DictReader(open("out/fields.csv", encoding="utf-8")))
print(f"{'file':<34} {'template':<8} {'year':<5} {'review':<9} agency")
for r in rows:
    review = "REVIEW" if r["review_required"] == "true" else "ok"
    print(f"{r['file']:<34} {r['template'] or '-':<8} {r['year'] or '-':<5} {review:<9} {r['agency']}")
print(f"\n{len(rows)} reports: one JSON per report in out/, all fields in out/fields.csv, failures in out/errors.jsonl")
PY
fi
exit "$status"
