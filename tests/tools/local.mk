# tests/tools/: the parsec-pkcs11 command against the Parsec test double
# (or PARSEC_TEST_ENDPOINT), the pieces of the mapping it relies on, and
# the installed layout (see tests/tools/README.md).
check_PROGRAMS += tests/tools/parsec-key tests/tools/test-tool-units
tests_tools_parsec_key_SOURCES = tests/tools/parsec-key.c
tests_tools_parsec_key_LDADD = $(PARSEC_CLIENT_LIBS)

# Unit tests of the JSON reader and of the naming rule check applies.
tests_tools_test_tool_units_SOURCES = tests/tools/test-tool-units.c \
	tools/json.c tools/json.h
tests_tools_test_tool_units_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) \
	$(P11KIT_CFLAGS)
tests_tools_test_tool_units_LDADD = mapping/libmapping.la \
	parsec/libparsec-proto.la $(CHECK_LIBS) $(CRYPTO_LIBS) \
	$(SQLITE_LIBS) $(PROTOBUF_C_LIBS) $(PTHREAD_LIBS)

TOOL_TESTS = \
	tests/tools/test-tool-usage.sh \
	tests/tools/test-tool-list-show.sh \
	tests/tools/test-tool-rename.sh \
	tests/tools/test-tool-check-forget.sh \
	tests/tools/test-tool-adopt.sh \
	tests/tools/test-tool-export-import.sh \
	tests/tools/test-install.sh \
	tests/tools/test-main-job.sh

TESTS += tests/tools/test-tool-units $(TOOL_TESTS)
EXTRA_DIST += $(TOOL_TESTS) tests/tools/lib.sh tests/tools/README.md


# test-install.sh asks where make install puts things, with every
# variable expanded as make expands it.
print-install-dirs:
	@echo "prefix=$(prefix)"
	@echo "libdir=$(libdir)"
	@echo "datadir=$(datadir)"
	@echo "bindir=$(bindir)"
	@echo "mandir=$(mandir)"
	@echo "p11_module_path=$(p11_module_path)"
	@echo "p11_module_configs=$(p11_module_configs)"
.PHONY: print-install-dirs
