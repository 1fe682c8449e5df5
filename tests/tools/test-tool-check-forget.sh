#!/bin/sh
# parsec-pkcs11 check and forget: a key destroyed behind the module's back
# is reported missing (exit 1); forget refuses objects whose key exists
# and drops the stale ones; session keys are reported without making the
# mapping inconsistent.
. "$(dirname "$0")/lib.sh"
tools_init "$@"
need_programs pkcs11-tool

keygen kept 01 EC:prime256v1
keygen doomed 02 rsa:2048
run "check of a fresh mapping" 0 "$TOOL" check
has "consistent, two keys" '^consistent: 4 object\(s\) of 2 key\(s\) checked'

run "destroy \"doomed\" directly through Parsec" 0 "$PARSEC_KEY" destroy doomed
run "check finds the missing key" 1 "$TOOL" check
has "missing: doomed, both objects" '^missing: slot 1, Parsec key "doomed" is gone; its objects: private key, public key'
has "summary says inconsistent" '^INCONSISTENT: .* 1 missing, 0 orphan\(s\), 0 naming violation\(s\)'
run "list marks its objects stale" 0 "$TOOL" list
has "stale mark" 'Parsec key "doomed" on provider 1: GONE'

run "forget refuses a key that exists" 1 "$TOOL" forget "pkcs11:object=kept"
has "says why" 'still exists'
printf 'note' >"$T/note.bin"
run "a data object through the module" 0 pkcs11-tool --module "$MODULE" --slot 1 \
	--write-object "$T/note.bin" --type data --label note
run "forget refuses an object without a Parsec key" 1 "$TOOL" forget "pkcs11:object=note"
has "says why" 'has no Parsec key'
run "forget of a URI naming nothing fails" 1 "$TOOL" forget "pkcs11:object=nothing-here"
run "the refused forget changed nothing" 0 "$TOOL" list
has "kept is still listed" 'label "kept"'
has "the data object is still listed" 'label "note"'

run "forget the stale key by URI" 0 "$TOOL" forget "pkcs11:object=doomed;type=public"
has "both halves forgotten" '^2 object\(s\) forgotten$'
has "says the key was gone" 'Parsec key "doomed" \(gone\)'
run "check is clean after forget" 0 "$TOOL" check
run "forget --all-stale with nothing stale" 0 "$TOOL" forget --all-stale
has "nothing to do" 'nothing is stale'

keygen another 03 EC:prime256v1
run "destroy \"another\" directly through Parsec" 0 "$PARSEC_KEY" destroy another
run "forget --all-stale" 0 "$TOOL" forget --all-stale
has "forgot another" 'label "another", Parsec key "another" \(gone\)'
run "check is clean again" 0 "$TOOL" check

run "a session key left in Parsec" 0 "$PARSEC_KEY" create pkcs11-session-0123456789abcdef ec
run "check reports it, mapping still consistent" 0 "$TOOL" check
has "session line" '^session: slot 1, Parsec key "pkcs11-session-0123456789abcdef" is a session key'
has "counted" ' 1 session key\(s\)$'

run "forget --force drops an existing key's objects" 0 "$TOOL" forget --force "pkcs11:object=kept"
has "says it was forced" 'still exists: forced'
run "the key is now an orphan" 1 "$TOOL" check
has "orphan line" '^orphan: slot 1, Parsec key "kept"'
tools_finish
