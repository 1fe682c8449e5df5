# shellcheck shell=bash
# tests/clients/lib.sh - sourced by every client test (bash).
#
# Module selection (CLIENT_TEST_MODULE):
#   parsec (default)  our module, $PARSEC_PKCS11_MODULE, run inside
#                     tests/common/with-service.sh (the Parsec test double, or
#                     the real service at PARSEC_TEST_ENDPOINT)
#   softhsm           Debian's SoftHSMv2 as a stand-in, a fresh token per run
# Everything module-specific lives in the two setup hooks below
# (module_hook_parsec, module_hook_softhsm); the tests themselves only use
# MODULE, SLOT_ID, TOKEN_LABEL, TOKEN_URI and PIN.
#
# Reporting: each check prints "ok - NAME", "FAIL - NAME" (with the tail of
# its output) or "LIMIT - NAME: WHY" (a named limitation that is not a
# failure); clients_finish prints "N passed, N failed" and sets the exit
# code. Exit 77 (automake's SKIP) only through skip_all, with a reason.

set -u

CLIENTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${TOP_SRCDIR:=$(cd "$CLIENTS_DIR/../.." && pwd)}"
# make check exports TOP_BUILDDIR; run by hand from the top build dir, the
# scripts find the built tree there.
if [ -z "${TOP_BUILDDIR:-}" ] && [ -f ./config.status ] && [ -d ./module ]; then
	TOP_BUILDDIR=$PWD
fi
[ -n "${TOP_BUILDDIR:-}" ] && export TOP_BUILDDIR
PIN=1234
SOFTHSM_MODULE=${SOFTHSM_MODULE:-/usr/lib/softhsm/libsofthsm2.so}
# Bound for one client command (seconds); servers get their own bounds.
CMD_TIMEOUT=${CMD_TIMEOUT:-60}

checks_passed=0
checks_failed=0
checks_limited=0
T=
bg_pids=()
cleanup_hooks=()

say() { printf '%s\n' "$*"; }

# skip_all REASON: the whole script cannot run here (exit 77). A program
# that is not installed is a failure in CI, which installs every package of
# .ci/packages (see README.md).
skip_all() {
	say "SKIP: $*"
	exit 77
}

need_programs() {
	local p missing=
	for p in "$@"; do
		command -v "$p" >/dev/null 2>&1 || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ "${CI:-}" = true ]; then
		say "FAIL - programs installed:$missing missing (CI must install them)"
		exit 1
	fi
	skip_all "program(s) not installed:$missing"
}

# no_namespace WHY: the private namespace a script needs cannot be had.
# CI runs as root on a machine that allows them: there it is a failure (a
# skipped client test would hide that the client never ran), elsewhere a
# skip.
no_namespace() {
	if [ "${CI:-}" = true ]; then
		say "FAIL - $* (CI must allow it)"
		exit 1
	fi
	skip_all "$*"
}

need_files() {
	local f
	for f in "$@"; do
		[ -e "$f" ] && continue
		if [ "${CI:-}" = true ]; then
			say "FAIL - file $f missing (CI must install its package)"
			exit 1
		fi
		skip_all "file not installed: $f"
	done
}

pass() {
	checks_passed=$((checks_passed + 1))
	say "ok - $1"
}

# fail NAME [LOGFILE]
fail() {
	checks_failed=$((checks_failed + 1))
	say "FAIL - $1"
	if [ -n "${2:-}" ] && [ -f "$2" ]; then
		tail -n 25 "$2" | sed 's/^/    | /'
	fi
}

# limit NAME WHY: a check that cannot pass for a documented reason.
limit() {
	checks_limited=$((checks_limited + 1))
	say "LIMIT - $1: $2"
}

# check NAME CONDITION-COMMAND...: pass when the command succeeds (silently).
check() {
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name"; fi
}

