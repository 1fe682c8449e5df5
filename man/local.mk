# man/: manual pages, installed and linted.
dist_man_MANS =
include man/pages.mk

# mandoc -Tlint, warnings and worse are errors (run by tests/run-all.sh).
check-man:
	@for m in $(dist_man_MANS); do \
		mandoc -Tlint -Wwarning $(srcdir)/$$m || exit 1; \
	done; echo "man pages lint-clean: $(dist_man_MANS)"
.PHONY: check-man
