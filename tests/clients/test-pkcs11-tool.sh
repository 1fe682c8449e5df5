#!/bin/bash
# OpenSC's pkcs11-tool against the module: info, slots, mechanisms, objects,
# key generation, every signature mechanism of issue 4 (checked by openssl
# outside the module), decryption of data openssl encrypted, ECDH against an
# openssl peer, random, digests, certificates, deletion, --test and
# --test-fork. Module selection: see lib.sh.
. "$(dirname "$0")/lib.sh"
clients_init "$@"

# The mechanisms issue 4 requires for RSA and EC keys.
SIGN_MECHS_RSA="RSA-PKCS SHA1-RSA-PKCS SHA224-RSA-PKCS SHA256-RSA-PKCS SHA384-RSA-PKCS SHA512-RSA-PKCS"
SIGN_MECHS_PSS="RSA-PKCS-PSS SHA1-RSA-PKCS-PSS SHA224-RSA-PKCS-PSS SHA256-RSA-PKCS-PSS SHA384-RSA-PKCS-PSS SHA512-RSA-PKCS-PSS"
SIGN_MECHS_EC="ECDSA ECDSA-SHA1 ECDSA-SHA224 ECDSA-SHA256 ECDSA-SHA384 ECDSA-SHA512"
OTHER_MECHS="RSA-PKCS-OAEP ECDH1-DERIVE RSA-PKCS-KEY-PAIR-GEN ECDSA-KEY-PAIR-GEN SHA-1 SHA224 SHA256 SHA384 SHA512"

# Mechanisms the stand-in module does not have (SoftHSMv2 has no
# hash-and-sign ECDSA); our module must offer every one.
mech_not_offered_ok() {
	[ "$MODULE_NAME" = softhsm ] && case $1 in ECDSA-SHA*) return 0 ;; esac
	return 1
}

# ------------------------------------------------------------ info, slots
expect_ok "pkcs11-tool -I (module info)" p11 -I &&
	check "-I reports Cryptoki 2.40" grep -q 'Cryptoki version 2\.40' "$LAST_LOG"
expect_ok "pkcs11-tool -L (slots)" p11 -L &&
	check "-L shows the token \"$TOKEN_LABEL\"" grep -qF "$TOKEN_LABEL" "$LAST_LOG"
expect_ok "pkcs11-tool -T (tokens)" p11 -T
expect_ok "pkcs11-tool -M (mechanisms)" p11 -M
cp "$LAST_LOG" "$T/mechs.txt"

offered() { grep -q "^  $1[ ,]" "$T/mechs.txt" || grep -qx "  $1" "$T/mechs.txt"; }
for m in $SIGN_MECHS_RSA $SIGN_MECHS_PSS $SIGN_MECHS_EC $OTHER_MECHS; do
	if offered "$m"; then
		pass "-M lists $m"
	elif mech_not_offered_ok "$m"; then
		limit "-M lists $m" "$MODULE_NAME does not offer it (its signatures are not tested)"
	else
		fail "-M lists $m"
	fi
done
grep -q '^  ECDSA[ ,].*sign' "$T/mechs.txt" && pass "-M: ECDSA has the sign flag" ||
	fail "-M: ECDSA has the sign flag"

# ------------------------------------------------------------ key generation
# One key per purpose: a Parsec key permits one algorithm.
make_key rsa-sign a1 rsa:2048 sign
make_key rsa-pss a2 rsa:2048 sign "$(echo $SIGN_MECHS_PSS | tr ' ' ,)"
make_key rsa-oaep a3 rsa:2048 decrypt
make_key rsa-pkcs1 a4 rsa:2048 decrypt RSA-PKCS
make_key ec-sign a5 EC:prime256v1 sign
make_key ec-derive a6 EC:prime256v1 derive

expect_ok "pkcs11-tool -O (objects, logged in)" p11_login -O
cp "$LAST_LOG" "$T/objects.txt"
for k in rsa-sign rsa-pss rsa-oaep rsa-pkcs1 ec-sign ec-derive; do
	n=$(grep -c "label: *$(label $k)\$" "$T/objects.txt")
	[ "$n" -ge 2 ] && pass "-O shows private and public key of $k" ||
		fail "-O shows private and public key of $k ($n objects)"
