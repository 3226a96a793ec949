# Makefile: builds tillid, its tests and its tools; installs missing Debian packages first.
#
#   make            build tillid and the tools (never calls apt when the packages are there)
#   make report     ingest, analyse and report the sample studies (the main job)
#   make check      build and run every test (unit, end-to-end, layers, man page, cross-check with R)
#   make SANITIZE=address,undefined check    the same under ASan/UBSan
#   make valgrind   the unit tests under valgrind
#   make install    tillid, its man page and the docs under $(DESTDIR)$(PREFIX)
#   make sample     regenerate sample-data/ with the seeded generator
#
# The layers (docs/architecture.md): every .c file in core/, pipeline/,
# stats/ and plots/ goes into libtillid.a; cli/*.c is the tillid command;
# tests/unit/test_<module>.c are the unit tests and tools/*.c the helper
# programs, all linked against libtillid.a. Includes name their layer
# ("core/util.h"), so the only include path is the top of the tree.

CC ?= cc
# Quiet build lines ("CC core/util.c"); make V=1 prints whole commands.
ifeq ($(V),1)
Q =
QUIET = @:
else
Q = @
QUIET = @echo
endif
SANITIZE ?=
ifeq ($(SANITIZE),)
BUILD ?= build
OPT ?= -O2
SANFLAGS =
else
BUILD ?= build-san
OPT ?= -O1
SANFLAGS = -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
DOCDIR = $(PREFIX)/share/doc/tillid
INSTALL ?= install

PKGS = gsl cairo pangocairo inih libcrypto libpng libzip expat libqpdf xlsxwriter libdeflate libutf8proc
# Recursively expanded on purpose: pkg-config runs when a recipe needs the
# flags, which is after $(DEPS) has installed what was missing.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lcsv -lglpk -lm
TEST_CFLAGS = $(shell pkg-config --cflags cmocka)
TEST_LIBS = $(shell pkg-config --libs cmocka)

