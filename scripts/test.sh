#!/usr/bin/env bash
# Runs every test of the solution (unit, concurrency, ONNX Runtime, simulator, pseudo-terminal,
# browser) after installing what they need.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/bootstrap.sh

printf '\033[1m[robotedge]\033[0m building and running the tests (Release)\n'
# -m:1: one test project at a time, so that real-time and pseudo-terminal tests are not starved.
dotnet test RobotEdge.sln -c Release --no-restore -m:1 --nologo --verbosity quiet --logger "console;verbosity=normal" "$@"
