#!/bin/sh
# parsec-pkcs11: --help on every command, and the exit codes: 0 ok,
# 1 failure, 2 usage or configuration error.
. "$(dirname "$0")/lib.sh"
tools_init "$@"

run "--help" 0 "$TOOL" --help
has "--help lists the commands" "^  check +Compare the store"
run "--version" 0 "$TOOL" --version
has "--version prints the version" "^parsec-pkcs11 [0-9]"
for cmd in list show rename adopt forget check export import ping providers \
	opcodes authenticators keys; do
	run "$cmd --help" 0 "$TOOL" "$cmd" --help
	has "$cmd --help shows its usage" "^Usage: parsec-pkcs11 $cmd"
done
run "no command" 2 "$TOOL"
run "unknown command" 2 "$TOOL" frobnicate
has "unknown command named" "unknown command 'frobnicate'"
run "unknown global option" 2 "$TOOL" --frobnicate list
run "list with an argument" 2 "$TOOL" list extra
has "list: usage printed" "^Usage: parsec-pkcs11 list"
run "list with an unknown option" 2 "$TOOL" list --yaml
has "unknown option named" "unknown option '--yaml'"
run "show without a URI" 2 "$TOOL" show
run "show with something that is not a URI" 2 "$TOOL" show "not a uri"
has "show says why" "is not a pkcs11: URI"
run "rename with one argument" 2 "$TOOL" rename "pkcs11:object=x"
run "forget without a URI" 2 "$TOOL" forget
run "forget with a URI and --all-stale" 2 "$TOOL" forget --all-stale "pkcs11:object=x"
run "forget --force --all-stale" 2 "$TOOL" forget --force --all-stale
run "import without a file" 2 "$TOOL" import
run "export to two files" 2 "$TOOL" export a b
run "bad --auth is a configuration error" 2 "$TOOL" --auth bogus list
has "the configuration error names the setting" "auth"
run "bad --store is a configuration error" 2 "$TOOL" --store relative/path list

run "list works" 0 "$TOOL" list
run "check of an empty mapping is clean" 0 "$TOOL" check
run "show of a URI that names nothing fails" 1 "$TOOL" show "pkcs11:object=nothing"
has "show says nothing matched" "no object matches"
run "import of a missing file fails" 1 "$TOOL" import "$T/missing.json"

# The requests --help and parsec-pkcs11(1) name (the double logs them).
if [ -n "${WITH_SERVICE_LOG:-}" ]; then
	for c in list check export; do
		: >"$WITH_SERVICE_LOG"
		"$TOOL" $c >/dev/null 2>&1
		got=$(sed 's/ .*//; s/^opcode=//' "$WITH_SERVICE_LOG" | tr '\n' ' ')
		case $c in
		export) want="ListAuthenticators " ;;
		*) want="ListAuthenticators ListProviders ListKeys " ;;
		esac
		if [ "$got" = "$want" ]; then
			pass "$c sends $want(auth=auto)"
		else
			OUT='' fail "$c sends $want(auth=auto): got '$got'"
		fi
	done
	: >"$WITH_SERVICE_LOG"
	"$TOOL" --auth direct export >/dev/null 2>&1
	check "export with auth=direct sends no request" test ! -s "$WITH_SERVICE_LOG"
fi
run "list against a socket where no service answers fails" 1 \
	"$TOOL" --endpoint "unix:$T/nothing-here.sock" list
has "the failure is named" "ListProviders|E_CONNECT|connect"
tools_finish
