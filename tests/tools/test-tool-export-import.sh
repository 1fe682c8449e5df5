#!/bin/sh
# parsec-pkcs11 export and import: the mapping moves to a fresh store and
# lists the same there; a second import is refused unless --replace; bad
# input is refused with a clear message and leaves the store untouched.
. "$(dirname "$0")/lib.sh"
tools_init "$@"
need_programs pkcs11-tool openssl cmp

run "a key made directly through Parsec" 0 "$PARSEC_KEY" create adopted-ec ec
keygen "web key" 0a EC:prime256v1
keygen signer 0b rsa:2048
run "rename signer (a record to carry over)" 0 "$TOOL" rename "pkcs11:object=signer" "signer 2"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/ca.key" -subj "/CN=tool test" -days 1 -outform DER \
	-out "$T/cert.der" >/dev/null 2>&1
run "a certificate through the module" 0 pkcs11-tool --module "$MODULE" --slot 1 \
	--write-object "$T/cert.der" --type cert --label "web cert" --id 0a

# The listing without what differs between stores (the store's name and
# its row numbers).
listing() {
	"$TOOL" "$@" list --json | grep -v -e '"store":' -e '"store_id":'
}

listing >"$T/before.json"
run "export to a file" 0 "$TOOL" export "$T/mapping.json"
check "the export file is private (0600)" test "$(stat -c %a "$T/mapping.json")" = 600
: >"$T/open.json"
chmod 644 "$T/open.json"
run "export over an existing file" 0 "$TOOL" export "$T/open.json"
check "an existing export file becomes private (0600)" test "$(stat -c %a "$T/open.json")" = 600
run "export to stdout" 0 "$TOOL" export
check "stdout and file exports are equal" cmp -s "$OUT" "$T/mapping.json"
OUT=$T/mapping.json
has "format named" '"format": "parsec-pkcs11-mapping"'
has "constants by name" '"CKA_KEY_TYPE": "CKK_EC"'
has "bytes as hex" '"CKA_LABEL": "776562206b6579"'
has "mechanisms by name" '"CKM_ECDSA_SHA256"'
has "the name record" '"CKA_PARSEC_NAME_ORIGIN": "'
has "the certificate" '"class": "CKO_CERTIFICATE"'

fresh=sqlite:$T/fresh.sqlite
run "import into a fresh store" 0 "$TOOL" --store "$fresh" import "$T/mapping.json"
has "count" '^imported 7 object\(s\) for direct:'
listing --store "$fresh" >"$T/after.json"
if cmp -s "$T/before.json" "$T/after.json"; then
	pass "list --json is the same in the new store"
else
	OUT=$T/after.json
	fail "list --json is the same in the new store: $(diff "$T/before.json" "$T/after.json" | head -5)"
fi
run "check in the new store" 0 "$TOOL" --store "$fresh" check

run "a second import is refused" 1 "$TOOL" --store "$fresh" import "$T/mapping.json"
has "names what exists" 'exists: private key on provider 1, Parsec key "web key"'
has "says nothing was imported" 'already exist; nothing imported'
"$TOOL" --store "$fresh" export "$T/fresh-1.json"
run "import --replace" 0 "$TOOL" --store "$fresh" import --replace "$T/mapping.json"
has "replaced all" '^imported 7 object\(s\) .* \(7 replaced\)$'
listing --store "$fresh" >"$T/after2.json"
check "still the same listing" cmp -s "$T/before.json" "$T/after2.json"
run "import from stdin" 1 sh -c "\"$TOOL\" --store \"$fresh\" import - <\"$T/mapping.json\""
has "stdin read (and refused as existing)" 'already exist'

