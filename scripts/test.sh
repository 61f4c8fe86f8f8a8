#!/usr/bin/env bash
# The test command the README gives: installs the package with its test extras, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet ".[test]"
# one worker per core (pytest-xdist): the suite takes half the time on two cores; arguments
# after it (a file, -k, -m "not slow", -n 0 for one process) still choose
python -m pytest -n auto "$@"
