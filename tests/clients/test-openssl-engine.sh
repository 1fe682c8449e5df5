#!/bin/bash
# OpenSSL 3 through libp11's pkcs11 engine (Debian libengine-pkcs11-openssl;
# the OpenSSL 3 pkcs11-provider is not in bookworm): pkeyutl -sign with a
# pkcs11: key, req -x509 self-signed certificates on token keys, and TLS 1.3
# and TLS 1.2 handshakes where s_server uses the token key and s_client
# checks the server's certificate, for an RSA (PSS) and an EC key.
# The engine is configured by an OPENSSL_CONF in the temp dir.
. "$(dirname "$0")/lib.sh"
clients_init "$@"

ENGINE=$(dpkg -L libengine-pkcs11-openssl 2>/dev/null | grep '/engines-3/pkcs11\.so$' | head -n 1)
: "${ENGINE:=/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so}"
need_files "$ENGINE"

cat >"$T/openssl.cnf" <<EOF
openssl_conf = openssl_init
[openssl_init]
engines = engine_section
[engine_section]
pkcs11 = pkcs11_section
[pkcs11_section]
engine_id = pkcs11
dynamic_path = $ENGINE
MODULE_PATH = $MODULE
init = 0
[req]
distinguished_name = req_dn
[req_dn]
EOF
export OPENSSL_CONF=$T/openssl.cnf
ENG=(-engine pkcs11)

# Keys: PKCS#1 v1.5 for pkeyutl, PSS for TLS (TLS 1.3, and OpenSSL's TLS 1.2
# preference, sign RSA with PSS), ECDSA for both.
make_key rsa-sign c1 rsa:2048 sign
make_key rsa-pss c2 rsa:2048 sign RSA-PKCS-PSS,SHA256-RSA-PKCS-PSS
make_key ec-sign c3 EC:prime256v1 sign
# The PIN goes in the URI (RFC 7512 pin-value): a token without a PIN takes
# any, SoftHSM needs its user PIN.
uri() { printf '%s;pin-value=%s' "$(key_uri "$1" private)" "$PIN"; }

expect_ok "openssl engine -t pkcs11 loads from OPENSSL_CONF" openssl engine -t pkcs11 &&
	check "engine pkcs11 is available" grep -q '\[ available \]' "$LAST_LOG"

# ------------------------------------------------------------ pkeyutl -sign
head -c 2000 /dev/urandom >"$T/data"
openssl dgst -sha256 -binary "$T/data" >"$T/data.sha256"
expect_ok "pkeyutl -sign RSA PKCS#1 v1.5 (SHA-256) with $(uri rsa-sign)" openssl pkeyutl "${ENG[@]}" \
	-keyform engine -inkey "$(uri rsa-sign)" -sign -in "$T/data.sha256" \
	-pkeyopt digest:sha256 -out "$T/sig.rsa" &&
	expect_ok "openssl verifies the RSA signature with the exported public key" openssl pkeyutl \
		-verify -pubin -inkey "$T/rsa-sign.pub.pem" -in "$T/data.sha256" \
		-sigfile "$T/sig.rsa" -pkeyopt digest:sha256
expect_ok "pkeyutl -sign RSA-PSS (SHA-256, salt = hash length)" openssl pkeyutl "${ENG[@]}" \
	-keyform engine -inkey "$(uri rsa-pss)" -sign -in "$T/data.sha256" \
	-pkeyopt digest:sha256 -pkeyopt rsa_padding_mode:pss \
	-pkeyopt rsa_pss_saltlen:digest -out "$T/sig.pss" &&
	expect_ok "openssl verifies the PSS signature" openssl pkeyutl -verify -pubin \
		-inkey "$T/rsa-pss.pub.pem" -in "$T/data.sha256" -sigfile "$T/sig.pss" \
		-pkeyopt digest:sha256 -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:digest
expect_ok "pkeyutl -sign ECDSA with $(uri ec-sign)" openssl pkeyutl "${ENG[@]}" \
	-keyform engine -inkey "$(uri ec-sign)" -sign -in "$T/data.sha256" -out "$T/sig.ec" &&
	expect_ok "openssl verifies the ECDSA signature" openssl pkeyutl -verify -pubin \
		-inkey "$T/ec-sign.pub.pem" -in "$T/data.sha256" -sigfile "$T/sig.ec"
expect_ok "dgst -sha384 -sign ECDSA through the engine" openssl dgst "${ENG[@]}" \
	-keyform engine -sign "$(uri ec-sign)" -sha384 -out "$T/sig.ec384" "$T/data" &&
	expect_ok "openssl dgst verifies it" openssl dgst -sha384 -verify "$T/ec-sign.pub.pem" \
		-signature "$T/sig.ec384" "$T/data"