n_log=0
# expect_ok NAME CMD...: run CMD (bounded) with its output in $T/logs.
# The log path of the last command is in $LAST_LOG.
expect_ok() {
	local name=$1
	shift
	n_log=$((n_log + 1))
	LAST_LOG=$T/logs/$n_log.log
	local rc=0
	timeout -k 5 "$CMD_TIMEOUT" "$@" >"$LAST_LOG" 2>&1 </dev/null || rc=$?
	if [ $rc -eq 0 ]; then
		pass "$name"
		return 0
	fi
	echo "(exit $rc) $*" >>"$LAST_LOG"
	if [ -n "${LIMIT_KEY:-}" ] && [ -n "${MODULE_LIMITS[$LIMIT_KEY]:-}" ]; then
		limit "$name" "${MODULE_LIMITS[$LIMIT_KEY]}"
		return 1
	fi
	fail "$name" "$LAST_LOG"
	return 1
}

# LIMIT_KEY=KEY expect_ok ...: a failure is a named limitation when the
# module hook lists KEY in MODULE_LIMITS (stand-in modules only).
declare -A MODULE_LIMITS=()

# expect_fail NAME CMD...: the command must fail (e.g. a deleted object).
expect_fail() {
	local name=$1
	shift
	n_log=$((n_log + 1))
	LAST_LOG=$T/logs/$n_log.log
	if timeout -k 5 "$CMD_TIMEOUT" "$@" >"$LAST_LOG" 2>&1 </dev/null; then
		fail "$name (the command succeeded)" "$LAST_LOG"
		return 1
	fi
	pass "$name"
}

clients_finish() {
	say "# module: $MODULE_NAME ($MODULE), token \"$TOKEN_LABEL\" (slot $SLOT_ID)"
	[ "$checks_limited" -gt 0 ] &&
		say "# $checks_limited named limitation(s), see LIMIT lines"
	say "$checks_passed passed, $checks_failed failed"
	[ "$checks_failed" -eq 0 ] && [ "$checks_passed" -gt 0 ]
	exit $?
}

# ---------------------------------------------------------------- cleanup

# bg_start NAME CMD...: start a server in the background, killed on exit.
bg_start() {
	local name=$1
	shift
	"$@" >"$T/$name.log" 2>&1 </dev/null &
	BG_PID=$!
	bg_pids+=("$BG_PID")
}

