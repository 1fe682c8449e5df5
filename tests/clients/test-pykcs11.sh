#!/bin/bash
# PyKCS11 (Debian python3-pykcs11): open a session, find keys, sign (RSA
# PKCS#1 v1.5 + SHA-256 and ECDSA), verify with the module and with the
# cryptography package, and find the certificate next to its key.
. "$(dirname "$0")/lib.sh"
clients_init "$@"
# Debian's interpreter: the packages are installed for it, not for a
# python3 that may come first in PATH.
PYTHON=${CLIENTS_PYTHON:-/usr/bin/python3}
need_files "$PYTHON"
"$PYTHON" -c 'import PyKCS11, cryptography' 2>/dev/null ||
	need_files /usr/lib/python3/dist-packages/PyKCS11

make_key py-rsa 71 rsa:2048 sign
make_key py-ec 72 EC:prime256v1 sign
make_ca
issue_cert py-ec "/O=parsec-pkcs11 tests/CN=pykcs11 py-ec" client && store_cert py-ec 72

n_log=$((n_log + 1))
LAST_LOG=$T/logs/$n_log.log
timeout -k 5 60 "$PYTHON" "$CLIENTS_DIR/pykcs11_sign.py" "$MODULE" "$SLOT_ID" "$PIN" \
	"$(label py-rsa)" "$(label py-ec)" >"$LAST_LOG" 2>&1
rc=$?
while IFS= read -r line; do
	case $line in
	"ok - "*) pass "PyKCS11: ${line#ok - }" ;;
	"FAIL - "*) fail "PyKCS11: ${line#FAIL - }" ;;
	*) say "$line" ;;
	esac
done <"$LAST_LOG"
[ $rc -eq 0 ] && pass "pykcs11_sign.py exits 0" || fail "pykcs11_sign.py exits 0 (exit $rc)" "$LAST_LOG"
clients_finish
