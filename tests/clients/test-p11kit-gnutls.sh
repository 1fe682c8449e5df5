#!/bin/bash
# p11-kit and GnuTLS: the module registered through a p11-kit module config
# (p11-kit ignores per-user configs for root, so the config dir is replaced
# by a bind mount in a private mount namespace), then p11-kit list-modules
# and p11tool --list-tokens / --list-all / --list-privkeys / --export /
# --test-sign with RFC 7512 pkcs11: URIs, no --provider flag anywhere.
. "$(dirname "$0")/lib.sh"
clients_enter_mount_ns "$@"
clients_init "$@"
need_programs p11-kit p11tool

case $MODULE_NAME in
parsec) conf=parsec-pkcs11 ;;
*) conf=$MODULE_NAME-standin ;;
esac
p11kit_register "$conf"
export GNUTLS_PIN=$PIN

# ------------------------------------------------------------ p11-kit
expect_ok "p11-kit list-modules" p11-kit list-modules &&
	{
		check "list-modules shows $conf: $MODULE" grep -qxF "$conf: $MODULE" "$LAST_LOG"
		check "list-modules shows the token \"$TOKEN_LABEL\"" grep -qE "^ +token: $TOKEN_LABEL\$" "$LAST_LOG"
		check "list-modules shows no other module" test "$(grep -c '^[^ ].*: ' "$LAST_LOG")" -eq 1
	}

# ------------------------------------------------------------ keys
make_key rsa-sign b1 rsa:2048 sign
make_key rsa-pss b2 rsa:2048 sign RSA-PKCS-PSS,SHA256-RSA-PKCS-PSS
make_key ec-sign b3 EC:prime256v1 sign
make_ca
issue_cert ec-sign "/O=parsec-pkcs11 tests/CN=gnutls ec-sign" client && store_cert ec-sign b3

# ------------------------------------------------------------ p11tool
expect_ok "p11tool --list-tokens" p11tool --list-tokens &&
	check "--list-tokens shows \"$TOKEN_LABEL\"" grep -qE "^[[:space:]]+Label: $TOKEN_LABEL\$" "$LAST_LOG"
expect_ok "p11tool --list-token-urls" p11tool --list-token-urls &&
	{
		tok_url=$(grep -F "token=$(uri_escape "$TOKEN_LABEL")" "$LAST_LOG" | head -n 1)
		check "--list-token-urls has a URL with token=$(uri_escape "$TOKEN_LABEL")" test -n "$tok_url"
	}
expect_ok "p11tool --login --list-all $TOKEN_URI" p11tool --login --list-all "$TOKEN_URI" &&
	for k in rsa-sign rsa-pss ec-sign; do
		check "--list-all shows $(label $k) as private and public key" sh -c \
			"grep -A3 'object=$(label $k);type=private' '$LAST_LOG' | grep -q 'Type: Private key' &&
			 grep -A3 'object=$(label $k);type=public' '$LAST_LOG' | grep -q 'Type: Public key'"
	done
check "--list-all shows the certificate next to its key (id b3)" \
	grep -qi "id=%b3;object=$(label ec-sign);type=cert" "$LAST_LOG"
expect_ok "p11tool --login --list-privkeys $TOKEN_URI" p11tool --login --list-privkeys "$TOKEN_URI" &&
	{
		check "--list-privkeys lists 3 private keys" test "$(grep -c 'type=private' "$LAST_LOG")" -eq 3
		check "--list-privkeys: RSA and EC keys" sh -c \
			"grep -q 'Type: Private key (RSA-2048)' '$LAST_LOG' && grep -q 'Type: Private key (EC/ECDSA-SECP256R1)' '$LAST_LOG'"
	}
expect_ok "p11tool --list-all-certs $TOKEN_URI" p11tool --list-all-certs "$TOKEN_URI" &&
	check "--list-all-certs lists the certificate" grep -q "object=$(label ec-sign);type=cert" "$LAST_LOG"
expect_ok "p11tool --export the certificate by id" p11tool --export "$TOKEN_URI;id=%b3;type=cert" --outfile "$T/cert.exported.pem" &&
	check "exported certificate equals the one written" sh -c \
		"openssl x509 -in '$T/cert.exported.pem' -outform DER | cmp -s - '$T/ec-sign.crt.der'"
expect_ok "p11tool --export-pubkey of the EC private key" p11tool --login \
	--export-pubkey "$(key_uri ec-sign private)" --outfile "$T/ec.gnutls.pub.pem" &&
	check "GnuTLS sees the same public key" sh -c \
		"openssl pkey -pubin -in '$T/ec.gnutls.pub.pem' | cmp -s - '$T/ec-sign.pub.pem'"

# --test-sign signs test data with the private key and verifies it with the
# public key; GnuTLS picks PKCS#1 v1.5 for RSA, ECDSA for EC, and PSS (salt
# = hash length) when asked.
test_sign() {
	local name=$1 uri=$2
	shift 2
	expect_ok "p11tool --test-sign $name ($uri)" p11tool --login --test-sign "$@" "$uri" &&
		check "--test-sign $name: signature verified" grep -q 'Verifying against public key in the token\.\.\. ok' "$LAST_LOG"
}
test_sign "RSA PKCS#1 v1.5" "$(key_uri rsa-sign private)"
test_sign "RSA-PSS" "$(key_uri rsa-pss private)" --sign-params RSA-PSS
test_sign "ECDSA" "$(key_uri ec-sign private)"
test_sign "ECDSA by id" "$TOKEN_URI;id=%b3;type=private"

clients_finish
