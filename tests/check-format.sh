#!/bin/sh
# check-format.sh - fail when a tracked C file is not clang-formatted.
set -eu
cd "$(dirname "$0")/.."
bad=0
for f in $(git ls-files '*.c' '*.h' 2>/dev/null || find . -name '*.[ch]' ! -path './_build/*'); do
	case "$f" in *.pb-c.[ch]) continue ;; esac
	if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
		echo "not clang-formatted: $f" >&2
		bad=1
	fi
done
exit $bad
