# shellcheck shell=sh
# tests/tools/lib.sh - sourced by the tests of the parsec-pkcs11 tool.
#
# tools_init "$@" re-runs the script inside tests/common/with-service.sh
# (the Parsec test double, or the real service at PARSEC_TEST_ENDPOINT)
# with an application name of its own, so that check and list see only
# the keys this script makes (against a real service they are destroyed
# at the end). Each check prints "ok - WHAT" or "FAIL - WHAT" with the
# output it judged; tools_finish prints the counts and sets the status.

set -u

: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
if [ -z "${TOP_BUILDDIR:-}" ] && [ -f ./config.status ]; then
	TOP_BUILDDIR=$PWD
fi
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
export TOP_SRCDIR TOP_BUILDDIR
TOOL=$TOP_BUILDDIR/tools/parsec-pkcs11
PARSEC_KEY=$TOP_BUILDDIR/tests/tools/parsec-key
MODULE=${PARSEC_PKCS11_MODULE:-$TOP_BUILDDIR/module/.libs/libparsec-pkcs11.so}
passed=0
failed=0
OUT=
# A module built with --enable-sanitizers needs the ASan runtime loaded
# first into the clients that load it (not built with it); their own leaks
# are not ours to report. The tool and parsec-key are built with it and
# keep leak detection.
ASAN_PRELOAD=$(ldd "$MODULE" 2>/dev/null | sed -n 's/.*libasan[^ ]* => \([^ ]*\).*/\1/p')
export ASAN_PRELOAD

skip_all() {
	echo "SKIP: $*"
	exit 77
}

# no_namespace WHY: a private namespace the test needs cannot be had: a
# failure in CI (which runs as root where they are allowed), else a skip.
no_namespace() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL - $* (CI must allow it)"
		exit 1
	fi
	skip_all "$*"
}

need_programs() {
	for p in "$@"; do
		command -v "$p" >/dev/null 2>&1 && continue
		if [ "${CI:-}" = true ]; then
			echo "FAIL - program $p installed (CI installs it)"
			exit 1
		fi
		skip_all "program not installed: $p"
	done
}

tools_init() {
	[ -x "$TOOL" ] || skip_all "the tool is not built ($TOOL)"
	if [ -z "${WITH_SERVICE_DIR:-}" ]; then
		if [ -z "${PARSEC_TEST_ENDPOINT:-}" ]; then
			: "${FAKE_PARSECD:=$TOP_BUILDDIR/tests/fake-parsec/fake-parsecd}"
			[ -x "$FAKE_PARSECD" ] ||
				skip_all "the test double is not built and PARSEC_TEST_ENDPOINT is unset"
			export FAKE_PARSECD
		fi
		PARSEC_PKCS11_APP_NAME=tool-test-$(od -An -N4 -tx1 /dev/urandom | tr -d ' ')
		export PARSEC_PKCS11_APP_NAME
		unset PARSEC_PKCS11_STORE PARSEC_PKCS11_CONF PARSEC_PKCS11_NAMING
		exec sh "$TOP_SRCDIR/tests/common/with-service.sh" sh "$0" "$@"
	fi
	T=$WITH_SERVICE_DIR
	trap tools_cleanup EXIT
	trap 'exit 130' INT TERM
}

# Against a real service, the keys of this run's application go (by
# ListKeys in parsec-key: key names may hold spaces).
tools_cleanup() {
	[ "${WITH_SERVICE_EXTERNAL:-0}" = 1 ] || return 0
	"$PARSEC_KEY" destroy-all >/dev/null 2>&1
}

pass() {
	passed=$((passed + 1))
	echo "ok - $1"
}

fail() {
	failed=$((failed + 1))
	echo "FAIL - $1"
	[ -n "$OUT" ] && [ -f "$OUT" ] && tail -n 30 "$OUT" | sed 's/^/    | /'
}

# loads_module CMD...: CMD (after env and its assignments) is a client
# program that loads the module.
loads_module() {
	for w in "$@"; do
		case $w in
		env | *=*) ;;
		pkcs11-tool | p11tool | p11-kit) return 0 ;;
		*) return 1 ;;
		esac
	done
	return 1
}

n_run=0
# run NAME RC CMD...: CMD (bounded) must exit with RC; its stdout and
# stderr land in $OUT.
run() {
	name=$1
	want=$2
	shift 2
	n_run=$((n_run + 1))
	OUT=$T/run-$n_run.log
	rc=0
	if [ -n "$ASAN_PRELOAD" ] && loads_module "$@"; then
		set -- env LD_PRELOAD="$ASAN_PRELOAD" ASAN_OPTIONS=detect_leaks=0 "$@"
	fi
	timeout -k 5 60 "$@" >"$OUT" 2>&1 </dev/null || rc=$?
	if [ "$rc" -eq "$want" ]; then
		pass "$name (exit $rc)"
		return 0
	fi
	echo "(exit $rc, expected $want) $*" >>"$OUT"
	fail "$name"
	return 1
}

# has NAME PATTERN: the last output has a line matching (grep -E).
has() {
	if grep -Eq -- "$2" "$OUT"; then pass "$1"; else fail "$1: no line matches /$2/"; fi
}

# lacks NAME PATTERN: no line of the last output matches.
lacks() {
	if grep -Eq -- "$2" "$OUT"; then fail "$1: a line matches /$2/"; else pass "$1"; fi
}

# check NAME CMD...: CMD succeeds.
check() {
	name=$1
	shift
	if "$@" >/dev/null 2>&1; then pass "$name"; else OUT='' fail "$name"; fi
}


# keygen LABEL ID TYPE: a key pair made through the module.
keygen() {
	run "pkcs11-tool makes $3 key \"$1\" through the module" 0 \
		pkcs11-tool --module "$MODULE" --slot 1 --keypairgen \
		--key-type "$3" --label "$1" --id "$2" --usage-sign
}

tools_finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
	exit $?
}
