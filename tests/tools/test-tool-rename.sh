#!/bin/sh
# parsec-pkcs11 rename: the label changes on both objects of the key
# pair, the Parsec key name stays, the name's inputs are recorded, and
# check finds the mapping consistent; the module sees the new label. A
# scheme that cannot make a key's name from its recorded inputs is a
# naming violation.
. "$(dirname "$0")/lib.sh"
tools_init "$@"
need_programs pkcs11-tool

run "a key made directly through Parsec" 0 "$PARSEC_KEY" create foreign ec
keygen before 01 rsa:2048
keygen other 02 EC:prime256v1
run "check before renaming" 0 "$TOOL" check

run "rename by the URI of the public key" 0 "$TOOL" rename "pkcs11:object=before;type=public" after
has "says both objects were renamed" '^Renamed private key and public key on slot 1: label "before" -> "after"$'
has "says the Parsec key keeps its name" '^The Parsec key keeps its name "before"'
has "says the origin is recorded" 'recorded with the objects \(CKA_PARSEC_NAME_ORIGIN\)'
has "prints the new URI" '^pkcs11:.*id=%01;object=after;type=private$'

run "list after rename" 0 "$TOOL" list
has "private key now labelled after" '^  private key RSA 2048 +label "after" +id 01$'
has "public key now labelled after" '^  public key +RSA 2048 +label "after" +id 01$'
has "the Parsec name stays" '^      Parsec key "before" on provider 1$'
lacks "no object labelled before" 'label "before"'

run "the module sees the new label (pkcs11-tool -O)" 0 pkcs11-tool --module "$MODULE" --slot 1 -O
has "pkcs11-tool lists label after" 'label: +after$'
lacks "pkcs11-tool lists no label before" 'label: +before$'

run "check after rename" 0 "$TOOL" check
has "check says consistent" '^consistent: '
run "show the renamed key" 0 "$TOOL" show "pkcs11:object=after;type=private"
has "show: name explained by the record" 'recorded label and id \(renamed since\)'
has "show: the record" '^  CKA_PARSEC_NAME_ORIGIN +made by the naming scheme from label "before", id 01$'

run "rename again" 0 "$TOOL" rename "pkcs11:object=after" third
run "check after the second rename" 0 "$TOOL" check
run "show after the second rename" 0 "$TOOL" show "pkcs11:object=third;type=public"
has "the record still names the creation label" 'from label "before", id 01$'

run "rename the adopted key" 0 "$TOOL" rename "pkcs11:object=foreign" "was foreign"
has "adopted: origin recorded as another client's" 'named by another Parsec client'

# Under a scheme that makes names from the id, "before" (recorded label
# before, id 01) cannot be explained: a violation. The adopted key stays
# consistent (its name is another client's), and so does a key made
# under the new scheme.
run "a key made under the scheme app-{id}" 0 \
	env PARSEC_PKCS11_NAMING='app-{id}' pkcs11-tool --module "$MODULE" --slot 1 --keypairgen --key-type EC:prime256v1 --label fresh --id 0f
run "the module named it app-0f" 0 "$TOOL" list
has "the key is named by the scheme" '^      Parsec key "app-0f" on provider 1$'
printf 'naming = app-{id}\n' >"$T/app.conf"
run "check under app-{id} (from --config) finds violations" 1 "$TOOL" --config "$T/app.conf" check
has "violation: the renamed key" '^naming: slot 1, Parsec key "before": the naming scheme does not make it from its recorded label and id'
has "violation: the key whose label was never changed" '^naming: slot 1, Parsec key "other": '
lacks "the adopted key is not a violation" 'Parsec key "foreign"'
lacks "the key made under the scheme is not a violation" 'Parsec key "app-0f"'
has "the summary counts them" '^INCONSISTENT: .* 2 naming violation\(s\)'
run "rename the app-0f key" 0 env PARSEC_PKCS11_NAMING='app-{id}' "$TOOL" rename "pkcs11:object=fresh" renamed-fresh
run "show it under app-{id}" 0 env PARSEC_PKCS11_NAMING='app-{id}' "$TOOL" show "pkcs11:object=renamed-fresh;type=private"
has "explained by its record" 'recorded label and id \(renamed since\)'

run "a URI naming two keys is refused" 1 "$TOOL" rename "pkcs11:type=private" x
has "says why" 'not one key'
run "a URI naming nothing is refused" 1 "$TOOL" rename "pkcs11:object=nothing" x
run "the label must be UTF-8" 2 "$TOOL" rename "pkcs11:object=third" "$(printf 'a\377')"
tools_finish
