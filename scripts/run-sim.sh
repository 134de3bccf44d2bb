#!/usr/bin/env bash
# The main job: builds RobotEdge and runs the default robot's closed loop against the simulator.
# Extra arguments go to `robotedge sim` (e.g. --realtime, --frames 300, --robot robots/<name>).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/bootstrap.sh

printf '\033[1m[robotedge]\033[0m building (Release)\n'
dotnet build src/Host/RobotEdge.Host.csproj -c Release --no-restore --verbosity quiet --nologo

args=("$@")
has_report=0
for a in "${args[@]}"; do [ "$a" = "--report" ] && has_report=1; done
[ "$has_report" -eq 0 ] && args+=(--report artifacts/sim-report.json)

printf '\033[1m[robotedge]\033[0m running: robotedge sim %s\n' "${args[*]}"
# exec: robotedge takes this script's process, so SIGINT and SIGTERM sent to it reach the run
# (controlled stop, summary, report) rather than a shell that would not pass them on.
exec dotnet src/Host/bin/Release/net10.0/robotedge.dll sim "${args[@]}"