# ------------------------------------------------------------ req -x509
# self_signed NAME [SIGOPTS...]: a self-signed server certificate on a token
# key (SAN 127.0.0.1), stored on the token next to the key.
self_signed() {
	local name=$1 id=$2
	shift 2
	expect_ok "req -x509 self-signed certificate on $name" openssl req -x509 "${ENG[@]}" \
		-keyform engine -key "$(uri "$name")" -sha256 "$@" -days 2 \
		-subj "/O=parsec-pkcs11 tests/CN=openssl $name" \
		-addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
		-addext "keyUsage=critical,digitalSignature,keyCertSign" \
		-addext "extendedKeyUsage=serverAuth" -out "$T/$name.crt.pem" || return 1
	check "$name: certificate verifies against itself (token signature good)" \
		openssl verify -CAfile "$T/$name.crt.pem" "$T/$name.crt.pem"
	check "$name: certificate holds the token's public key" sh -c \
		"openssl x509 -in '$T/$name.crt.pem' -pubkey -noout | cmp -s - '$T/$name.pub.pem'"
	openssl x509 -in "$T/$name.crt.pem" -outform DER -out "$T/$name.crt.der"
	store_cert "$name" "$id"
}
self_signed rsa-pss c2 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest &&
	check "rsa-pss certificate is signed with RSA-PSS" sh -c \
		"openssl x509 -in '$T/rsa-pss.crt.pem' -noout -text | grep -q 'Signature Algorithm: rsassaPss'"
self_signed ec-sign c3
expect_ok "req -new (CSR) signed by the PKCS#1 v1.5 key" openssl req -new "${ENG[@]}" \
	-keyform engine -key "$(uri rsa-sign)" -sha256 -subj "/CN=openssl rsa-sign" \
	-out "$T/rsa-sign.csr" &&
	check "the CSR's signature verifies" openssl req -in "$T/rsa-sign.csr" -verify -noout

# The certificate stored on the token sits next to its key (same CKA_ID).
# OpenSSL's apps cannot load a certificate through an engine (libp11's
# LOAD_CERT_CTRL has no command-line use), so pkcs11-tool reads it back.
expect_ok "certificate on the token next to key c3" p11 --read-object --type cert --id c3 -o "$T/c3.read.der" &&
	check "it is the self-signed certificate" cmp "$T/c3.read.der" "$T/ec-sign.crt.der"

# ------------------------------------------------------------ TLS
# tls_pair NAME: s_server with the token key and its certificate; s_client
# connects with TLS 1.3 then TLS 1.2, trusting only that certificate.
tls_pair() {
	local name=$1 want_sig=$2 port pid v out
	port=$(free_port) || { fail "free port"; return 1; }
	bg_start "s_server-$name" timeout -k 5 120 openssl s_server "${ENG[@]}" -keyform engine \
		-key "$(uri "$name")" -cert "$T/$name.crt.pem" -accept "127.0.0.1:$port" -www
	pid=$BG_PID
	if ! wait_port "$port" "$pid" 20; then
		fail "s_server with $name listens on 127.0.0.1:$port" "$T/s_server-$name.log"
		return 1
	fi
	pass "s_server with $name listens on 127.0.0.1:$port"
	for v in 1.3 1.2; do
		out=$T/s_client-$name-$v.log
		printf 'GET / HTTP/1.0\r\n\r\n' | timeout -k 5 30 openssl s_client \
			-connect "127.0.0.1:$port" -servername localhost "-tls${v/./_}" \
			-verify_return_error -CAfile "$T/$name.crt.pem" -ign_eof >"$out" 2>&1
		if grep -q 'Verify return code: 0 (ok)' "$out" &&
			grep -qE "Protocol *: TLSv$v\$" "$out" &&
			grep -q 'Peer signature type: '"$want_sig" "$out" &&
			grep -q '^HTTP/1.0 200 ok' "$out"; then
			pass "TLS $v handshake, server key $name on the token ($want_sig), certificate verified"
		else
			fail "TLS $v handshake, server key $name on the token ($want_sig), certificate verified" "$out"
			tail -n 5 "$T/s_server-$name.log" | sed 's/^/    | server: /'
		fi
	done
	stop_pid "$pid"
}
[ -f "$T/rsa-pss.crt.pem" ] && tls_pair rsa-pss RSA-PSS
[ -f "$T/ec-sign.crt.pem" ] && tls_pair ec-sign ECDSA

clients_finish
