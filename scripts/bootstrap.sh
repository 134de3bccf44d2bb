#!/usr/bin/env bash
# Installs what RobotEdge needs on a fresh Debian/Ubuntu machine, saying what it does, and skipping
# whatever is already there. Sourced by run-sim.sh and test.sh; safe to run again.
#   - .NET 10 SDK            (expected on the machine; we say how to get it if missing)
#   - socat                  (pseudo-terminal pairs for the serial-bus tests)
#   - libgtk-3-0             (linked by OpenCvSharp4's native library, libOpenCvSharpExtern.so: OpenCV 4.13)
#   - ffmpeg                 (receives network streams for OpenCV, whose bundled FFmpeg has no network; test clips)
#   - chromium               (Debian's browser, driven by Playwright in the operator-console tests)
#   - opencv-doc             (real footage and photos for the pose tests: examples/data/vtest.avi, messi5.jpg, ...)
#   - nodejs + npm           (fetch npm-sourced data: tools/npm-data, pinned and integrity-checked by npm ci)
#   - NuGet restore          (dotnet restore of the solution: ONNX Runtime, OpenCvSharp4, MessagePack, ...)
#   - npm data               (MediaPipe's BlazePose TFLite models and pose solution, TFLite's WASM interpreter)
set -euo pipefail

say() { printf '\033[1m[robotedge]\033[0m %s\n' "$*"; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

need_apt=()
command -v socat >/dev/null 2>&1 || need_apt+=(socat)
# OpenCvSharp4's runtime (NuGet) brings OpenCV itself; its native library links GTK 3 (and through it
# libjpeg62-turbo, freetype, harfbuzz): `ldd libOpenCvSharpExtern.so` finds everything once libgtk-3-0 is in.
dpkg-query -W -f='${Status}' libgtk-3-0 2>/dev/null | grep -q "ok installed" || need_apt+=(libgtk-3-0)
command -v ffmpeg >/dev/null 2>&1 || need_apt+=(ffmpeg)
# The console's browser tests launch /usr/bin/chromium (Playwright downloads no browser here).
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# Real footage with people (vtest.avi) and photos (messi5.jpg, basketball1/2.png), used from the package.
[ -f /usr/share/doc/opencv-doc/examples/data/vtest.avi ] || need_apt+=(opencv-doc)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v promtool >/dev/null 2>&1 || need_apt+=(prometheus)   # promtool validates the metrics exposition in the tests
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

# npm-sourced data (never committed): `npm ci` installs exactly what tools/npm-data/package-lock.json
# pins and checks each tarball's sha512 integrity; it runs again only when the lock file changes.
npm_data="$root/tools/npm-data"
lock_sum="$(sha256sum "$npm_data/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$npm_data/node_modules/.robotedge-lock-sha256" 2>/dev/null)" != "$lock_sum" ]; then
  say "fetching npm data (MediaPipe BlazePose models, TFLite WASM interpreter; ~45 MB download, pinned)"
  (cd "$npm_data" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$npm_data/node_modules/.robotedge-lock-sha256"
else
  say "npm data already fetched (tools/npm-data/node_modules)"
fi
