#!/bin/sh
# parsec-pkcs11 adopt: keys made by another Parsec client are orphans to
# check; adopt takes them in with the module's own adoption (label = key
# name, CKA_ID = SHA-1 of the modulus or EC point) and the module then
# shows them.
. "$(dirname "$0")/lib.sh"
tools_init "$@"
need_programs pkcs11-tool

keygen mine 01 EC:prime256v1
run "an RSA key made directly through Parsec" 0 "$PARSEC_KEY" create other-rsa rsa
run "an EC key made directly through Parsec" 0 "$PARSEC_KEY" create other-ec ec
run "a session key made directly through Parsec" 0 "$PARSEC_KEY" create pkcs11-session-00000000000000aa ec
run "check finds the orphans" 1 "$TOOL" check
has "orphan other-rsa" '^orphan: slot 1, Parsec key "other-rsa" \(RSA_KEY_PAIR 2048 bits\)'
has "orphan other-ec" '^orphan: slot 1, Parsec key "other-ec" \(ECC_KEY_PAIR 256 bits\)'
lacks "the session key is no orphan" '^orphan: .*pkcs11-session'
run "list names them as not adopted" 0 "$TOOL" list
has "not in the store" 'Parsec key  "other-rsa" RSA_KEY_PAIR 2048 bits: not in the store'

run "adopt" 0 "$TOOL" adopt
has "adopted other-rsa" '^adopted "other-rsa" \(RSA_KEY_PAIR 2048 bits\) on slot 1$'
has "adopted other-ec" '^adopted "other-ec" \(ECC_KEY_PAIR 256 bits\) on slot 1$'
has "with URIs" '^  private key RSA 2048 +pkcs11:.*object=other-rsa;type=private$'
has "the session key was left alone" '^left alone "pkcs11-session-00000000000000aa"'
has "count" '^2 key\(s\) adopted$'
run "check is clean" 0 "$TOOL" check
run "adopt again: nothing to do" 0 "$TOOL" adopt
has "nothing to adopt" 'nothing to adopt'
run "list shows the adopted key with label = name and a SHA-1 id" 0 "$TOOL" list
has "adopted object" '^  private key RSA 2048 +label "other-rsa" +id [0-9a-f]{40}$'
# CKA_ID is the SHA-1 of the modulus (RSA) or of the uncompressed point
# inside the DER OCTET STRING of CKA_EC_POINT (EC), as --help and
# parsec-pkcs11(1) say.
need_programs python3
for k in other-rsa other-ec; do
	run "show --json $k" 0 "$TOOL" show --json "pkcs11:object=$k;type=public"
	run "CKA_ID of $k is the SHA-1 of its public value" 0 python3 -c '
import hashlib, json, sys
a = json.load(open(sys.argv[1]))[0]["attributes"]
if "CKA_MODULUS" in a:
    value = bytes.fromhex(a["CKA_MODULUS"])
else:
    point = bytes.fromhex(a["CKA_EC_POINT"])
    assert point[0] == 0x04 and point[1] == len(point) - 2, point.hex()
    value = point[2:]
want = hashlib.sha1(value).hexdigest()
assert a["CKA_ID"] == want, (a["CKA_ID"], want)
' "$OUT"
done
run "the module shows it (pkcs11-tool -O)" 0 pkcs11-tool --module "$MODULE" --slot 1 -O
has "pkcs11-tool lists other-ec" 'label: +other-ec$'
tools_finish
