#!/bin/sh
# parsec-pkcs11 list and show: keys made through the module (pkcs11-tool)
# and directly through Parsec (as parsec-tool would) are listed per slot
# with class, type, label, id, Parsec key name, mechanisms and a pkcs11:
# URI that GnuTLS (p11tool, its own URI parser) resolves to the same
# object; show prints an object found by URI.
. "$(dirname "$0")/lib.sh"
tools_init "$@"
need_programs pkcs11-tool

run "a key made directly through Parsec" 0 "$PARSEC_KEY" create direct-ec ec
keygen "module rsa" 0a0b rsa:2048
keygen "ec key/é" 0c EC:prime256v1

run "list" 0 "$TOOL" list
has "list names the application" "^Application direct:$PARSEC_PKCS11_APP_NAME "
has "list shows the Mbed Crypto slot and its token" '^Slot 1: token "Parsec Mbed Crypto"'
has "private RSA key: type, size, label, id" '^  private key RSA 2048 +label "module rsa" +id 0a0b$'
has "public RSA key too" '^  public key +RSA 2048 +label "module rsa" +id 0a0b$'
has "EC key: curve and label" '^  private key EC prime256v1 +label "ec key/é" +id 0c$'
has "Parsec key name of the module's key" '^      Parsec key "module rsa" on provider 1$'
has "the sanitised Parsec name of the EC key" '^      Parsec key "ec key_é" on provider 1$'
has "the key made through Parsec was adopted (label = name)" '^  private key EC prime256v1 +label "direct-ec" +id [0-9a-f]{40}$'
has "allowed mechanisms" '^      mechanisms: .*CKM_SHA256_RSA_PKCS'
has "URIs carry token, id, object and type" '^      pkcs11:.*token=Parsec%20Mbed%20Crypto;id=%0A%0B;object=module%20rsa;type=private$'
cp "$OUT" "$T/list.txt"
count=$(grep -c '^      pkcs11:' "$OUT")
if [ "$count" -eq 6 ]; then pass "six objects, each with a URI"; else fail "six objects, each with a URI (got $count)"; fi

if command -v python3 >/dev/null 2>&1; then
	run "list --json" 0 "$TOOL" list --json
	cp "$OUT" "$T/list.json"
	run "list --json is JSON with the documented fields" 0 python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) == {"application", "service", "store", "slots"}, d.keys()
s = d["slots"][0]
assert s["slot_id"] == 1 and s["token_label"] == "Parsec Mbed Crypto", s
objs = {(o["label"], o["class"]): o for o in s["objects"]}
o = objs[("module rsa", "CKO_PRIVATE_KEY")]
assert o["key_type"] == "CKK_RSA" and o["key_bits"] == 2048, o
assert o["id"] == "0a0b" and o["key_name"] == "module rsa", o
assert o["status"] == "ok" and o["provider"] == 1, o
assert "CKM_SHA256_RSA_PKCS" in o["mechanisms"], o
assert objs[("ec key/é", "CKO_PUBLIC_KEY")]["curve"] == "prime256v1"
assert len(s["objects"]) == 6
for o in s["objects"]:
    print(o["uri"])
' "$T/list.json"
	cp "$OUT" "$T/uris"
else
	grep '^      pkcs11:' "$T/list.txt" | sed 's/^ *//' >"$T/uris"
fi

# Another implementation parses and matches the tool's URIs.
if command -v p11tool >/dev/null 2>&1; then
	n=0
	while read -r uri; do
		n=$((n + 1))
		run "p11tool --list-all finds URI $n" 0 p11tool --provider "$MODULE" --list-all "$uri"
		objects=$(grep -c '^Object' "$OUT")
		if [ "$objects" -eq 1 ] && grep -qF "URL: $uri" "$OUT"; then
			pass "p11tool: URI $n names exactly that object"
		else
			fail "p11tool: URI $n names exactly that object ($objects found)"
		fi
	done <"$T/uris"
else
	need_programs p11tool
fi

ec_uri=$(grep 'object=ec%20key%2F%C3%A9;type=private' "$T/uris")
run "show by the listed URI" 0 "$TOOL" show "$ec_uri"
has "show: the object" '^  object +private key on slot 1, token "Parsec Mbed Crypto"$'
has "show: its Parsec key exists" '^  Parsec key +"ec key_é" on provider 1: exists$'
has "show: the key name is consistent" '^  key name +made by the naming scheme from its label and id$'
has "show: CKA_LABEL" '^  CKA_LABEL +"ec key/é"$'
has "show: CKA_ID" '^  CKA_ID +0c$'
has "show: CKA_KEY_TYPE by name" '^  CKA_KEY_TYPE +CKK_EC$'
has "show: CKA_EC_PARAMS" '^  CKA_EC_PARAMS +06082a8648ce3d030107$'
run "show by label alone shows both halves" 0 "$TOOL" show "pkcs11:object=module%20rsa"
has "show: private half" "type=private$"
has "show: public half" "type=public$"
run "show --json" 0 "$TOOL" show --json "pkcs11:object=module%20rsa;type=public"
has "show --json: attributes named and hex-encoded" '"CKA_LABEL": "6d6f64756c6520727361"'
has "show --json: constants by name" '"CKA_CLASS": "CKO_PUBLIC_KEY"'
run "show of another token's URI finds nothing" 1 "$TOOL" show "pkcs11:token=Other;object=module%20rsa"
tools_finish