CFLAGS ?= $(OPT) -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -I. -I$(BUILD)/gen \
	$(SANFLAGS) $(CFLAGS) $(PKG_CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LAYERS = core pipeline stats plots
LIB_SRC = $(wildcard $(LAYERS:%=%/*.c))
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_SRC = $(wildcard cli/*.c)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_SRC = $(wildcard tests/unit/test_*.c)
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_SUPPORT = $(filter-out $(TEST_SRC), $(wildcard tests/unit/*.c))
TEST_SUPPORT_OBJ = $(TEST_SUPPORT:%.c=$(BUILD)/%.o)
TOOL_SRC = $(wildcard tools/*.c)
TOOL_BIN = $(TOOL_SRC:tools/%.c=$(BUILD)/%)
DEP_FILES = $(wildcard $(BUILD)/*/*.d $(BUILD)/*/*/*.d $(BUILD)/*/*/*/*.d)

TILLID = $(BUILD)/tillid
DEPS = $(BUILD)/.deps-build
DEPS_CHECK = $(BUILD)/.deps-check
GIT_VERSION = $(BUILD)/gen/git_version.h

SAMPLE_STUDY = sample-data/fremfaerd.ini
SAMPLE_OUT = sample-data/out-fremfaerd
# The other sample studies: one report each, in Danish and English.
SAMPLE_MORE = sample-data/aaben-dialog/aaben-dialog.ini sample-data/foraeldreraad/foraeldreraad.ini

.PHONY: all report check installcheck unit crosscheck simulate bench bench-scale bench-xlsx fuzz-xlsx valgrind sample clean deps install FORCE
.DEFAULT_GOAL := all
.SECONDARY:

all: $(TILLID) $(TOOL_BIN)

# A plain `make` only checks with dpkg that the packages are there; apt-get
# runs (as root) or is named (otherwise) only when one is missing.
$(DEPS): tools/deps.sh
	@mkdir -p $(BUILD)
	@sh tools/deps.sh build
	@touch $@

$(DEPS_CHECK): tools/deps.sh
	@mkdir -p $(BUILD)
	@sh tools/deps.sh check
	@touch $@

deps: $(DEPS)

# The git version of the checkout (git describe), rewritten only when it
# changes, so that a rebuild does not relink for nothing.
$(GIT_VERSION): FORCE
	@mkdir -p $(dir $@)
	@sh tools/git-version.sh $(CURDIR)/$@ >$@.new && \
	if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

$(BUILD)/cli/cmd_version.o: $(GIT_VERSION)

# -MMD -MP: each object lists the headers it includes in its .d file.
$(BUILD)/%.o: %.c | $(DEPS)
	@mkdir -p $(dir $@)
	$(QUIET) "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tests/unit/%.o: tests/unit/%.c | $(DEPS)
	@mkdir -p $(dir $@)
	$(QUIET) "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libtillid.a: $(LIB_OBJ)
	@rm -f $@
	$(QUIET) "  AR      $@"
	$(Q)ar rcs $@ $^

$(TILLID): $(CLI_OBJ) $(BUILD)/libtillid.a
	$(QUIET) "  LINK    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# A tool is tools/NAME.c, plus tools/NAME/*.c when it needs more files.
.SECONDEXPANSION:
$(TOOL_BIN): $(BUILD)/%: $(BUILD)/tools/%.o $$(foreach f,$$(wildcard tools/$$*/*.c),$(BUILD)/$$(basename $$f).o) \
		$(BUILD)/libtillid.a
	$(QUIET) "  LINK    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# The library goes last: objects added below (cmd_init.o) use it too.
$(BUILD)/tests/test_%: $(BUILD)/tests/unit/test_%.o $(TEST_SUPPORT_OBJ) $(BUILD)/libtillid.a
	$(QUIET) "  LINK    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(filter-out %.a,$^) $(filter %.a,$^) $(PKG_LIBS) $(TEST_LIBS)

# test_gen runs the generator it tests; test_draft runs the command it tests.
$(BUILD)/tests/test_gen: | $(BUILD)/tillid-gen
$(BUILD)/tests/test_draft: $(BUILD)/cli/cmd_init.o $(BUILD)/cli/advice.o

report: $(TILLID)
	./$(TILLID) ingest --quiet $(SAMPLE_STUDY)
	./$(TILLID) stats $(SAMPLE_STUDY)
	./$(TILLID) report --per-municipality $(SAMPLE_STUDY)
	./$(TILLID) report --lang en --per-municipality $(SAMPLE_STUDY)
	./$(TILLID) tables $(SAMPLE_STUDY)
	./$(TILLID) tables --lang en $(SAMPLE_STUDY)
	@echo "report: $(SAMPLE_OUT)/rapport.pdf (English: report-en.pdf; one per municipality beside them), charts in $(SAMPLE_OUT)/charts*/"
	@for s in $(SAMPLE_MORE); do \
		./$(TILLID) ingest --quiet $$s && ./$(TILLID) stats $$s && ./$(TILLID) report $$s && \
		./$(TILLID) report --lang en $$s && ./$(TILLID) tables $$s || exit 1; \
	done
	@echo "report: sample-data/aaben-dialog/out-aaben-dialog/ and sample-data/foraeldreraad/out-foraeldreraad/: rapport.pdf, report-en.pdf, tabeller.xlsx"

check: $(DEPS_CHECK) $(TILLID) $(TOOL_BIN) $(TEST_BIN) installcheck
	@sh tests/run.sh $(BUILD)

# installcheck: `make install` into a scratch DESTDIR puts the program, the
# man page and the docs where PREFIX says, and the installed program runs.
installcheck: $(TILLID)
	@rm -rf $(BUILD)/installcheck
	@$(MAKE) --no-print-directory -s install DESTDIR=$(CURDIR)/$(BUILD)/installcheck PREFIX=/usr >/dev/null
	@d=$(BUILD)/installcheck/usr; \
	for f in bin/tillid share/man/man1/tillid.1 share/doc/tillid/README.md share/doc/tillid/architecture.md; do \
		[ -f $$d/$$f ] || { echo "installcheck: 'make install' did not install $$f"; exit 1; }; \
	done; \
	$$d/bin/tillid version >/dev/null || { echo "installcheck: the installed tillid does not run"; exit 1; }; \
	echo "ok   installcheck"

unit: $(TEST_BIN)
	@sh tests/run.sh $(BUILD) unit

crosscheck: $(DEPS_CHECK) $(TILLID) $(TOOL_BIN)
	@sh tools/deps.sh crosscheck
	sh tests/crosscheck.sh $(BUILD)

simulate: $(TILLID) $(TOOL_BIN)
	sh tests/simulate.sh $(BUILD)

valgrind: $(DEPS_CHECK) $(TEST_BIN)
	@sh tests/run.sh $(BUILD) unit valgrind

sample: $(BUILD)/tillid-gen
	./$(BUILD)/tillid-gen --out sample-data
	./$(BUILD)/tillid-gen --design aaben-dialog --out sample-data/aaben-dialog
	./$(BUILD)/tillid-gen --design foraeldreraad --out sample-data/foraeldreraad

install: $(TILLID)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DOCDIR)
	$(INSTALL) -m 755 $(TILLID) $(DESTDIR)$(BINDIR)/tillid
	$(INSTALL) -m 644 docs/tillid.1 $(DESTDIR)$(MANDIR)/man1/tillid.1
	$(INSTALL) -m 644 README.md docs/*.md $(DESTDIR)$(DOCDIR)

# bench: tillid's whole job (ingest, stats, the Danish project report) side
# by side with the R and Python peers of ../shared/bench on the benchmark
# study of BENCH_N respondents per wave (tools/bench.sh); bench-scale runs
# it from 10^4 to Denmark's adult population and prints how each stage grows.
BENCH_N ?= 1000000
BENCH_SCALE_N ?= 10000 100000 1000000 4800000
bench: $(DEPS_CHECK) $(TILLID) $(BUILD)/tillid-benchgen
	@sh tools/bench.sh $(BUILD) $(BENCH_N)

bench-scale: $(DEPS_CHECK) $(TILLID) $(BUILD)/tillid-benchgen
	@sh tools/bench.sh $(BUILD) $(BENCH_SCALE_N)

# bench-xlsx: a Microsoft Forms style wave of BENCH_XLSX_N respondents as a
# workbook and as its CSV twin (tests/fixtures/xlsx/make_fixtures.py), ingest
# timed on both.
BENCH_XLSX_N ?= 200000
BENCH_TIME = /usr/bin/time -f '%e s wall, %U s user, %M KiB max RSS'
bench-xlsx: $(DEPS_CHECK) $(TILLID)
	@rm -rf $(BUILD)/bench-xlsx
	@python3 tests/fixtures/xlsx/make_fixtures.py --big $(BENCH_XLSX_N) $(BUILD)/bench-xlsx
	@ls -l $(BUILD)/bench-xlsx/big.xlsx $(BUILD)/bench-xlsx/big.csv
	@for f in xlsx csv; do echo "bench-xlsx: tillid ingest ($$f)"; \
		(cd $(BUILD)/bench-xlsx && $(BENCH_TIME) ../tillid ingest --csv --quiet --out out-$$f big-$$f.ini 2>&1 | tail -n 1) || exit 1; \
	done
	@cmp $(BUILD)/bench-xlsx/out-xlsx/clean.csv $(BUILD)/bench-xlsx/out-csv/clean.csv && echo "bench-xlsx: the same clean data"

# fuzz-xlsx: the workbook reader's libFuzzer harness (clang), in build-fuzz/;
# not part of check. Run: ./build-fuzz/fuzz_xlsx -artifact_prefix=build-fuzz/ build-fuzz/corpus tests/fixtures/xlsx
FUZZ_SRC = $(wildcard pipeline/xlsx*.c) core/util.c
fuzz-xlsx: tests/fuzz/fuzz_xlsx.c $(FUZZ_SRC)
	@mkdir -p build-fuzz/corpus
	clang -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -I. -fsanitize=fuzzer,address,undefined \
		$(shell pkg-config --cflags libzip expat) -o build-fuzz/fuzz_xlsx \
		tests/fuzz/fuzz_xlsx.c $(FUZZ_SRC) $(shell pkg-config --libs libzip expat) -lm

clean:
	rm -rf build build-san build-fuzz out $(SAMPLE_OUT) $(foreach s,$(SAMPLE_MORE),$(dir $(s))out-$(basename $(notdir $(s))))

-include $(DEP_FILES)