done
check "-O: rsa-sign is a 2048-bit RSA key" grep -q 'RSA 2048 bits' "$T/objects.txt"
check "public keys read back are the right types" \
	sh -c "openssl pkey -pubin -in '$T/rsa-sign.pub.pem' -noout -text | grep -q '(2048 bit)' &&
	       openssl pkey -pubin -in '$T/ec-sign.pub.pem' -noout -text | grep -q 'NIST CURVE: P-256'"

# ------------------------------------------------------------ signatures
head -c 1000 /dev/urandom >"$T/data"
digest_of() { openssl dgst "-$1" -binary "$T/data" >"$T/data.$1"; }
for h in sha1 sha224 sha256 sha384 sha512; do digest_of $h; done
# DigestInfo prefixes (RFC 8017 9.2 note 1) for the raw RSA-PKCS input.
printf '\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x05\x00\x04\x20' |
	cat - "$T/data.sha256" >"$T/data.sha256.digestinfo"

hashname() { # SHA256-RSA-PKCS -> sha256, ECDSA-SHA1 -> sha1
	echo "$1" | sed -n 's/.*SHA\([0-9]*\).*/sha\1/p' | tr -d '\n'
}

if offered RSA-PKCS; then
	expect_ok "sign RSA-PKCS (SHA-256 DigestInfo)" p11_login --sign -m RSA-PKCS \
		--id a1 -i "$T/data.sha256.digestinfo" -o "$T/sig.rsa-pkcs" &&
		expect_ok "openssl verifies RSA-PKCS" openssl pkeyutl -verify -pubin \
			-inkey "$T/rsa-sign.pub.pem" -in "$T/data.sha256" \
			-sigfile "$T/sig.rsa-pkcs" -pkeyopt digest:sha256
