#!/bin/sh
# with-service.sh CMD [ARGS...] - run CMD with a Parsec service to talk to.
#
# With PARSEC_TEST_ENDPOINT=unix:/path set, that (real) service is used and
# nothing is started. Otherwise the test double is started on a socket in a
# private temp dir (extra double options from WITH_SERVICE_ARGS, e.g.
# "--tpm") and stopped afterwards, whatever CMD does.
#
# CMD sees:
#   PARSEC_SERVICE_ENDPOINT  unix:/... of the service
#   PARSEC_PKCS11_STORE      a private metadata store (unless already set)
#   PARSEC_PKCS11_APP_NAME   one application name for every program of the
#                            test (unless already set), so keys made by one
#                            client are seen by the next
#   WITH_SERVICE_DIR         the private temp dir (removed afterwards)
#   WITH_SERVICE_LOG         the double's request log ("" with a real service)
#   WITH_SERVICE_EXTERNAL    1 with a real service, else 0
set -u

: "${FAKE_PARSECD:=${TOP_BUILDDIR:-.}/tests/fake-parsec/fake-parsecd}"

WITH_SERVICE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/parsec-test.XXXXXX") || exit 99
export WITH_SERVICE_DIR
pid=

cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 20 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$WITH_SERVICE_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "${PARSEC_TEST_ENDPOINT:-}" ]; then
	PARSEC_SERVICE_ENDPOINT=$PARSEC_TEST_ENDPOINT
	WITH_SERVICE_LOG=
	WITH_SERVICE_EXTERNAL=1
else
	sock=$WITH_SERVICE_DIR/parsec.sock
	WITH_SERVICE_LOG=$WITH_SERVICE_DIR/parsec.log
	WITH_SERVICE_EXTERNAL=0
	# shellcheck disable=SC2086 # WITH_SERVICE_ARGS is a word list
	"$FAKE_PARSECD" --socket "$sock" --store "$WITH_SERVICE_DIR/keys.store" \
		--log "$WITH_SERVICE_LOG" ${WITH_SERVICE_ARGS:-} &
	pid=$!
	i=0
	while [ ! -S "$sock" ]; do
		if ! kill -0 "$pid" 2>/dev/null || [ $i -ge 100 ]; then
			echo "with-service: the test double did not start" >&2
			exit 99
		fi
		sleep 0.1
		i=$((i + 1))
	done
	PARSEC_SERVICE_ENDPOINT=unix:$sock
fi
: "${PARSEC_PKCS11_STORE:=sqlite:$WITH_SERVICE_DIR/metadata.sqlite}"
: "${PARSEC_PKCS11_APP_NAME:=parsec-pkcs11-tests}"
export PARSEC_SERVICE_ENDPOINT PARSEC_PKCS11_STORE PARSEC_PKCS11_APP_NAME
export WITH_SERVICE_LOG WITH_SERVICE_EXTERNAL

"$@"
