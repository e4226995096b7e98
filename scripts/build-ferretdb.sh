#!/usr/bin/env bash
# Builds FerretDB v1.24.2 (MongoDB-wire-compatible, SQLite backend) from the Go module proxy
# into .tools/bin/ferretdb. Idempotent: does nothing when the binary is already there.
#
# The module proxy's copy lacks build/version/version.txt (a generated file), and a binary
# built from it panics at start-up; so we build from a writable copy of the module that
# has that file, pinned with a replace directive.
set -euo pipefail

version=v1.24.2
root="$(cd "$(dirname "$0")/.." && pwd)"
bin_dir="$root/.tools/bin"
target="$bin_dir/ferretdb"

if [ -x "$target" ] && "$target" --version >/dev/null 2>&1; then
  exit 0
fi
command -v go >/dev/null || { echo "build-ferretdb: Go is required (https://go.dev/dl/)" >&2; exit 1; }

work="$root/.tools/ferretdb-build"
rm -rf "$work"
mkdir -p "$work" "$bin_dir"
cd "$work"
go mod init ferretdb-build >/dev/null 2>&1
echo "build-ferretdb: fetching github.com/FerretDB/FerretDB@$version" >&2
go get -tool "github.com/FerretDB/FerretDB/cmd/ferretdb@$version" >/dev/null 2>&1
src="$(go list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB)"
cp -r "$src" ./ferretdb-src
chmod -R u+w ./ferretdb-src
echo "$version" > ./ferretdb-src/build/version/version.txt
go mod edit -replace "github.com/FerretDB/FerretDB=./ferretdb-src"
echo "build-ferretdb: compiling (about a minute)" >&2
GOBIN="$bin_dir" GOFLAGS=-buildvcs=false go install github.com/FerretDB/FerretDB/cmd/ferretdb
cd "$root"
rm -rf "$work"
"$target" --version | head -1 >&2