# Bad input: a clear message, exit 1, and nothing written.
"$TOOL" --store "$fresh" export "$T/fresh-2.json"
bad() {
	what=$1
	printf '%s' "$3" >"$T/bad.json"
	run "bad input: $what" 1 "$TOOL" --store "$fresh" import "$T/bad.json"
	has "bad input: $what: says why" "$2"
	has "bad input: $what: says nothing imported" 'nothing imported'
	"$TOOL" --store "$fresh" export "$T/fresh-3.json"
	check "bad input: $what: store untouched" cmp -s "$T/fresh-2.json" "$T/fresh-3.json"
}
head -c 300 "$T/mapping.json" >"$T/truncated"
bad "truncated file" 'line [0-9]+, column [0-9]+' "$(cat "$T/truncated")"
bad "not JSON" 'line 1, column 1: unexpected character' 'hello'
bad "wrong format" 'not a parsec-pkcs11 mapping' '{"format":"x","version":1,"application":"a","service":"s","objects":[]}'
hdr='"format":"parsec-pkcs11-mapping","version":1,"application":"a","service":"s"'
bad "unknown member" 'unknown member "extra"' "{$hdr,\"objects\":[],\"extra\":1}"
bad "provider out of range" 'provider must be a number from 1 to 255' \
	"{$hdr,\"objects\":[{\"provider\":0,\"key_name\":\"k\",\"class\":\"CKO_PRIVATE_KEY\",\"attributes\":{\"CKA_KEY_TYPE\":\"CKK_EC\"}}]}"
bad "bad hex" 'attribute CKA_LABEL: expected lowercase hex' \
	"{$hdr,\"objects\":[{\"provider\":1,\"key_name\":\"k\",\"class\":\"CKO_PUBLIC_KEY\",\"attributes\":{\"CKA_KEY_TYPE\":\"CKK_EC\",\"CKA_LABEL\":\"xyz\"}}]}"
bad "unknown attribute" 'attribute CKA_NONSENSE: unknown attribute' \
	"{$hdr,\"objects\":[{\"provider\":1,\"key_name\":null,\"class\":\"CKO_DATA\",\"attributes\":{\"CKA_NONSENSE\":\"00\"}}]}"
bad "class and CKA_CLASS disagree" 'CKA_CLASS differs from class' \
	"{$hdr,\"objects\":[{\"provider\":1,\"key_name\":null,\"class\":\"CKO_DATA\",\"attributes\":{\"CKA_CLASS\":\"CKO_CERTIFICATE\"}}]}"
bad "private key without key name" 'needs its Parsec key name' \
	"{$hdr,\"objects\":[{\"provider\":1,\"key_name\":null,\"class\":\"CKO_PRIVATE_KEY\",\"attributes\":{\"CKA_KEY_TYPE\":\"CKK_EC\"}}]}"
bad "a good object, then a bad one" 'objects\[1\]' \
	"{$hdr,\"objects\":[{\"provider\":1,\"key_name\":\"new\",\"class\":\"CKO_PUBLIC_KEY\",\"attributes\":{\"CKA_KEY_TYPE\":\"CKK_EC\"}},{\"provider\":1}]}"
bad "duplicate member" 'appears twice' "{$hdr,$hdr,\"objects\":[]}"
pub='"class":"CKO_PUBLIC_KEY","attributes":{"CKA_KEY_TYPE":"CKK_EC"}'
bad "the same key twice" 'objects\[2\] \(line 1\): the same key and class as an earlier object' \
	"{$hdr,\"objects\":[{\"provider\":1,\"key_name\":\"a\",$pub},{\"provider\":1,\"key_name\":\"b\",$pub},{\"provider\":1,\"key_name\":\"a\",$pub}]}"
many=$(awk 'BEGIN { for (i = 0; i < 1025; i++) printf "%s\"0x%x\":\"\"", i ? "," : "", 2147549184 + i }')
bad "more than 1024 attributes" 'more attributes than an object can have' \
	"{$hdr,\"objects\":[{\"provider\":1,\"key_name\":null,\"class\":\"CKO_DATA\",\"attributes\":{$many}}]}"

# Two data objects alike (same class, label and no id): each matches both
# in the store, yet each stored object is replaced once.
printf one >"$T/one"
printf two >"$T/two"
for f in one two; do
	run "data object $f labelled twin" 0 pkcs11-tool --module "$MODULE" \
		--slot 1 --write-object "$T/$f" --type data --label twin
done
run "export with the twins" 0 "$TOOL" export "$T/twins.json"
run "import --replace over the twins" 0 "$TOOL" import --replace "$T/twins.json"
has "each stored object replaced once" '^imported 9 object\(s\) .* \(9 replaced\)$'
run "list after the twins' import" 0 "$TOOL" list
check "both twins are still there" test "$(grep -c '"twin"' "$OUT")" = 2
tools_finish
