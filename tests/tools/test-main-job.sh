#!/bin/sh
# The quick start's main job (tools/main-job.sh) on this build: against
# the test double (or PARSEC_TEST_ENDPOINT), pkcs11-tool through p11-kit's
# proxy module generates a key, signs a file, and openssl verifies it.
. "$(dirname "$0")/lib.sh"
need_programs pkcs11-tool openssl p11-kit pkg-config unshare
[ -x "$TOOL" ] || skip_all "the tool is not built ($TOOL)"
[ -z "$ASAN_PRELOAD" ] ||
	skip_all "sanitizer build: the main job loads the module into programs not built with ASan"
if ! { [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null; } &&
	! unshare -r -m --propagation private true 2>/dev/null; then
	no_namespace "no private mount namespace here (unshare -m), which the main job needs"
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/main-job-test.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
unset MAKEFLAGS MFLAGS MAKELEVEL PARSEC_PKCS11_STORE PARSEC_PKCS11_APP_NAME
if [ -n "${PARSEC_TEST_ENDPOINT:-}" ]; then
	endpoint=$PARSEC_TEST_ENDPOINT
else
	# Nothing answers there: the job starts the double.
	endpoint=unix:$T/no-service.sock
fi
OUT=$T/job.log
rc=0
PARSEC_SERVICE_ENDPOINT=$endpoint timeout -k 5 240 \
	sh "$TOP_SRCDIR/tools/main-job.sh" "$TOP_BUILDDIR" >"$OUT" 2>&1 </dev/null || rc=$?
if [ $rc -eq 0 ]; then pass "main job (exit 0)"; else fail "main job (exit $rc)"; fi
if [ -z "${PARSEC_TEST_ENDPOINT:-}" ]; then
	has "says it uses the test double" '^using the test double'
else
	has "says it uses the service" '^Using the Parsec service at '
fi
has "p11-kit list-modules shows the module" '^parsec-pkcs11: '
has "pkcs11-tool goes through p11-kit's proxy module" '^\$ pkcs11-tool --module .*p11-kit-proxy\.so --token-label'
has "the key is generated" '^Key pair generated:'
has "openssl verifies the signature" '^Verified OK$'
has "the mapping is consistent" '^consistent: 2 object'
tools_finish
