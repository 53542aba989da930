#!/usr/bin/env bash
# Mutation testing of the pure core (due.py, policy.py, routing/engine.py) with mutmut; see
# docs/mutation.md. Not part of CI: a full run takes about a quarter of an hour on two cores.
#
#   scripts/mutation.sh            fresh run, then the score per module and the survivors
#   KEEP=1 scripts/mutation.sh     reuse ./mutants from the last run (only changed code re-runs)
#   JOBS=1 scripts/mutation.sh     parallel test processes (default 2)
#
# mutmut lives in its own virtualenv (MUTATION_VENV, default .venv-mutation), never in the
# app's: it is the `mutation` extra of pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
VENV=${MUTATION_VENV:-.venv-mutation}
JOBS=${JOBS:-2}

if [ ! -x "$VENV/bin/mutmut" ]; then
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet -e '.[test,mutation]'
fi

[ "${KEEP:-}" = 1 ] || rm -rf mutants
# The run's progress line is redrawn thousands of times: keep only its last state.
"$VENV/bin/mutmut" run --max-children "$JOBS" | tr '\r' '\n' | grep -v '^\s*$' | tail -n 3

"$VENV/bin/mutmut" results --all true | "$VENV/bin/python" scripts/mutation_report.py