fi
for m in ${SIGN_MECHS_RSA#RSA-PKCS }; do
	offered "$m" || continue
	h=$(hashname "$m")
	expect_ok "sign $m" p11_login --sign -m "$m" --id a1 \
		-i "$T/data" -o "$T/sig.$m" &&
		expect_ok "openssl verifies $m" openssl dgst "-$h" \
			-verify "$T/rsa-sign.pub.pem" -signature "$T/sig.$m" "$T/data"
done
if offered RSA-PKCS-PSS; then
	expect_ok "sign RSA-PKCS-PSS (SHA-256 hash, MGF1-SHA256, salt = hash length)" \
		p11_login --sign -m RSA-PKCS-PSS --hash-algorithm SHA256 \
		--mgf MGF1-SHA256 --id a2 -i "$T/data.sha256" -o "$T/sig.pss" &&
		expect_ok "openssl verifies RSA-PKCS-PSS" openssl pkeyutl -verify -pubin \
			-inkey "$T/rsa-pss.pub.pem" -in "$T/data.sha256" -sigfile "$T/sig.pss" \
			-pkeyopt digest:sha256 -pkeyopt rsa_padding_mode:pss \
			-pkeyopt rsa_pss_saltlen:digest
fi
for m in ${SIGN_MECHS_PSS#RSA-PKCS-PSS }; do
	offered "$m" || continue
	h=$(hashname "$m")
	expect_ok "sign $m" p11_login --sign -m "$m" --id a2 \
		-i "$T/data" -o "$T/sig.$m" &&
		expect_ok "openssl verifies $m (salt = hash length)" openssl dgst "-$h" \
			-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
			-verify "$T/rsa-pss.pub.pem" -signature "$T/sig.$m" "$T/data"
done
if offered ECDSA; then
	# CKM_ECDSA signs the hash it is given; every usual hash length.
	for h in sha1 sha224 sha256 sha384 sha512; do
		expect_ok "sign ECDSA ($h-sized input)" p11_login --sign -m ECDSA \
			--signature-format openssl --id a5 -i "$T/data.$h" \
			-o "$T/sig.ecdsa.$h" &&
			expect_ok "openssl verifies ECDSA ($h-sized input)" openssl pkeyutl \
				-verify -pubin -inkey "$T/ec-sign.pub.pem" -in "$T/data.$h" \
				-sigfile "$T/sig.ecdsa.$h"
	done
	expect_ok "sign ECDSA, raw r||s output" p11_login --sign -m ECDSA --id a5 \
		-i "$T/data.sha256" -o "$T/sig.ecdsa.raw" &&
		check "ECDSA P-256 raw signature is 64 bytes (r||s)" \
			test "$(stat -c %s "$T/sig.ecdsa.raw")" -eq 64
fi
for m in ${SIGN_MECHS_EC#ECDSA }; do
	offered "$m" || continue
	h=$(hashname "$m")
	expect_ok "sign $m" p11_login --sign -m "$m" --signature-format openssl \
		--id a5 -i "$T/data" -o "$T/sig.$m" &&
		expect_ok "openssl verifies $m" openssl dgst "-$h" \
			-verify "$T/ec-sign.pub.pem" -signature "$T/sig.$m" "$T/data"
done

# Verification inside the module, good and bad (pkcs11-tool --verify exits 0
# either way, so its verdict is read from its output).
head -c 1000 /dev/urandom >"$T/other-data"
# module_verify NAME GOOD|BAD ARGS...
module_verify() {
	local name=$1 want=$2
	shift 2
	n_log=$((n_log + 1))
	LAST_LOG=$T/logs/$n_log.log
	timeout -k 5 "$CMD_TIMEOUT" p11 --verify "$@" >"$LAST_LOG" 2>&1 </dev/null
	if [ "$want" = GOOD ] && grep -q '^Signature is valid' "$LAST_LOG"; then
		pass "$name"
	elif [ "$want" = BAD ] && grep -q '^Invalid signature' "$LAST_LOG"; then
		pass "$name"
	else
		fail "$name" "$LAST_LOG"
	fi
}
if [ -f "$T/sig.SHA256-RSA-PKCS" ]; then
	module_verify "pkcs11-tool --verify SHA256-RSA-PKCS" GOOD -m SHA256-RSA-PKCS \
		--id a1 -i "$T/data" --signature-file "$T/sig.SHA256-RSA-PKCS"
	module_verify "pkcs11-tool --verify SHA256-RSA-PKCS rejects other data" BAD \
		-m SHA256-RSA-PKCS --id a1 -i "$T/other-data" --signature-file "$T/sig.SHA256-RSA-PKCS"
fi
if [ -f "$T/sig.SHA256-RSA-PKCS-PSS" ]; then
	module_verify "pkcs11-tool --verify SHA256-RSA-PKCS-PSS" GOOD -m SHA256-RSA-PKCS-PSS \
		--id a2 -i "$T/data" --signature-file "$T/sig.SHA256-RSA-PKCS-PSS"
	module_verify "pkcs11-tool --verify SHA256-RSA-PKCS-PSS rejects other data" BAD \
		-m SHA256-RSA-PKCS-PSS --id a2 -i "$T/other-data" --signature-file "$T/sig.SHA256-RSA-PKCS-PSS"
fi
if [ -f "$T/sig.ecdsa.sha256" ]; then
	module_verify "pkcs11-tool --verify ECDSA" GOOD -m ECDSA --signature-format openssl \
		--id a5 -i "$T/data.sha256" --signature-file "$T/sig.ecdsa.sha256"
	module_verify "pkcs11-tool --verify ECDSA rejects another hash" BAD -m ECDSA \
		--signature-format openssl --id a5 -i "$T/data.sha384" \
		--signature-file "$T/sig.ecdsa.sha256"
fi

# ------------------------------------------------------------ decryption
printf 'a secret for the token, encrypted by openssl outside it\n' >"$T/plain"
oaep_md=$(echo "$OAEP_HASH" | tr -d - | tr A-Z a-z) # SHA256 -> sha256
oaep_opts=(-m RSA-PKCS-OAEP --hash-algorithm "$OAEP_HASH" --mgf "MGF1-$(echo "$OAEP_HASH" | tr -d -)")
openssl pkeyutl -encrypt -pubin -inkey "$T/rsa-oaep.pub.pem" -in "$T/plain" \
	-out "$T/ct.oaep" -pkeyopt rsa_padding_mode:oaep \
	-pkeyopt "rsa_oaep_md:$oaep_md" -pkeyopt "rsa_mgf1_md:$oaep_md"
expect_ok "decrypt RSA-PKCS-OAEP ($OAEP_HASH, MGF1-$OAEP_HASH)" p11_login --decrypt \
	"${oaep_opts[@]}" --id a3 -i "$T/ct.oaep" -o "$T/pt.oaep" &&
	check "OAEP plaintext equals openssl's input" cmp "$T/plain" "$T/pt.oaep"
openssl pkeyutl -encrypt -pubin -inkey "$T/rsa-pkcs1.pub.pem" -in "$T/plain" \
	-out "$T/ct.pkcs1" -pkeyopt rsa_padding_mode:pkcs1
expect_ok "decrypt RSA-PKCS (PKCS#1 v1.5)" p11_login --decrypt -m RSA-PKCS \
	--id a4 -i "$T/ct.pkcs1" -o "$T/pt.pkcs1" &&
	check "PKCS#1 v1.5 plaintext equals openssl's input" cmp "$T/plain" "$T/pt.pkcs1"
# A corrupted ciphertext must fail, not return garbage.
cp "$T/ct.oaep" "$T/ct.bad" && printf '\x55' | dd of="$T/ct.bad" bs=1 seek=100 conv=notrunc 2>/dev/null
cmp -s "$T/ct.oaep" "$T/ct.bad" || expect_fail "decrypt of a corrupted OAEP ciphertext fails" \
	p11_login --decrypt "${oaep_opts[@]}" --id a3 -i "$T/ct.bad" -o "$T/pt.bad"

# ------------------------------------------------------------ derivation
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/peer.key" 2>/dev/null
openssl pkey -in "$T/peer.key" -pubout -outform DER -out "$T/peer.pub.der"
openssl pkeyutl -derive -inkey "$T/peer.key" -peerkey "$T/ec-derive.pub.pem" \
	-out "$T/secret.openssl"
expect_ok "derive ECDH1-DERIVE (peer point raw)" p11_login --derive -m ECDH1-DERIVE \
	--id a6 -i "$T/peer.pub.der" -o "$T/secret.token" &&
	check "ECDH secret equals openssl's" cmp "$T/secret.openssl" "$T/secret.token"
expect_ok "derive ECDH1-DERIVE (peer point as DER OCTET STRING)" p11_login --derive \
	--derive-pass-der -m ECDH1-DERIVE --id a6 -i "$T/peer.pub.der" \
	-o "$T/secret.token2" &&
	check "ECDH secret (DER point) equals openssl's" cmp "$T/secret.openssl" "$T/secret.token2"

# ------------------------------------------------------------ random, digests
expect_ok "--generate-random 64" p11 --generate-random 64 -o "$T/rand1" &&
	check "64 random bytes" test "$(stat -c %s "$T/rand1")" -eq 64
expect_ok "--generate-random 64 again" p11 --generate-random 64 -o "$T/rand2" &&
	check "two random draws differ" sh -c "! cmp -s '$T/rand1' '$T/rand2'"
expect_ok "--generate-random 100000 (large)" p11 --generate-random 100000 -o "$T/rand3" &&
	check "100000 random bytes" test "$(stat -c %s "$T/rand3")" -eq 100000
for m in SHA-1:sha1 SHA224:sha224 SHA256:sha256 SHA384:sha384 SHA512:sha512; do
	expect_ok "--hash -m ${m%%:*}" p11 --hash -m "${m%%:*}" -i "$T/data" -o "$T/hash.${m#*:}" &&
		check "--hash ${m%%:*} equals openssl's" cmp "$T/hash.${m#*:}" "$T/data.${m#*:}"
done

# ------------------------------------------------------------ certificates
make_ca
if issue_cert ec-sign "/O=parsec-pkcs11 tests/CN=ec-sign" client; then
	store_cert ec-sign a5
	expect_ok "-O --type cert lists the certificate" p11 -O --type cert &&
		check "certificate listed with label $(label ec-sign) and the key's ID a5" \
			sh -c "grep -q 'label: *$(label ec-sign)\$' '$LAST_LOG' && grep -q 'ID: *a5\$' '$LAST_LOG'"
	expect_ok "--read-object --type cert --id a5 (found by the key's ID)" \
		p11 --read-object --type cert --id a5 -o "$T/cert.read.der" &&
		check "certificate read back equals the one written" cmp "$T/ec-sign.crt.der" "$T/cert.read.der"
	check "certificate's key is the token key" sh -c \
		"openssl x509 -inform DER -in '$T/cert.read.der' -pubkey -noout | cmp -s - '$T/ec-sign.pub.pem'"
fi

# ------------------------------------------------------------ --test-fork
LIMIT_KEY=test-fork expect_ok "--test-fork (C_Initialize in a forked child), then sign in the parent" \
	p11_login --test-fork --sign -m SHA256-RSA-PKCS --id a1 -i "$T/data" -o "$T/sig.fork" &&
	check "--test-fork: the child ran" grep -q 'Calling C_Initialize in forked child' "$LAST_LOG" &&
	expect_ok "openssl verifies the signature made after the fork" openssl dgst -sha256 \
		-verify "$T/rsa-sign.pub.pem" -signature "$T/sig.fork" "$T/data"

# ------------------------------------------------------------ --test
# pkcs11-tool --test (0.23) signs with RSA-PKCS, SHA1-RSA-PKCS... on every
# RSA signing key, decrypts with RSA-PKCS and OAEP (with and without a
# label) on every RSA decryption key, and aborts at the first refused
# C_*Init. Our keys are made for one purpose each, since a Parsec key
# permits one algorithm: the checks --test makes on a key made for another
# algorithm cannot pass and are named as LIMIT, not counted as failures.
# So --test runs first on the keys whose purpose covers every check, then
# once per single-purpose key that --test would misuse.
declare -A purpose=(
	[rsa-sign]="PKCS#1 v1.5 signatures" [rsa-pss]="RSA-PSS signatures"
	[rsa-oaep]="OAEP(SHA-256) decryption" [rsa-pkcs1]="PKCS#1 v1.5 decryption"
	[ec-sign]="ECDSA" [ec-derive]="ECDH")
declare -A key_id=([rsa-pss]=a2 [rsa-oaep]=a3 [rsa-pkcs1]=a4)

# p11test_run TITLE: runs --test and names its outcome.
p11test_multipart_named=
p11test_run() {
	local title=$1 log rc=0 errs key entry pattern why
	n_log=$((n_log + 1))
	log=$T/logs/$n_log.log
	timeout -k 5 120 p11_login --test --allow-sw >"$log" 2>&1 </dev/null || rc=$?
	# --test first signs CKM_RSA_PKCS in parts; a module where it is
	# single-part answers C_SignUpdate with CKR_FUNCTION_NOT_SUPPORTED,
	# which --test takes as a warning and skips that one check.
	if [ -z "$p11test_multipart_named" ] &&
		grep -q 'C_SignUpdate failed: rv = CKR_FUNCTION_NOT_SUPPORTED' "$log"; then
		p11test_multipart_named=1
		limit "pkcs11-tool --test: its multi-part RSA-PKCS check (C_SignUpdate, C_SignFinal) is not run" \
			"CKM_RSA_PKCS is a single-part mechanism (PKCS#11 v2.40 curr 2.1.6): C_SignUpdate is CKR_FUNCTION_NOT_SUPPORTED, a warning for --test; its single-part RSA-PKCS checks run and pass"
	fi
	if [ $rc -eq 0 ] && grep -q '^No errors$' "$log"; then
		pass "pkcs11-tool --test ($title): No errors"
		return
	fi
	# The key under test when it stopped: the last "testing key N (LABEL)".
	key=$(grep -o 'testing key [0-9]* *([^)]*)' "$log" | tail -n 1 | sed 's/.*(\(.*\))/\1/')
	key=${key%"$RUN_TAG"}
	errs=$(grep -E 'ERR:|failed: rv = |errors$|Aborting' "$log" | head -n 3 | tr '\n' ' ')
	for entry in "${P11TEST_MODULE_LIMITS[@]}"; do
		pattern=${entry%%|*}
		why=${entry#*|}
		if grep -qF "$pattern" "$log"; then
			limit "pkcs11-tool --test ($title) stops at key ${key:-?}: $errs" "$why"
			return
		fi
	done
	if [ -n "$key" ] && [ -n "${purpose[$key]:-}" ] &&
		grep -qE 'CKR_KEY_FUNCTION_NOT_PERMITTED|CKR_MECHANISM_INVALID|CKR_KEY_TYPE_INCONSISTENT' "$log" &&
		[ "$title" != "keys whose purpose covers every check" ]; then
		limit "pkcs11-tool --test ($title) stops at key $key: $errs" \
			"key $key was made for ${purpose[$key]} only; a Parsec key permits one algorithm, --test uses it for another"
		return
	fi
	fail "pkcs11-tool --test ($title)" "$log"
}

# Phase 1: only rsa-sign, ec-sign, ec-derive (+ certificate) on the token.
for k in rsa-pss rsa-oaep rsa-pkcs1; do
	p11_login --delete-object --type privkey --id "${key_id[$k]}" >/dev/null 2>&1
done
p11test_run "keys whose purpose covers every check"
# Phase 2: each single-purpose RSA key that --test would misuse, alone.
for k in rsa-pss rsa-oaep rsa-pkcs1; do
	p11_login --delete-object --type pubkey --id "${key_id[$k]}" >/dev/null 2>&1
	case $k in
	rsa-pss) make_key rsa-pss a2 rsa:2048 sign "$(echo $SIGN_MECHS_PSS | tr ' ' ,)" ;;
	rsa-oaep) make_key rsa-oaep a3 rsa:2048 decrypt ;;
	rsa-pkcs1) make_key rsa-pkcs1 a4 rsa:2048 decrypt RSA-PKCS ;;
	esac
	p11test_run "with $k (${purpose[$k]} only)"
	p11_login --delete-object --type privkey --id "${key_id[$k]}" >/dev/null 2>&1
	p11_login --delete-object --type pubkey --id "${key_id[$k]}" >/dev/null 2>&1
done

# ------------------------------------------------------------ deletion
if [ -f "$T/cert.read.der" ]; then
	expect_ok "--delete-object --type cert --id a5" p11_login --delete-object --type cert --id a5
	expect_fail "deleted certificate is gone" p11 --read-object --type cert --id a5 -o "$T/gone.der"
fi
expect_ok "--delete-object private key ec-derive" p11_login --delete-object --type privkey --id a6
expect_ok "--delete-object public key ec-derive" p11_login --delete-object --type pubkey --id a6
expect_ok "-O after deletion" p11_login -O &&
	check "ec-derive is gone, ec-sign is still there" sh -c \
		"! grep -q 'label: *$(label ec-derive)\$' '$LAST_LOG' && grep -q 'label: *$(label ec-sign)\$' '$LAST_LOG'"
expect_ok "a new process still signs with ec-sign" p11_login --sign -m ECDSA \
	--signature-format openssl --id a5 -i "$T/data.sha256" -o "$T/sig.last" &&
	expect_ok "openssl verifies it" openssl pkeyutl -verify -pubin \
		-inkey "$T/ec-sign.pub.pem" -in "$T/data.sha256" -sigfile "$T/sig.last"

clients_finish