stop_pid() {
	local pid=$1 i=0
	kill "$pid" 2>/dev/null || return 0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 30 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

clients_cleanup() {
	local pid h
	for h in "${cleanup_hooks[@]}"; do
		$h
	done
	for pid in "${bg_pids[@]}"; do
		stop_pid "$pid"
	done
	if [ -n "$T" ] && [ -d "$T" ]; then
		if [ -n "${CLIENTS_KEEP_TMP:-}" ]; then
			say "# kept $T"
		else
			rm -rf "$T"
		fi
	fi
}

# ------------------------------------------------------------- loopback

# free_port: a random TCP port on 127.0.0.1 that nothing listens on.
free_port() {
	local port i
	for i in $(seq 1 50); do
		port=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
		if [ -z "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

# wait_port PORT [PID] [SECONDS]: until something listens on 127.0.0.1:PORT
# (checked with ss, so no connection is made); fails early if PID dies.
wait_port() {
	local port=$1 pid=${2:-} limit=${3:-20} i=0
	while [ $i -lt $((limit * 10)) ]; do
		if [ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]; then
			return 0
		fi
		if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# -------------------------------------------------------- module hooks

# Our module: the built library, inside with-service.sh (which gives the
# Parsec test double or PARSEC_TEST_ENDPOINT, a private metadata store and
# one application name for every program). No token init: a token with no
# PIN accepts any PIN, so PIN=1234 works for tools that insist on one.
module_hook_parsec() {
	MODULE_NAME=parsec
	MODULE=${PARSEC_PKCS11_MODULE:-}
	if [ -z "$MODULE" ] && [ -n "${TOP_BUILDDIR:-}" ]; then
		MODULE=$TOP_BUILDDIR/module/.libs/libparsec-pkcs11.so
	fi
	if [ -z "$MODULE" ] || [ ! -f "$MODULE" ]; then
		skip_all "our module is not built (PARSEC_PKCS11_MODULE=${MODULE:-unset})"
	fi
	# The client programs are not built with the sanitizers: they cannot
	# load a module that is (ASan's runtime must come first). The main
	# build runs these tests; the sanitizer build runs the C tests.
	if ldd "$MODULE" 2>/dev/null | grep -q libasan; then
		skip_all "our module is built with --enable-sanitizers; the client programs cannot load it"
	fi
	if [ -z "${WITH_SERVICE_DIR:-}" ]; then
		if [ -z "${PARSEC_TEST_ENDPOINT:-}" ]; then
			local fake=${FAKE_PARSECD:-${TOP_BUILDDIR:-.}/tests/fake-parsec/fake-parsecd}
			[ -x "$fake" ] ||
				skip_all "the Parsec test double is not built ($fake) and PARSEC_TEST_ENDPOINT is unset"
		fi
		export PARSEC_PKCS11_MODULE=$MODULE
		exec sh "$TOP_SRCDIR/tests/common/with-service.sh" "$0" "$@"
	fi
	SLOT_ID=${CLIENT_TEST_SLOT:-1}
	# Labels carry a per-run tag so that runs against a real (shared)
	# service do not collide; keys made by a run are deleted at its end.
	if [ "${WITH_SERVICE_EXTERNAL:-0}" = 1 ]; then
		RUN_TAG=-$(od -An -N3 -tx1 /dev/urandom | tr -d ' ')
		cleanup_hooks+=(delete_made_keys)
	fi
	# Known limitations of pkcs11-tool --test on this module (see
	# p11test_run in test-pkcs11-tool.sh): none beyond the one-algorithm
	# rule, which is named from the keys' purposes.
	P11TEST_MODULE_LIMITS=()
	# An RSA key made for decryption decrypts with OAEP(SHA-256).
	OAEP_HASH=SHA256
}

# SoftHSMv2: a private token directory, a token initialised with user PIN
# 1234 (SoftHSM requires a login for private objects).
module_hook_softhsm() {
	MODULE_NAME=softhsm
	MODULE=$SOFTHSM_MODULE
	need_programs softhsm2-util
	need_files "$MODULE"
	mkdir -p "$T/softhsm/tokens"
	printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' \
		"$T/softhsm/tokens" >"$T/softhsm/softhsm2.conf"
	export SOFTHSM2_CONF=$T/softhsm/softhsm2.conf
	softhsm2-util --init-token --free --label parsec-clients \
		--so-pin 87654321 --pin "$PIN" >"$T/softhsm/init.log" 2>&1 ||
		{ cat "$T/softhsm/init.log"; exit 99; }
	SLOT_ID=$(sed -n 's/.*reassigned to slot \([0-9]*\).*/\1/p' "$T/softhsm/init.log")
	[ -n "$SLOT_ID" ] || { cat "$T/softhsm/init.log"; exit 99; }
	# SoftHSM does not take an OAEP label (CKR_ARGUMENTS_BAD), and
	# pkcs11-tool --test decrypts with one on every RSA key that may decrypt
	# (SoftHSM's keys may, whatever the usage asked for).
	P11TEST_MODULE_LIMITS=("C_DecryptInit failed: rv = CKR_ARGUMENTS_BAD|SoftHSM rejects an OAEP label (pkcs11-tool --test decrypts with label \"ABC\")")
	# Keys get CKA_ALLOWED_MECHANISMS like a Parsec key's policy, so that a
	# client using another mechanism than the one a Parsec key permits
	# fails here too.
	EMULATE_PARSEC_POLICY=1
	# SoftHSM's OAEP takes SHA-1 only; our module's default is SHA-256.
	OAEP_HASH=SHA-1
	MODULE_LIMITS[nss-rsa-server]="NSS selfserv cannot use any RSA key on a SoftHSM token (SSL_ConfigServerCert: SEC_ERROR_NO_MEMORY; the same script passes with the key in NSS's own database)"
	# Seen here: headless Firefox stops in the TLS handshake with its socket
	# thread waiting in NSS's password callback (gdb), also with the slot
	# set PublicCerts/askpw=never; our module's token needs no login.
	MODULE_LIMITS[firefox-client-auth]="SoftHSM's token always requires a login (CKF_LOGIN_REQUIRED) and headless Firefox waits for a PIN prompt it cannot show"
	FIREFOX_TIMEOUT=40
	MODULE_LIMITS[test-fork]="SoftHSMv2 is not fork-aware: C_Initialize in the child returns CKR_CRYPTOKI_ALREADY_INITIALIZED"
}

# clients_init "$@": select the module, make the temp dir, find the token.
clients_init() {
	RUN_TAG=
	case ${CLIENT_TEST_MODULE:-parsec} in
	parsec) ;;
	softhsm) ;;
	*)
		say "CLIENT_TEST_MODULE must be parsec or softhsm"
		exit 99
		;;
	esac
	need_programs pkcs11-tool openssl timeout ss od
	# Re-exec under with-service.sh happens before anything is created.
	[ "${CLIENT_TEST_MODULE:-parsec}" = parsec ] && [ -z "${WITH_SERVICE_DIR:-}" ] &&
		module_hook_parsec "$@"
	T=$(mktemp -d "${TMPDIR:-/tmp}/parsec-clients.XXXXXX") || exit 99
	mkdir -p "$T/logs"
	trap clients_cleanup EXIT
	trap 'exit 130' INT TERM
	if [ "${CLIENT_TEST_MODULE:-parsec}" = parsec ]; then
		module_hook_parsec "$@"
	else
		module_hook_softhsm
	fi
	if ! timeout 30 pkcs11-tool --module "$MODULE" -I >"$T/info.log" 2>&1; then
		fail "module loads (pkcs11-tool -I)" "$T/info.log"
		exit 1
	fi
	make_p11_wrappers
	TOKEN_LABEL=$(token_label_of_slot "$SLOT_ID")
	if [ -z "$TOKEN_LABEL" ]; then
		fail "slot $SLOT_ID holds a token"
		pkcs11-tool --module "$MODULE" -L 2>&1 | sed 's/^/    | /'
		exit 1
	fi
	TOKEN_URI="pkcs11:token=$(uri_escape "$TOKEN_LABEL")"
	if ! timeout 30 p11 -M >"$T/mechanisms.log" 2>&1 ||
		! grep -q '[ ,]sign' "$T/mechanisms.log"; then
		fail "slot $SLOT_ID advertises a signing mechanism" "$T/mechanisms.log"
		exit 1
	fi
	say "# module $MODULE_NAME: $MODULE, slot $SLOT_ID, token \"$TOKEN_LABEL\""
}

# token_label_of_slot ID: the token label pkcs11-tool -L shows for slot ID.
token_label_of_slot() {
	local hex
	hex=$(printf '0x%x' "$1")
	pkcs11-tool --module "$MODULE" -L 2>/dev/null | awk -v hex="($hex):" '
		/^Slot / { inslot = (index($0, hex) > 0) }
		inslot && /token label/ {
			sub(/^[^:]*: /, ""); sub(/[ \t]+$/, ""); print; exit
		}'
}

# uri_escape STRING: RFC 3986 percent-encoding for a pkcs11: URI attribute.
uri_escape() {
	local s=$1 out="" c i
	local LC_ALL=C
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[A-Za-z0-9._~-]) out+=$c ;;
		*) out+=$(printf '%%%02X' "'$c") ;;
		esac
	done
	printf '%s' "$out"
}

