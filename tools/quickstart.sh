#!/bin/sh
# quickstart.sh - on a fresh Debian bookworm machine: install what the
# project needs, build it, and run the main job against the Parsec service
# at PARSEC_SERVICE_ENDPOINT (default unix:/run/parsec/parsec.sock) or, when
# no service answers there, against the bundled test double — saying which.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

echo "== installing build and client packages (apt-get)"
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2046 # one package per word
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends $(grep -v '^#' .ci/packages)

echo "== building"
autoreconf -fi >/dev/null
mkdir -p _build/main
cd _build/main
[ -f Makefile ] || "$top/configure" --enable-werror >/dev/null
make -j"$(nproc)" >/dev/null

echo "== main job"
exec "$top/tools/main-job.sh" "$top/_build/main"
