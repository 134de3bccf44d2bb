#!/usr/bin/env bash
# Installs what RobotEdge needs on a fresh Debian/Ubuntu machine, saying what it does, and skipping
# whatever is already there. Sourced by run-sim.sh and test.sh; safe to run again.
#   - .NET 10 SDK            (expected on the machine; we say how to get it if missing)
#   - socat                  (pseudo-terminal pairs for the serial-bus tests)
#   - cmake, g++, libopencv-dev (OpenCV 4 behind src/Vision's C-ABI bridge, built by dotnet build)
#   - ffmpeg                 (video files and streams: OpenCV's FFmpeg backend, test clips)
#   - chromium               (Debian's browser, driven by Playwright in the operator-console tests)
#   - NuGet restore          (dotnet restore of the solution: ONNX Runtime, OpenCvSharp4, MessagePack, ...)
set -euo pipefail

say() { printf '\033[1m[robotedge]\033[0m %s\n' "$*"; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

need_apt=()
command -v socat >/dev/null 2>&1 || need_apt+=(socat)
command -v cmake >/dev/null 2>&1 || need_apt+=(cmake)
command -v g++ >/dev/null 2>&1 || need_apt+=(g++)
# OpenCVConfig.cmake (what find_package(OpenCV) needs) ships in libopencv-dev only.
dpkg-query -W -f='${Status}' libopencv-dev 2>/dev/null | grep -q "ok installed" || need_apt+=(libopencv-dev)
command -v ffmpeg >/dev/null 2>&1 || need_apt+=(ffmpeg)
# The console's browser tests launch /usr/bin/chromium (Playwright downloads no browser here).
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ "${#need_apt[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "installing Debian packages: ${need_apt[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  say "the .NET 10 SDK is missing: install it from https://dotnet.microsoft.com/download (or your distribution's dotnet-sdk-10.0 package) and run this again"
  exit 1
fi
say "using .NET SDK $(dotnet --version)"

say "restoring NuGet packages (first time: ONNX Runtime GPU build ~ a few hundred MB)"
dotnet restore "$root/RobotEdge.sln" --verbosity quiet
