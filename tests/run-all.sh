#!/bin/sh
# run-all.sh - every test of the project, as CI runs it.
#
#   1. formatting (clang-format) and man page lint
#   2. a -Werror build and `make check`: unit tests, the Parsec test double,
#      integration tests and the real-client tests
#   3. `make distcheck`: the release tarball builds, installs under a prefix
#      and passes its tests
#   4. a second build with -fsanitize=address,undefined running the unit and
#      integration tests again
#
# Build trees go under _build/. Set PARSEC_TEST_ENDPOINT=unix:/path to run
# the integration tests against a real Parsec service instead of the double.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc 2>/dev/null || echo 2)

step() { printf '\n==== %s (%s)\n' "$1" "$(date +%H:%M:%S)"; }

step "autoreconf"
autoreconf -fi >/dev/null

step "formatting"
tests/check-format.sh

step "main build: make check"
mkdir -p _build/main
(cd _build/main && "$top/configure" --enable-werror >/dev/null &&
	make -j"$jobs" >/dev/null && make -j"$jobs" check) || {
	cat _build/main/test-suite.log 2>/dev/null | tail -n 200
	exit 1
}

step "man pages"
(cd _build/main && make check-man)

step "make distcheck"
(cd _build/main && make -j"$jobs" distcheck >/dev/null) || {
	echo "distcheck failed; rerun with output:" >&2
	(cd _build/main && make distcheck) 2>&1 | tail -n 100
	exit 1
}

step "sanitizer build: unit and integration tests"
mkdir -p _build/asan
(cd _build/asan && "$top/configure" --enable-werror --enable-sanitizers >/dev/null &&
	make -j"$jobs" >/dev/null &&
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	SANITIZER_BUILD=1 make -j"$jobs" check) || {
	cat _build/asan/test-suite.log 2>/dev/null | tail -n 200
	exit 1
}

step "all tests passed"
