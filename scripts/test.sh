#!/usr/bin/env bash
# The test command the README gives: installs the package with its test extras, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet ".[test]"
python -m pytest "$@"
