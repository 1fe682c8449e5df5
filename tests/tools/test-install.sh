#!/bin/sh
# make install: with DESTDIR into a temp dir, the module lands in
# p11-kit's module directory and its config in p11-kit's config directory
# (p11-kit's pkg-config paths, under this build's prefix), with the tool
# and the manual pages. Then, in a private mount namespace where those two
# installed directories stand in for the system's, p11-kit list-modules
# loads the installed module through the installed config, whose module:
# line is the bare file name that p11-kit resolves in its module
# directory. (tests/clients/test-p11kit-gnutls.sh registers the config with
# an absolute module path instead and goes on to GnuTLS.)
. "$(dirname "$0")/lib.sh"
need_programs pkg-config make
[ -f "$TOP_BUILDDIR/Makefile" ] || skip_all "no build tree at $TOP_BUILDDIR"
if [ -z "${IN_MOUNT_NS:-}" ]; then
	tools_init "$@"
fi
T=$WITH_SERVICE_DIR
D=$T/dest

if [ -z "${IN_MOUNT_NS:-}" ]; then
	# A make started by a test must not join make check's job server.
	unset MAKEFLAGS MFLAGS MAKELEVEL
	run "make install DESTDIR=..." 0 make -C "$TOP_BUILDDIR" install DESTDIR="$D"
	make -s -C "$TOP_BUILDDIR" --no-print-directory print-install-dirs >"$T/dirs"
	. "$T/dirs"
	# p11-kit's own answer for this prefix.
	want_path=$(pkg-config --define-variable=prefix="$prefix" \
		--define-variable=exec_prefix="$prefix" \
		--define-variable=libdir="$libdir" \
		--variable=p11_module_path p11-kit-1)
	want_configs=$(pkg-config --define-variable=prefix="$prefix" \
		--define-variable=datadir="$datadir" \
		--variable=p11_module_configs p11-kit-1)
	check "module directory is p11-kit's under the prefix ($p11_module_path)" \
		test "$p11_module_path" = "$want_path"
	check "config directory is p11-kit's under the prefix ($p11_module_configs)" \
		test "$p11_module_configs" = "$want_configs"
	case $p11_module_path in "$prefix"/*) pass "module directory inside the prefix" ;;
	*) fail "module directory inside the prefix ($p11_module_path)" ;; esac
	check "the module is installed" test -f "$D$p11_module_path/libparsec-pkcs11.so"
	check "the module exports C_GetFunctionList" \
		sh -c "nm -D '$D$p11_module_path/libparsec-pkcs11.so' | grep -q ' T C_GetFunctionList$'"
	check "the p11-kit config is installed unchanged" \
		cmp -s "$D$p11_module_configs/parsec-pkcs11.module" "$TOP_SRCDIR/p11-kit-conf/parsec-pkcs11.module"
	check "the tool is installed and runs" "$D$bindir/parsec-pkcs11" --version
	for page in man1/parsec-pkcs11.1 man5/parsec-pkcs11.conf.5 man7/parsec-pkcs11.7; do
		check "manual page $page installed" test -f "$D$mandir/$page"
	done
	sys_path=$(pkg-config --variable=p11_module_path p11-kit-1)
	sys_configs=$(pkg-config --variable=p11_module_configs p11-kit-1)
	if ! command -v p11-kit >/dev/null 2>&1 || ! command -v unshare >/dev/null 2>&1; then
		need_programs p11-kit unshare
	fi
	if [ -n "$ASAN_PRELOAD" ]; then
		# p11-kit hangs loading a module built with ASan (seen with
		# the runtime preloaded); the layout above is what matters.
		echo "# sanitizer build: p11-kit list-modules check not run"
		tools_finish
	fi
	if [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null; then
		ns="unshare -m --propagation private"
	elif unshare -r -m --propagation private true 2>/dev/null; then
		ns="unshare -r -m --propagation private"
	else
		[ "${CI:-}" != true ] ||
			fail "a private mount namespace for the list-modules check (CI must allow it)"
		echo "# no private mount namespace here: list-modules check not run"
		tools_finish
	fi
	# shellcheck disable=SC2086 # $ns is a command and its options
	run "p11-kit list-modules with the installed files (private mount namespace)" 0 \
		env IN_MOUNT_NS=1 D="$D" MODULE_DIR="$D$p11_module_path" \
		CONFIG_DIR="$D$p11_module_configs" SYS_PATH="$sys_path" \
		SYS_CONFIGS="$sys_configs" $ns sh "$0"
	has "list-modules shows parsec-pkcs11" '^parsec-pkcs11: .*libparsec-pkcs11\.so$'
	has "its token, from the Parsec service" '^ +token: Parsec Mbed Crypto$'
	lacks "no other module (the namespace shows only ours)" '^p11-kit-trust'
	tools_finish
fi

# Inside the namespace: the installed directories over the system's.
set -e
mount --bind "$MODULE_DIR" "$SYS_PATH"
mount --bind "$CONFIG_DIR" "$SYS_CONFIGS"
if [ -d /etc/pkcs11/modules ]; then
	mkdir -p "$D/empty"
	mount --bind "$D/empty" /etc/pkcs11/modules
fi
exec timeout 30 p11-kit list-modules
