# Makefile: builds tillid, its tests and its tools; installs missing Debian packages first.
#
#   make report     ingest, analyse and report the sample study (the main job)
#   make check      build and run every test (unit, end-to-end, cross-check with R)
#   make SANITIZE=address,undefined check    the same under ASan/UBSan
#   make valgrind   the unit tests under valgrind
#   make sample     regenerate sample-data/ with the seeded generator
#
# Every .c file in pipeline/, stats/ and plots/ except pipeline/tillid.c goes
# into libtillid.a; tillid, the tests (tests/test_<module>.c) and the tools
# (tools/*.c) link against it.

CC ?= cc
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

PKGS = gsl cairo pangocairo inih libcrypto libpng
# Recursively expanded on purpose: pkg-config runs when a recipe needs the
# flags, which is after $(DEPS) has installed what was missing.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) cmocka)
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lcsv -lm

CFLAGS ?= $(OPT) -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	-Ipipeline -Istats -Iplots $(SANFLAGS) $(CFLAGS) $(PKG_CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LIB_SRC = $(filter-out pipeline/tillid.c, $(wildcard pipeline/*.c stats/*.c plots/*.c))
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
HEADERS = $(wildcard pipeline/*.h stats/*.h plots/*.h tests/*.h)
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_SUPPORT = $(filter-out $(TEST_SRC), $(wildcard tests/*.c))
TOOL_SRC = $(wildcard tools/*.c)
TOOL_BIN = $(TOOL_SRC:tools/%.c=$(BUILD)/%)

TILLID = $(BUILD)/tillid
DEPS = $(BUILD)/.deps-build
DEPS_CHECK = $(BUILD)/.deps-check

SAMPLE_STUDY = sample-data/fremfaerd.ini
SAMPLE_OUT = out/fremfaerd

.PHONY: all report check unit e2e crosscheck simulate bench valgrind sample clean deps
.DEFAULT_GOAL := all
.SECONDARY:

all: $(TILLID) $(TOOL_BIN)

$(DEPS): tools/deps.sh
	@mkdir -p $(BUILD)
	@sh tools/deps.sh build
	@touch $@

$(DEPS_CHECK): tools/deps.sh
	@mkdir -p $(BUILD)
	@sh tools/deps.sh check
	@touch $@

deps: $(DEPS)

$(BUILD)/%.o: %.c $(HEADERS) | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libtillid.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(TILLID): $(BUILD)/pipeline/tillid.o $(BUILD)/libtillid.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/%: $(BUILD)/tools/%.o $(BUILD)/libtillid.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(TEST_SUPPORT:%.c=$(BUILD)/%.o) $(BUILD)/libtillid.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(shell pkg-config --libs cmocka)

# test_gen runs the generator it tests.
$(BUILD)/tests/test_gen: | $(BUILD)/tillid-gen

report: $(TILLID)
	./$(TILLID) ingest --quiet $(SAMPLE_STUDY)
	./$(TILLID) stats $(SAMPLE_STUDY)
	./$(TILLID) report --per-municipality $(SAMPLE_STUDY)
	./$(TILLID) report --lang en --per-municipality $(SAMPLE_STUDY)
	@echo "report: $(SAMPLE_OUT)/rapport.pdf (English: report-en.pdf; one per municipality beside them), charts in $(SAMPLE_OUT)/charts*/"

check: $(DEPS_CHECK) $(TILLID) $(TOOL_BIN) $(TEST_BIN)
	@sh tests/run.sh $(BUILD)

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

# bench: generate a study of BENCH_N respondents per wave in $(BUILD)/bench
# and time each stage on it.
BENCH_N ?= 1000000
BENCH_TIME = /usr/bin/time -f '%e s wall, %U s user, %M KiB max RSS'
bench: $(DEPS_CHECK) $(TILLID) $(BUILD)/tillid-gen
	@rm -rf $(BUILD)/bench && mkdir -p $(BUILD)/bench
	@echo "bench: tillid-gen --respondents $(BENCH_N)"
	@$(BENCH_TIME) ./$(BUILD)/tillid-gen --out $(BUILD)/bench/study --respondents $(BENCH_N) >/dev/null
	@du -sh $(BUILD)/bench/study
	@echo "bench: tillid ingest"
	@cd $(BUILD)/bench && $(BENCH_TIME) ../tillid ingest study/fremfaerd.ini >/dev/null
	@echo "bench: tillid stats"
	@cd $(BUILD)/bench && $(BENCH_TIME) ../tillid stats study/fremfaerd.ini >/dev/null

clean:
	rm -rf build build-san out
