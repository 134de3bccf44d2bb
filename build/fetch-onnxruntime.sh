#!/usr/bin/env bash
# Fetches ONNX Runtime 1.29.0 (official C# API sources + Linux x64 native library) from the npm
# package com.github.asus4.onnxruntime, verifies its pinned integrity, and unpacks it into a cache
# folder shared by every build on this machine. Called by src/OnnxRuntime at build time; nothing it
# fetches is ever committed.
#
# usage: fetch-onnxruntime.sh <npm-version> <cache-dir> [gpu]
set -euo pipefail
version="$1"
cache="$2/onnxruntime/$version"
package="com.github.asus4.onnxruntime"
# sha512 of the npm tarball, pinned: a different tarball under the same version is refused.
declare -A pinned_sha512=(
  [0.4.9]=064cf176e499f4891e0cfe90f25cf64c553689eee1492bd2ed921fccca28131a2ad02373267bae19a509ec8b288c182a3b8a2e0f58d76a1f0e63225b08ddbd16
)

if [ -f "$cache/.complete" ]; then
  exit 0
fi
expected="${pinned_sha512[$version]:-}"
if [ -z "$expected" ]; then
  echo "fetch-onnxruntime: no pinned sha512 for $package@$version; add it to $0" >&2
  exit 1
fi
command -v npm >/dev/null || { echo "fetch-onnxruntime: npm is required (apt-get install npm, or Node.js)" >&2; exit 1; }

echo "fetch-onnxruntime: downloading $package@$version from npm (about 150 MB, once per machine)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package@$version" >/dev/null)
tarball=$(ls "$work"/*.tgz)
actual=$(sha512sum "$tarball" | cut -d' ' -f1)
if [ "$actual" != "$expected" ]; then
  echo "fetch-onnxruntime: integrity check failed for $package@$version" >&2
  echo "  expected sha512 $expected" >&2
  echo "  actual   sha512 $actual" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/Runtime package/Plugins/Linux/x64
rm -rf "$cache"
mkdir -p "$cache/src" "$cache/native"
# The training API needs a training build of the native library; it is left out.
(cd "$work/package/Runtime" && find . -name '*.cs' ! -path './Training/*' -exec cp --parents {} "$cache/src/" \;)
cp "$work/package/Plugins/Linux/x64/libonnxruntime.so" "$work/package/Plugins/Linux/x64/libonnxruntime_providers_shared.so" "$cache/native/"
touch "$cache/.complete"
echo "fetch-onnxruntime: ONNX Runtime ready in $cache"