# p11 / p11_login: pkcs11-tool on the test token, as programs in $T/bin so
# that timeout and other wrappers can run them.
make_p11_wrappers() {
	mkdir -p "$T/bin"
	printf '#!/bin/sh\nexec pkcs11-tool --module "%s" --slot "%s" "$@"\n' \
		"$MODULE" "$SLOT_ID" >"$T/bin/p11"
	printf '#!/bin/sh\nexec pkcs11-tool --module "%s" --slot "%s" --login --pin "%s" "$@"\n' \
		"$MODULE" "$SLOT_ID" "$PIN" >"$T/bin/p11_login"
	chmod +x "$T/bin/p11" "$T/bin/p11_login"
	PATH=$T/bin:$PATH
}

# ------------------------------------------------------ keys and certificates

made_ids=()

# label NAME: the label a key called NAME gets in this run.
label() { printf '%s%s' "$1" "$RUN_TAG"; }

# make_key NAME ID KEYTYPE USAGE [ALLOWED-MECHANISMS]
#   KEYTYPE rsa:2048 | EC:prime256v1; USAGE sign | decrypt | derive.
#   Leaves $T/NAME.pub.pem (the public key read back from the token).
make_key() {
	local name=$1 id=$2 type=$3 usage=$4 mechs=${5:-}
	local args=(--keypairgen --key-type "$type" "--usage-$usage"
		--label "$(label "$name")" --id "$id")
	# A stand-in module is made to restrict each key the way a Parsec key
	# is restricted by default (see the hooks); our module needs no list.
	if [ -z "$mechs" ] && [ "${EMULATE_PARSEC_POLICY:-0}" = 1 ]; then
		mechs=$(parsec_default_mechs "$type" "$usage")
	fi
	[ -n "$mechs" ] && args+=(--allowed-mechanisms "$mechs")
	expect_ok "pkcs11-tool --keypairgen $type --usage-$usage${mechs:+ --allowed-mechanisms $mechs} ($name)" \
		p11_login "${args[@]}" || return 1
	made_ids+=("$id")
	export_pubkey "$name" "$id"
}

