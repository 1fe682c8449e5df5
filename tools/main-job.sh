#!/bin/sh
# main-job.sh [BUILDDIR] - sign a file through the module with real
# clients, the way a user's program would:
#
#   1. the Parsec service at PARSEC_SERVICE_ENDPOINT when one answers
#      there, else the bundled test double (it says which);
#   2. p11-kit loads the module: the module's p11-kit config
#      (p11-kit-conf/parsec-pkcs11.module, pointed at the built library)
#      is put where p11-kit reads configs, inside a private mount
#      namespace, so nothing is installed or changed on the system;
#   3. pkcs11-tool, through p11-kit's proxy module (p11-kit-proxy.so),
#      generates an RSA key on the token, reads its public key and signs
#      a file; openssl verifies the signature with the public key;
#   4. parsec-pkcs11 shows the key's mapping; the key is deleted at the
#      end, so the run leaves nothing behind.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/_build/main}" && pwd)
tool=$build/tools/parsec-pkcs11
module=$build/module/.libs/libparsec-pkcs11.so

say() { printf '%s\n' "$*"; }
step() { printf '\n== %s\n' "$*"; }
# show CMD...: print the command (as a shell would take it), then run it.
show() {
	printf '$'
	for a in "$@"; do
		case $a in
		p11) printf ' pkcs11-tool --module %s' "${proxy:-}" ;;
		*[!A-Za-z0-9_./:=@%+,-]*) printf " '%s'" "$a" ;;
		*) printf ' %s' "$a" ;;
		esac
	done
	printf '\n'
	"$@"
}
die() {
	say "main job: $*" >&2
	exit 1
}

# ---------------------------------------------------------------- phase 3
# Inside the mount namespace, with a service and the p11-kit config in
# place: the clients.
if [ "${MAIN_JOB_PHASE:-}" = clients ]; then
	proxy=$(pkg-config p11-kit-1 --variable proxy_module)
	work=$MAIN_JOB_DIR
	id=4d4a
	p11() { pkcs11-tool --module "$proxy" "$@"; }

	step "p11-kit sees the module"
	say '$ p11-kit list-modules'
	p11-kit list-modules >"$work/modules.txt" 2>&1 || true
	awk '/^parsec-pkcs11:/ { p = 1; print; next } /^[^ ]/ { p = 0 } p' "$work/modules.txt"
	grep -q '^parsec-pkcs11:' "$work/modules.txt" ||
		die "p11-kit list-modules does not show parsec-pkcs11"

	step "pkcs11-tool loads p11-kit's proxy module ($proxy)"
	say "\$ pkcs11-tool --module $proxy --list-token-slots"
	p11 --list-token-slots >"$work/slots.txt" 2>&1 || true
	cat "$work/slots.txt"
	token=$(sed -n 's/^ *token label *: *//p' "$work/slots.txt" |
		grep -x 'Parsec Mbed Crypto' | head -n 1)
	[ -n "$token" ] || token=$(sed -n 's/^ *token label *: *//p' "$work/slots.txt" |
		grep '^Parsec ' | head -n 1)
	[ -n "$token" ] || die "no Parsec token behind p11-kit"
	say "(using the token \"$token\")"
	if ! p11 --token-label "$token" -M 2>/dev/null | grep -q '^ *SHA256-RSA-PKCS.*[ ,]sign'; then
		die "the token offers no SHA256-RSA-PKCS signing: the module does not sign yet (issue 4: mechanisms)"
	fi
	cleanup_key() {
		for type in privkey pubkey; do
			p11 --token-label "$token" --login --pin 1234 \
				--delete-object --type "$type" --id "$id" >/dev/null 2>&1 || true
		done
	}
	trap cleanup_key EXIT

	step "generate an RSA key pair on the token"
	show p11 --token-label "$token" --login --pin 1234 --keypairgen \
		--key-type rsa:2048 --usage-sign --label main-job --id "$id"

	step "read its public key and hand it to openssl"
	show p11 --token-label "$token" --read-object --type pubkey --id "$id" \
		-o "$work/pub.der"
	show openssl pkey -pubin -inform DER -in "$work/pub.der" -out "$work/pub.pem"

	step "sign a file on the token (SHA256-RSA-PKCS)"
	printf 'Signed through p11-kit by the parsec-pkcs11 main job.\n' >"$work/message.txt"
	if ! show p11 --token-label "$token" --login --pin 1234 --sign \
		-m SHA256-RSA-PKCS --id "$id" -i "$work/message.txt" -o "$work/message.sig"; then
		die "signing failed (see pkcs11-tool's message above)"
	fi

	step "openssl verifies the signature with the exported public key"
	show openssl dgst -sha256 -verify "$work/pub.pem" \
		-signature "$work/message.sig" "$work/message.txt" ||
		die "the signature does not verify"

	step "the mapping, as parsec-pkcs11 shows it"
	show "$MAIN_JOB_TOOL" list
	show "$MAIN_JOB_TOOL" check
	step "done: a key made through p11-kit signed a file that openssl verified"
	exit 0
