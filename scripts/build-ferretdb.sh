#!/usr/bin/env bash
# Builds FerretDB v1.24.2 (MongoDB-wire-compatible, SQLite backend) from the Go module proxy
# into .tools/bin/ferretdb. Idempotent: does nothing when the binary is already there and runs.
#
# The module proxy's copy lacks build/version/version.txt (a generated file), and a binary
# built from it panics at start-up; so we build from a writable copy of the module that
# has that file, pinned with a replace directive.
#
# Needs Go 1.24 or newer: the `go 1.24` directive of FerretDB v1.24.2's go.mod (and `go get -tool`
# is new in Go 1.24). On failure it says which step failed and prints the end of Go's output;
# the whole output stays in .tools/ferretdb-build/*.log.
#
# Run on its own (npm run build:ferretdb, CI) it ends with the built binary's version line.
# --quiet leaves that out: scripts/ferretdb-server.ts builds on demand with it, so the demo's
# and the tests' output says only that a build is under way (it takes a minute) and what failed.
set -euo pipefail

quiet=0
if [ "${1:-}" = --quiet ]; then quiet=1; fi

version=v1.24.2
go_min_major=1
go_min_minor=24
root="$(cd "$(dirname "$0")/.." && pwd)"
bin_dir="$root/.tools/bin"
target="$bin_dir/ferretdb"
work="$root/.tools/ferretdb-build"

say() { echo "build-ferretdb: $*" >&2; }
fail() {
  say "$*"
  exit 1
}
# Any other command that fails (cp, mkdir, ...) says where, not just its own error.
trap 'say "failed at line $LINENO: $BASH_COMMAND"' ERR

# go_step STEP LOG ARGS...: runs `go ARGS...` with its output in LOG; on failure, one line
# naming STEP, then the last 30 lines of Go's output, and exit 1.
go_step() {
  local step="$1" log="$2"
  shift 2
  if ! go "$@" >"$log" 2>&1; then
    go_failed "$step" "$log" "go $*"
  fi
}
go_failed() {
  say "$1 failed ($3); Go said (full output in $2):"
  tail -n 30 "$2" >&2
  exit 1
}

if [ -x "$target" ] && "$target" --version >/dev/null 2>&1; then
  exit 0
fi

command -v go >/dev/null || fail "Go $go_min_major.$go_min_minor or newer is required (https://go.dev/dl/); no go on PATH"
go_version="$(go version 2>&1)" || fail "\`go version\` failed: $go_version"
if [[ $go_version =~ go([0-9]+)\.([0-9]+)(\.[0-9]+)? ]]; then
  found="go${BASH_REMATCH[1]}.${BASH_REMATCH[2]}${BASH_REMATCH[3]}"
  if ((BASH_REMATCH[1] < go_min_major || (BASH_REMATCH[1] == go_min_major && BASH_REMATCH[2] < go_min_minor))); then
    fail "FerretDB $version needs Go $go_min_major.$go_min_minor or newer, found $found ($(command -v go)); see https://go.dev/dl/"
  fi
else
  fail "could not read the Go version from \`go version\`: $go_version"
fi

rm -rf "$work"
mkdir -p "$work" "$bin_dir"
cd "$work"
say "building github.com/FerretDB/FerretDB@$version with $found into $target (about a minute)"

go_step "creating the build module" "$work/mod-init.log" mod init ferretdb-build
if ! go get -tool "github.com/FerretDB/FerretDB/cmd/ferretdb@$version" >"$work/get.log" 2>&1; then
  say "downloading the module failed ($(tail -n 1 "$work/get.log")); retrying once"
  sleep 2
  go_step "downloading github.com/FerretDB/FerretDB@$version (second try)" "$work/get.log" \
    get -tool "github.com/FerretDB/FerretDB/cmd/ferretdb@$version"
fi
if ! src="$(go list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB 2>"$work/list.log")" || [ ! -d "$src" ]; then
  go_failed "locating the downloaded module" "$work/list.log" "go list -m github.com/FerretDB/FerretDB"
fi
cp -r "$src" ./ferretdb-src
chmod -R u+w ./ferretdb-src
echo "$version" >./ferretdb-src/build/version/version.txt
go_step "pinning the module copy" "$work/mod-edit.log" mod edit -replace "github.com/FerretDB/FerretDB=./ferretdb-src"
# Installed into the work dir first, and moved into place only once it runs: a leftover file at
# $target that does not run (go install refuses to overwrite it) or a half-written one never stays.
GOBIN="$work/bin" GOFLAGS=-buildvcs=false go_step "compiling FerretDB" "$work/install.log" \
  install github.com/FerretDB/FerretDB/cmd/ferretdb

# The binary must run; the first line of its --version is the last thing printed. No pipe (a
# `| head` under pipefail can kill it with SIGPIPE and fail a good build).
if ! version_out="$("$work/bin/ferretdb" --version 2>&1)"; then
  say "the built ferretdb does not run; \`ferretdb --version\` said:"
  printf '%s\n' "$version_out" >&2
  exit 1
fi
mv -f "$work/bin/ferretdb" "$target"
cd "$root"
rm -rf "$work"
if [ "$quiet" = 0 ]; then printf '%s\n' "${version_out%%$'\n'*}" >&2; fi