export_pubkey() {
	local name=$1 id=$2
	{
		timeout 30 p11 --read-object --type pubkey --id "$id" \
			-o "$T/$name.pub.der" >"$T/logs/read-$name.log" 2>&1 ||
			ec_pubkey_from_listing "$name" "$id" >>"$T/logs/read-$name.log" 2>&1
	} &&
		openssl pkey -pubin -inform DER -in "$T/$name.pub.der" \
			-out "$T/$name.pub.pem" 2>>"$T/logs/read-$name.log" ||
		{
			fail "public key of $name read back from the token" "$T/logs/read-$name.log"
			return 1
		}
}

# ec_pubkey_from_listing NAME ID: $T/NAME.pub.der (SubjectPublicKeyInfo)
# from the CKA_EC_PARAMS and CKA_EC_POINT that pkcs11-tool -O prints.
# OpenSC 0.23's --read-object of an EC public key reads memory it freed
# with OpenSSL 3 and fails ("cannot create EVP_PKEY", OpenSC issue 3200)
# or not, depending on the heap: this way does not depend on it.
ec_pubkey_from_listing() {
	local name=$1 id=$2 params point curve hdr conf=$T/$1.spki.cnf
	timeout 30 p11 -O --type pubkey >"$T/$name.listing" 2>&1 || return 1
	# The EC_POINT and EC_PARAMS lines of the object whose ID is $id.
	read -r point params < <(awk -v id="$id" '
		/^Public Key Object/ { pt = ""; pa = "" }
		/EC_POINT:/ { pt = $2 }
		/EC_PARAMS:/ { pa = $2 }
		/^ *ID:/ && $2 == id { print pt, pa; exit }' "$T/$name.listing")
	case $params in
	06082a8648ce3d030107) curve=prime256v1 ;;
	06052b81040022) curve=secp384r1 ;;
	06052b81040023) curve=secp521r1 ;;
	06052b8104000a) curve=secp256k1 ;;
	*) echo "no EC public key with ID $id" && return 1 ;;
	esac
	# CKA_EC_POINT is a DER OCTET STRING: its header is 2 bytes, or 3
	# with a long-form length (P-521).
	case $point in 0481*) hdr=6 ;; *) hdr=4 ;; esac
	printf '%s\n' 'asn1=SEQUENCE:spki' '[spki]' 'alg=SEQUENCE:alg' \
		"key=FORMAT:HEX,BITSTRING:${point:$hdr}" '[alg]' \
		'oid=OID:id-ecPublicKey' "curve=OID:$curve" >"$conf"
	openssl asn1parse -genconf "$conf" -noout -out "$T/$name.pub.der"
}