fi

# ---------------------------------------------------------------- phase 2
# With a service: the p11-kit config, then the clients in a private mount
# namespace.
if [ "${MAIN_JOB_PHASE:-}" = namespace ]; then
	configs=$(pkg-config p11-kit-1 --variable p11_module_configs)
	work=$(mktemp -d "${TMPDIR:-/tmp}/parsec-main-job.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	mkdir "$work/modules"
	sed "s|^module:.*|module: $module|" "$top/p11-kit-conf/parsec-pkcs11.module" \
		>"$work/modules/parsec-pkcs11.module"
	: "${PARSEC_PKCS11_STORE:=sqlite:$work/metadata.sqlite}"
	export PARSEC_PKCS11_STORE
	step "register the module with p11-kit, privately"
	say "p11-kit reads module configs from $configs; this run puts"
	say "$work/modules/parsec-pkcs11.module (module: $module) there"
	say "in a private mount namespace: the system's files are not touched."
	export MAIN_JOB_PHASE=clients MAIN_JOB_DIR="$work" MAIN_JOB_TOOL="$tool"
	script="mount --bind '$work/modules' '$configs' &&
		{ [ ! -d /etc/pkcs11/modules ] || mount --bind '$work/modules' /etc/pkcs11/modules; } &&
		exec sh '$0' '$build'"
	if [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null; then
		unshare -m --propagation private sh -c "$script"
	elif unshare -r -m --propagation private true 2>/dev/null; then
		unshare -r -m --propagation private sh -c "$script"
	else
		die "no private mount namespace (unshare -m) here: p11-kit cannot be given the module config without installing it (try as root, or 'make install')"
	fi
	exit $?
fi

# ---------------------------------------------------------------- phase 1
for p in pkcs11-tool openssl p11-kit pkg-config unshare; do
	command -v "$p" >/dev/null 2>&1 || die "$p is not installed (tools/quickstart.sh installs it)"
done
if [ ! -x "$tool" ] || [ ! -f "$module" ]; then
	die "build first: $tool and $module are missing"
fi
: "${PARSEC_PKCS11_APP_NAME:=parsec-pkcs11-main-job}"
export PARSEC_PKCS11_APP_NAME
endpoint=${PARSEC_SERVICE_ENDPOINT:-unix:/run/parsec/parsec.sock}
step "Parsec service"
export MAIN_JOB_PHASE=namespace
if "$tool" --endpoint "$endpoint" ping >/dev/null 2>&1; then
	say "Using the Parsec service at $endpoint (application name $PARSEC_PKCS11_APP_NAME)."
	PARSEC_SERVICE_ENDPOINT=$endpoint
	export PARSEC_SERVICE_ENDPOINT
	exec sh "$0" "$build"
fi
say "No Parsec service answers at $endpoint;"
say "using the test double (tests/fake-parsec/fake-parsecd) instead."
make -C "$build" tests/fake-parsec/fake-parsecd >/dev/null
FAKE_PARSECD=$build/tests/fake-parsec/fake-parsecd
export FAKE_PARSECD
unset PARSEC_TEST_ENDPOINT PARSEC_PKCS11_STORE
exec "$top/tests/common/with-service.sh" sh "$0" "$build"
