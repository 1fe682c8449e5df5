#!/bin/sh
# main-job.sh BUILDDIR - talk to the Parsec service through the built client:
# ping it and list its providers. Uses PARSEC_SERVICE_ENDPOINT when a
# service answers there; otherwise starts the test double and says so.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build/main}
tool=$build/tools/parsec-pkcs11
job='echo "\$ parsec-pkcs11 ping"; "$0" ping &&
	echo "\$ parsec-pkcs11 providers"; "$0" providers'

if "$tool" ping >/dev/null 2>&1; then
	echo "Using the Parsec service at ${PARSEC_SERVICE_ENDPOINT:-unix:/run/parsec/parsec.sock}."
	exec sh -c "$job" "$tool"
fi
echo "No Parsec service answers at ${PARSEC_SERVICE_ENDPOINT:-unix:/run/parsec/parsec.sock};"
echo "using the test double (tests/fake-parsec/fake-parsecd) instead."
make -C "$build" tests/fake-parsec/fake-parsecd >/dev/null
FAKE_PARSECD=$build/tests/fake-parsec/fake-parsecd
export FAKE_PARSECD
unset PARSEC_TEST_ENDPOINT
exec "$top/tests/common/with-service.sh" sh -c "$job" "$tool"