delete_made_keys() {
	local id
	for id in "${made_ids[@]}"; do
		for t in privkey pubkey cert; do
			timeout 30 p11_login --delete-object --type $t --id "$id" >/dev/null 2>&1
		done
	done
}

# parsec_default_mechs KEYTYPE USAGE: the mechanisms a key of our module
# allows by default (issue 3/4): RSA sign PKCS#1 v1.5 with any hash, RSA
# decrypt OAEP, EC sign ECDSA with any hash, EC derive ECDH.
parsec_default_mechs() {
	case $1:$2 in
	rsa*:sign) echo RSA-PKCS,SHA1-RSA-PKCS,SHA224-RSA-PKCS,SHA256-RSA-PKCS,SHA384-RSA-PKCS,SHA512-RSA-PKCS ;;
	rsa*:decrypt) echo RSA-PKCS-OAEP ;;
	EC*:sign) echo ECDSA,ECDSA-SHA1,ECDSA-SHA224,ECDSA-SHA256,ECDSA-SHA384,ECDSA-SHA512 ;;
	EC*:derive) echo ECDH1-DERIVE ;;
	esac
}

# key_uri NAME [TYPE]: RFC 7512 URI of a token object.
key_uri() {
	printf '%s;object=%s%s' "$TOKEN_URI" "$(uri_escape "$(label "$1")")" \
		"${2:+;type=$2}"
}

# make_ca: a test CA made by openssl outside the token ($T/ca.pem, ca.key).
make_ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$T/ca.key" -out "$T/ca.pem" -days 2 \
		-subj "/O=parsec-pkcs11 tests/CN=Test CA" \
		-addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign \
		>"$T/logs/ca.log" 2>&1 || { cat "$T/logs/ca.log"; exit 99; }
}

# issue_cert NAME SUBJECT KIND: a CA-issued certificate for the token key
# NAME ($T/NAME.pub.pem) -> $T/NAME.crt.pem and .crt.der. KIND is server
# (SAN 127.0.0.1 and localhost) or client. The request is signed by a
# throw-away key and -force_pubkey puts the token's key in the certificate,
# so no token signature is needed here.
issue_cert() {
	local name=$1 subj=$2 kind=$3 ext=$T/$1.ext
	case $kind in
	# NSS wants keyEncipherment on an RSA server certificate.
	server) printf '%s\n' "basicConstraints=CA:FALSE" \
		"keyUsage=critical,digitalSignature$(grep -q 'BEGIN PUBLIC KEY' "$T/$1.pub.pem" &&
			openssl pkey -pubin -in "$T/$1.pub.pem" -noout -text 2>/dev/null |
			grep -q '^Modulus' && echo ,keyEncipherment)" \
		"extendedKeyUsage=serverAuth" \
		"subjectAltName=IP:127.0.0.1,DNS:localhost" >"$ext" ;;
	client) printf '%s\n' "basicConstraints=CA:FALSE" \
		"keyUsage=critical,digitalSignature" \
		"extendedKeyUsage=clientAuth" >"$ext" ;;
	esac
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$T/$name.throwaway.key" -subj "$subj" \
		-out "$T/$name.csr" >"$T/logs/cert-$name.log" 2>&1 &&
		openssl x509 -req -in "$T/$name.csr" -force_pubkey "$T/$name.pub.pem" \
			-CA "$T/ca.pem" -CAkey "$T/ca.key" -set_serial "0x$(od -An -N8 -tx1 /dev/urandom | tr -d ' ')" \
			-days 2 -extfile "$ext" -out "$T/$name.crt.pem" >>"$T/logs/cert-$name.log" 2>&1 &&
		openssl x509 -in "$T/$name.crt.pem" -outform DER -out "$T/$name.crt.der" 2>>"$T/logs/cert-$name.log" ||
		{
			fail "certificate for $name issued by the test CA" "$T/logs/cert-$name.log"
			return 1
		}
}

