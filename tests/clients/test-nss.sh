#!/bin/bash
# NSS, the library behind Firefox: modutil -add registers the module in a
# fresh NSS database, certutil -K / -L -h all see the token's keys and the
# certificate stored next to its key, and selfserv serves TLS 1.3 and 1.2
# with the token key + certificate while tstclnt (trusting only a test CA in
# its own database) connects, for an EC and an RSA-PSS key.
. "$(dirname "$0")/lib.sh"
clients_enter_net_ns "$@"
clients_init "$@"
need_programs modutil certutil selfserv tstclnt

DB=sql:$T/nssdb
CDB=sql:$T/clientdb
mkdir -p "$T/nssdb" "$T/clientdb"
printf '%s\n' "$PIN" >"$T/pin.txt"
certutil -N -d "$DB" --empty-password
certutil -N -d "$CDB" --empty-password

# ------------------------------------------------------------ modutil
expect_ok "modutil -add parsec -libfile module" modutil -dbdir "$DB" -add parsec \
	-libfile "$MODULE" -force
expect_ok "modutil -list parsec" modutil -dbdir "$DB" -list parsec &&
	{
		check "modutil -list shows the library" grep -qF "$MODULE" "$LAST_LOG"
		check "modutil -list shows token \"$TOKEN_LABEL\"" grep -qE "Token Name: +$TOKEN_LABEL *\$" "$LAST_LOG"
	}

# ------------------------------------------------------------ keys, certs
make_key ec-server e1 EC:prime256v1 sign
make_key rsa-server e2 rsa:2048 sign RSA-PKCS-PSS,SHA256-RSA-PKCS-PSS
make_ca
issue_cert ec-server "/O=parsec-pkcs11 tests/CN=nss ec-server" server && store_cert ec-server e1
issue_cert rsa-server "/O=parsec-pkcs11 tests/CN=nss rsa-server" server && store_cert rsa-server e2
expect_ok "certutil -A: the client trusts the test CA" certutil -A -d "$CDB" -n test-ca \
	-t C,, -i "$T/ca.pem"

expect_ok "certutil -K -h \"$TOKEN_LABEL\" (keys on the token)" certutil -K -d "$DB" \
	-h "$TOKEN_LABEL" -f "$T/pin.txt" &&
	for k in ec-server:e1:ec rsa-server:e2:rsa; do
		IFS=: read -r k id type <<<"$k"
		check "certutil -K lists the $type key id $id with its certificate $(label $k)" \
			grep -qE "> $type +$id +($TOKEN_LABEL:)?$(label $k)\$" "$LAST_LOG"
	done
expect_ok "certutil -L -h all" certutil -L -d "$DB" -h all -f "$T/pin.txt" &&
	for k in ec-server rsa-server; do
		check "certutil -L lists $TOKEN_LABEL:$(label $k)" grep -qE "^$TOKEN_LABEL:$(label $k) " "$LAST_LOG"
	done
expect_ok "certutil -L -n (certificate from the token)" certutil -L -d "$DB" -h "$TOKEN_LABEL" \
	-f "$T/pin.txt" -n "$TOKEN_LABEL:$(label ec-server)" -a -o "$T/ec.nss.pem" &&
	check "the token certificate NSS reads equals the one written" sh -c \
		"openssl x509 -in '$T/ec.nss.pem' -outform DER | cmp -s - '$T/ec-server.crt.der'"

# ------------------------------------------------------------ TLS
# nss_tls NAME SIGSCHEME: selfserv with the token key, tstclnt verifies.
nss_tls() {
	local name=$1 scheme=$2 port pid v out
	# fail_or_limit CHECK LOG: a stand-in module may have a named reason.
	fail_or_limit() {
		if [ -n "${MODULE_LIMITS[nss-$name]:-}" ]; then
			limit "$1" "${MODULE_LIMITS[nss-$name]}"
		else
			fail "$1" "$2"
		fi
	}
	port=$(free_port) || { fail "free port"; return 1; }
	bg_start "selfserv-$name" timeout -k 5 120 selfserv -d "$DB" -p "$port" \
		-n "$TOKEN_LABEL:$(label "$name")" -f "$T/pin.txt" -V tls1.2:tls1.3 -J "$scheme"
	pid=$BG_PID
	if ! wait_port "$port" "$pid" 20; then
		fail_or_limit "selfserv with $name listens on port $port" "$T/selfserv-$name.log"
		return 1
	fi
	pass "selfserv with $name listens on port $port (loopback-only namespace)"
	for v in tls1.3 tls1.2; do
		out=$T/tstclnt-$name-$v.log
		# -A: the request from a file; tstclnt then exits after the answer
		# (with the request on stdin it waits, or spins at EOF).
		printf 'GET / HTTP/1.0\r\n\r\n' >"$T/request"
		timeout -k 5 30 tstclnt -h 127.0.0.1 -p "$port" -a localhost -d "$CDB" \
			-V "$v:$v" -J "$scheme" -C -v -A "$T/request" </dev/null 2>&1 |
			head -c 1000000 >"$out"
		if grep -q "subject DN: .*CN=nss $name" "$out" &&
			grep -q 'SSL version 3\.'"$([ $v = tls1.3 ] && echo 4 || echo 3)" "$out" &&
			grep -q "Signature Scheme: $scheme" "$out" &&
			grep -q 'HTTP/1.0 200 OK' "$out"; then
			pass "$v handshake: selfserv signs with $name on the token ($scheme), tstclnt verifies it"
		else
			fail_or_limit "$v handshake: selfserv signs with $name on the token ($scheme), tstclnt verifies it" "$out"
			tail -n 5 "$T/selfserv-$name.log" | sed 's/^/    | server: /'
		fi
	done
	stop_pid "$pid"
}
nss_tls ec-server ecdsa_secp256r1_sha256
nss_tls rsa-server rsa_pss_rsae_sha256

clients_finish
