#!/usr/bin/env bash
# Set up xxgk with its test extra in .venv (first run only) and run the test suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
stamp=.venv/.xxgk-test-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "installing xxgk[test] into .venv ..." >&2
    if ! .venv/bin/python -m pip install --disable-pip-version-check -e ".[test]" >.venv/pip-install.log 2>&1; then
        cat .venv/pip-install.log >&2
        exit 1
    fi
    touch "$stamp"
fi

exec .venv/bin/python -m pytest -q "$@"