# store_cert NAME ID: write $T/NAME.crt.der to the token next to key ID.
store_cert() {
	expect_ok "pkcs11-tool --write-object certificate $(label "$1") (id $2)" \
		p11_login --write-object "$T/$1.crt.der" --type cert \
		--id "$2" --label "$(label "$1")"
}

# ------------------------------------------------------ private mount namespace

# clients_enter_mount_ns "$@": re-run the script in a private mount
# namespace (first thing a script does), so that it can bind-mount its own
# files over system paths (p11-kit's module configs, Firefox's policies)
# without touching the system. As root (CI) a plain mount namespace; as a
# user, one inside a user namespace. The namespace ends with the script.
clients_enter_mount_ns() {
	[ -n "${CLIENTS_IN_MOUNT_NS:-}" ] && return 0
	need_programs unshare mount
	export CLIENTS_IN_MOUNT_NS=1
	if [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null; then
		exec unshare -m --propagation private "$0" "$@"
	elif unshare -r -m --propagation private true 2>/dev/null; then
		exec unshare -r -m --propagation private "$0" "$@"
	fi
	no_namespace "no private mount namespace here (unshare -m refused), needed to leave system config untouched"
}

# bind_over SRC-DIR-OR-FILE TARGET: inside the namespace only.
bind_over() {
	mount --bind "$1" "$2" || {
		fail "bind-mount $1 over $2 in the private namespace"
		exit 1
	}
}

# p11kit_register NAME: make p11-kit see exactly one module config, NAME
# (.module), for our module built from p11-kit-conf/parsec-pkcs11.module
# when the tree has it (its module: line pointed at the built library),
# else a minimal "module: PATH". Sets P11KIT_CONF_DIR.
p11kit_register() {
	local name=$1 dir src=
	need_programs pkg-config
	P11KIT_CONF_DIR=$(pkg-config p11-kit-1 --variable p11_module_configs)
	[ -d "$P11KIT_CONF_DIR" ] || { fail "p11-kit module config dir $P11KIT_CONF_DIR exists"; exit 1; }
	dir=$T/p11-kit-modules
	mkdir -p "$dir"
	if [ "$MODULE_NAME" = parsec ]; then
		for src in "${TOP_BUILDDIR:-}/p11-kit-conf/parsec-pkcs11.module" \
			"$TOP_SRCDIR/p11-kit-conf/parsec-pkcs11.module" ""; do
			[ -n "$src" ] && [ -f "$src" ] && break
		done
	fi
	if [ -n "$src" ]; then
		say "# p11-kit config from $src, module: pointed at $MODULE"
		sed "s|^module:.*|module: $MODULE|" "$src" >"$dir/$name.module"
		grep -q "^module: $MODULE\$" "$dir/$name.module" ||
			echo "module: $MODULE" >>"$dir/$name.module"
	else
		printf '# written by tests/clients for this run\nmodule: %s\n' "$MODULE" >"$dir/$name.module"
	fi
	bind_over "$dir" "$P11KIT_CONF_DIR"
	# Admin configs would add other modules: hide them too.
	if [ -d /etc/pkcs11/modules ]; then
		mkdir -p "$T/empty-etc-modules"
		bind_over "$T/empty-etc-modules" /etc/pkcs11/modules
	fi
}

# clients_enter_net_ns "$@": re-run the script in a private network
# namespace with only a loopback interface, for servers that cannot be told
# to listen on 127.0.0.1 only (NSS selfserv binds every address) and for
# programs that could try the network on their own (Firefox). Pathname
# Unix sockets (the Parsec service) stay reachable.
clients_enter_net_ns() {
	[ -n "${CLIENTS_IN_NET_NS:-}" ] && return 0
	need_programs unshare ip
	export CLIENTS_IN_NET_NS=1
	local u=()
	[ "$(id -u)" = 0 ] || u=(-r)
	if unshare "${u[@]}" -n true 2>/dev/null; then
		exec unshare "${u[@]}" -n sh -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
	fi
	no_namespace "no private network namespace here (unshare -n refused), needed to keep the test on loopback"
}
