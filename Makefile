# attune - build, test, install (GNU make).  `make help` lists the targets.
.SUFFIXES:

VERSION   := 0.1.0
# The shared library's ABI version: libattune.so.$(SOVERSION) (its soname)
# -> libattune.so.$(VERSION).  Raise it when a release breaks the ABI.
SOVERSION := 0
PREFIX    ?= /usr/local
DESTDIR   ?=
BUILD     ?= build
# CC is GNU make's default, cc, and CFLAGS is empty unless the user gives
# them: they add to the flags below, never replace them.
PKGS      := gsl inih cairo libmicrohttpd
DEB_PKGS  := gcc g++ libc6-dev libgsl-dev libcsv-dev check libinih-dev pkg-config libcairo2-dev libmicrohttpd-dev \
             poppler-utils \
             libopenmpi-dev openmpi-bin

OPT       ?= -O2
# -Werror everywhere but in a release build: `make` (`all`), `make install`
# and `make demo`, where a user's newer compiler may warn about new things.
# So `make check` (which CI runs), SAN=1, the test and fuzz targets and
# `make compile` stop at a warning.  WERROR=-Werror or WERROR= on the command
# line overrides.  Exported, so that the recursive $(MAKE)s keep the choice.
RELEASE_GOALS := all install demo golden uninstall clean help deps
ifneq ($(if $(MAKECMDGOALS),$(filter-out $(RELEASE_GOALS),$(MAKECMDGOALS)))$(filter 1,$(SAN)),)
  WERROR  ?= -Werror
else
  WERROR  ?=
endif
export WERROR
# NDEBUG is never defined: assert() checks the core's invariants in every
# build (release, `make check`, SAN=1); they are cheap, and the outputs are
# byte-identical either way (tests/identity.sh).  CFLAGS=-DNDEBUG drops them.
# The few on the dyad-step's hot path are att_debug_assert (base/debug.h),
# on only with ATT_DEBUG: in the SAN=1 and fuzz builds, or CFLAGS=-DATT_DEBUG.
CFLAGS_BASE := -std=c11 -D_POSIX_C_SOURCE=200809L -fno-math-errno -Wall -Wextra $(WERROR) \
               -Wshadow -Wstrict-prototypes -Wmissing-prototypes -MMD -MP
# Sanitizer runs: stop at the first error, report leaks (also inside Check's
# forked test processes, where they fail the test), but not fontconfig's:
# cairo's text keeps fontconfig's caches for the life of the process
# (tests/lsan.supp).
RUN_ENV   :=
ifeq ($(SAN),1)
  BUILD   := build-san
  OPT     := -O1 -g -fno-omit-frame-pointer
  SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -DATT_DEBUG
  RUN_ENV := ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1 \
             UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
             LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
             CK_TIMEOUT_MULTIPLIER=3
endif
# (Check's timeouts times 3 under the sanitizers, which run the tests 2-3
# times slower: coded's rows_over_a_mebibyte_refused took 60.7 s alone.)

# MPI=1: an Open MPI build in build-mpi/ (mpicc from libopenmpi-dev), where
# `mpirun -np K build-mpi/attune batch ...` splits runs across ranks.
ifeq ($(MPI),1)
  BUILD   := $(if $(filter 1,$(SAN)),build-mpi-san,build-mpi)
  CC      := mpicc
  MPIFLAGS := -DATT_MPI
endif

# Link-time optimisation: a dyad-step crosses five files (sim, caregiver,
# policy, infant, scorer), which a whole-program build inlines across; 8 %
# fewer instructions a step, outputs byte-identical (README, Performance).
# The build's own links use the objects' LTO bytecode; `install` strips it
# from the installed libattune.a (fat objects: their machine code stays),
# as the bytecode binds to this GCC's version.  GCC only (the flags differ
# elsewhere), not under SAN=1; LTO= on the command line turns it off.
ifeq ($(origin LTO),undefined)
  ifneq ($(SAN),1)
    LTO := $(if $(shell LC_ALL=C $(CC) -v 2>&1 | grep '^gcc version'),-flto=auto -ffat-lto-objects)
  endif
endif

# pkg-config runs when a recipe first needs the flags (after `deps` has
# installed the packages), and only once per make.
PKG_CFLAGS = $(eval PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null))$(PKG_CFLAGS)
PKG_LIBS   = $(eval PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null))$(PKG_LIBS)
CHECK_LIBS = $(eval CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null))$(CHECK_LIBS)

ALL_CFLAGS = $(CFLAGS_BASE) $(OPT) $(LTO) $(SANFLAGS) $(MPIFLAGS) -pthread -Iinclude -I. $(PKG_CFLAGS) \
             -DHAVE_INLINE -DGSL_C99_INLINE -DATT_VERSION='"$(VERSION)"' -DATT_DATADIR='"$(PREFIX)/share/attune"' $(CFLAGS)
LIBS       = $(PKG_LIBS) -lcsv -lm
# Tests find the shipped data (data/match, tests/data) from any folder.
TEST_DEFS  = -DATT_SRCDIR='"$(CURDIR)"'

# The library's layers, lowest first: a file includes headers of its own
# layer and those below (tests/layers.sh checks it); the program, cli/, sits
# on top.  docs/ARCHITECTURE.md says what each layer holds.
LAYERS    := base stats models analysis sim batch fit validate plot serve
LIB_SRC   := $(foreach l,$(LAYERS),$(wildcard $(l)/*.c))
CLI_SRC   := $(wildcard cli/*.c)
TEST_SRC  := $(wildcard tests/lib/*.c tests/cli/*.c) tests/fixture.c tests/svg_text.c \
             tests/http_client.c tests/check_main.c
BENCH_SRC := $(wildcard bench/*.c)
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
# One set of library objects, position-independent, for both libattune.a
# and libattune.so.
LIB_PIC   := -fPIC
$(LIB_OBJ): PIC := $(LIB_PIC)
SHLIB     := libattune.so.$(VERSION)
SONAME    := libattune.so.$(SOVERSION)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ  := $(TEST_SRC:%.c=$(BUILD)/%.o)
BENCH_OBJ := $(BENCH_SRC:%.c=$(BUILD)/%.o)

# What `install` copies, relative to $(DESTDIR)$(PREFIX).
HEADERS   := $(wildcard include/attune/*.h)
MATCH     := $(wildcard data/match/*.csv)
SCHEMES   := $(wildcard data/schemes/*.csv)
EXAMPLES  := $(wildcard data/examples/*.csv data/examples/*.txt)
SCENARIOS := $(wildcard scenarios/*.ini)
# The classroom page of `attune serve` (every file of web/).
WEB       := $(wildcard web/*)
DOCS      := $(wildcard README.md docs/*.md)
DEST      := $(DESTDIR)$(PREFIX)
INSTALLED := bin/attune lib/libattune.a lib/$(SHLIB) lib/$(SONAME) lib/libattune.so \
             lib/pkgconfig/attune.pc \
             $(addprefix include/attune/,$(notdir $(HEADERS))) \
             $(addprefix share/attune/match/,$(notdir $(MATCH))) \
             $(addprefix share/attune/schemes/,$(notdir $(SCHEMES))) \
             $(addprefix share/attune/examples/,$(notdir $(EXAMPLES))) \
             $(addprefix share/attune/scenarios/,$(notdir $(SCENARIOS))) \
             $(addprefix share/attune/web/,$(notdir $(WEB))) \
             $(addprefix share/doc/attune/,$(notdir $(DOCS)))

.PHONY: golden all compile deps check bench demo figures install uninstall clean help FORCE \
        fuzz fuzz-build fuzz-replay fuzz-corpus

all: deps
	@$(MAKE) --no-print-directory compile

compile: $(BUILD)/libattune.a $(BUILD)/$(SHLIB) $(BUILD)/attune.pc $(BUILD)/attune

# Objects are rebuilt when the compiler or its flags change (a new PREFIX
# changes ATT_DATADIR): the stamp is rewritten only when its text differs.
STAMP := $(BUILD)/flags.stamp
$(STAMP): export ATT_FLAGS = $(CC) $(ALL_CFLAGS) $(TEST_DEFS) library: $(LIB_PIC)
$(STAMP): FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' "$$ATT_FLAGS" | cmp -s - $@ || printf '%s\n' "$$ATT_FLAGS" > $@
FORCE:

$(BUILD)/%.o: %.c $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PIC) -c $< -o $@

# Test files get the prototypes of all suites (suite_decls.h), so that
# -Wmissing-prototypes still holds their helpers to `static`.
$(BUILD)/tests/%.o: tests/%.c $(STAMP) $(BUILD)/tests/suites.h $(BUILD)/tests/suite_decls.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_DEFS) -include $(BUILD)/tests/suite_decls.h -c $< -o $@

$(BUILD)/libattune.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# The shared library, for programs and bindings (R, Python) that load it:
# it records its dependencies (DT_NEEDED) so a dlopen finds GSL and the rest.
$(BUILD)/$(SHLIB): $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) -o $@ $(LIB_OBJ) $(LIBS)

# pkg-config's description of the installed library.  Its headers include
# <gsl/gsl_rng.h> (callers pass generators), so gsl is a public requirement;
# inih, libcsv (no .pc file), libmicrohttpd (named directly: its .pc file
# would pull in the static libraries of its TLS stack), libm and threads
# only matter for static links.
$(BUILD)/attune.pc: $(STAMP)
	@mkdir -p $(dir $@)
	@printf '%s\n' 'prefix=$(PREFIX)' 'exec_prefix=$${prefix}' 'libdir=$${exec_prefix}/lib' \
	  'includedir=$${prefix}/include' '' 'Name: attune' \
	  'Description: simulated infant-caregiver interaction: model, scorer and statistics' \
	  'Version: $(VERSION)' 'Requires: gsl' 'Requires.private: inih cairo' \
	  'Libs: -L$${libdir} -lattune' 'Libs.private: -lmicrohttpd -lcsv -lm -pthread' \
	  'Cflags: -I$${includedir}' > $@

$(BUILD)/attune: $(CLI_OBJ) $(BUILD)/libattune.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libattune.a $(LIBS)

# The test runner's suite list is generated from the `Suite *suite_*(void)`
# definitions (a line with ';' is a declaration and is skipped), so adding a
# test file needs no edit here.  Rewritten only when the list changes.
$(BUILD)/tests/suites.h: FORCE
	@mkdir -p $(dir $@)
	@sed -n '/;/!s/^Suite \*\(suite_[a-z0-9_]*\)(void).*/ATT_SUITE(\1)/p' \
	  $(wildcard tests/lib/*.c tests/cli/*.c) > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(BUILD)/tests/suite_decls.h:
	@mkdir -p $(dir $@)
	@printf '%s\n' '/* Generated by the Makefile: a prototype for every test suite. */' \
	  '#include <check.h>' '#define ATT_SUITE(fn) Suite *fn(void);' \
	  '#include "suites.h"' '#undef ATT_SUITE' > $@

$(BUILD)/tests/check_main.o: tests/check_main.c $(BUILD)/tests/suites.h $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I$(BUILD)/tests -c $< -o $@

$(BUILD)/check_attune: $(TEST_OBJ) $(BUILD)/libattune.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(TEST_OBJ) $(BUILD)/libattune.a $(LIBS) $(CHECK_LIBS)

$(BUILD)/bench_attune: $(BENCH_OBJ) $(BUILD)/tests/http_client.o $(BUILD)/libattune.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(BENCH_OBJ) $(BUILD)/tests/http_client.o $(BUILD)/libattune.a $(LIBS)

# attune serve's load and garbage test (tests/serve_load.c), a program of
# its own: it starts the server and talks HTTP to it.
$(BUILD)/serve_load: $(BUILD)/tests/serve_load.o $(BUILD)/tests/http_client.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^

# The layer check (sources, then the built objects), the shape check, every
# public header alone, the unit tests (every Check suite), the fuzz corpora
# replayed, a staged install and uninstall, then (not under SAN=1) the MPI
# build against the threaded one with 2 local ranks, every attune command
# the docs show (docs_test.sh) and the byte-identity of every shipped output
# (identity.sh, which runs validate --quick, as a table and as CSV, and fails
# when a check fails).  The Check suites run in CHECK_JOBS worker
# processes (default: the processors; tests/check_main.c), a line each.
CHECK_JOBS ?= $(shell nproc 2>/dev/null || echo 1)
check: deps
	sh tests/layers.sh $(LAYERS)
	sh tests/shapes.sh $(LAYERS) cli include/attune
	CC='$(CC)' sh tests/headers.sh
	@$(MAKE) --no-print-directory $(BUILD)/check_attune $(BUILD)/attune $(BUILD)/calib_population
	LAYERS_OBJ=$(BUILD) sh tests/layers.sh $(LAYERS)
	$(RUN_ENV) ATTUNE_BIN=$(BUILD)/attune CK_FORK=yes ATT_CHECK_JOBS=$(CHECK_JOBS) $(BUILD)/check_attune
	@$(MAKE) --no-print-directory $(BUILD)/serve_load
	$(RUN_ENV) $(BUILD)/serve_load $(BUILD)/attune
ifneq ($(MPI),1)
	@$(MAKE) --no-print-directory fuzz-replay
endif
	MAKE='$(MAKE)' sh tests/install_test.sh
	@$(MAKE) --no-print-directory browser-check
ifneq ($(SAN),1)
	MAKE='$(MAKE)' BUILD='$(BUILD)' sh tests/mpi_test.sh
	BUILD='$(BUILD)' sh tests/docs_test.sh
	BUILD='$(BUILD)' DOCS_TEST_NO_SCRIPTS=1 sh tests/docs_test.sh docs/ANALYSIS.md
	sh tests/identity.sh $(BUILD)/attune
endif

# ---- the page in a real browser (tests/browser) ----
# `attune serve` and its page (web/) in Debian's headless Chromium, driven by
# node and puppeteer-core (pinned in tests/browser/package-lock.json; it
# downloads no browser).  node_modules is installed by `npm ci` from the lock
# file when the lock changes (a stamp).  Run by `make check`, also with SAN=1
# (about 25 s: the server under ASan/UBSan, its leaks checked at SIGTERM).
# DEB_CMDS: PACKAGE:COMMAND pairs the deps target takes as installed when the
# command is on the PATH (a node and npm from another source, e.g.
# nodesource's nodejs, which bundles npm and conflicts with Debian's npm).
BROWSER_DIR   := tests/browser
BROWSER_STAMP := $(BROWSER_DIR)/node_modules/.attune-npm-ci
DEB_PKGS      += chromium nodejs npm
DEB_CMDS      := nodejs:node npm:npm
.PHONY: browser-check
$(BROWSER_STAMP): $(BROWSER_DIR)/package.json $(BROWSER_DIR)/package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix $(BROWSER_DIR) --no-audit --no-fund --loglevel=error
	@touch $@

browser-check: $(BROWSER_STAMP) $(BUILD)/attune
	$(RUN_ENV) ATTUNE_BIN=$(BUILD)/attune CHROMIUM=/usr/bin/chromium node $(BROWSER_DIR)/serve_test.mjs

# Benchmarks: bench/*.c linked with the library into one program.  Not run
# by `check`.  Its floor replays the random draws attune makes, counted
# first by bench/draws/count.c on BENCH_RUNS runs of BENCH_SCENARIO.
bench: deps
ifeq ($(BENCH_SRC),)
	@echo "attune: no benchmarks yet (bench/*.c)"
else
	@$(MAKE) --no-print-directory $(BUILD)/bench_attune $(BUILD)/attune $(BUILD)/bench/draws.csv
	$(RUN_ENV) $(BUILD)/bench_attune --draws $(BUILD)/bench/draws.csv $(if $(BENCH_ROUNDS),--rounds $(BENCH_ROUNDS))
endif

# The draw counter: a second build of the library in $(COUNT_DIR) without
# HAVE_INLINE, so that gsl_rng_uniform and the other inline functions of
# <gsl/gsl_rng.h> are real calls, linked with -Wl,--wrap=NAME for every
# sampler bench/draws/samplers.h lists (bench/draws/wrap.c counts them).  The
# link stops when the library calls a gsl_rng_/gsl_ran_ sampler the list
# lacks, so that no draw goes uncounted.
BENCH_SCENARIO ?= scenarios/still-face.ini
BENCH_RUNS     ?= 3000
BENCH_ROUNDS   ?=
COUNT_DIR      := $(BUILD)/bench-count
COUNT_CFLAGS    = $(filter-out -DHAVE_INLINE -DGSL_C99_INLINE $(LTO),$(ALL_CFLAGS))
COUNT_LIB_OBJ  := $(LIB_SRC:%.c=$(COUNT_DIR)/%.o)
COUNT_OBJ      := $(COUNT_DIR)/bench/draws/count.o $(COUNT_DIR)/bench/draws/wrap.o

$(COUNT_DIR)/%.o: %.c $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(COUNT_CFLAGS) -c $< -o $@

$(COUNT_DIR)/libattune.a: $(COUNT_LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(COUNT_DIR)/count_draws: $(COUNT_OBJ) $(COUNT_DIR)/libattune.a bench/draws/samplers.h
	@wrapped=" $$(grep -o 'X(gsl_r[a-z_]*)' bench/draws/samplers.h | sed 's/^X(//; s/)$$//' | tr '\n' ' ')"; \
	for f in $$(nm -u $(COUNT_LIB_OBJ) | awk '{print $$2}' \
	            | grep -E '^gsl_(rng_get|rng_uniform[a-z_]*|ran_[a-z_]+)$$' | grep -v '_pdf$$' | sort -u); do \
	  case "$$wrapped" in *" $$f "*) ;; \
	  *) echo "bench: the library calls $$f, which bench/draws/samplers.h does not count" >&2; exit 1;; esac; \
	done; \
	echo "$(CC) ... -o $@ (wrapping$$wrapped)"; \
	$(CC) $(COUNT_CFLAGS) $(LDFLAGS) -o $@ $(COUNT_OBJ) $(COUNT_DIR)/libattune.a \
	  $$(for f in $$wrapped; do printf -- '-Wl,--wrap=%s ' $$f; done) $(LIBS)

$(BUILD)/bench/draws.csv: $(COUNT_DIR)/count_draws $(BENCH_SCENARIO) data/match/attuned.csv FORCE
	@mkdir -p $(dir $@)
	$(COUNT_DIR)/count_draws $(BENCH_SCENARIO) data/match/attuned.csv $(BENCH_RUNS) > $@.tmp
	@mv $@.tmp $@

-include $(COUNT_LIB_OBJ:.o=.d) $(COUNT_OBJ:.o=.d)

# Runs every shipped scenario with `attune run`, and every experiment file
# (one with [condition] sections, which `run` refuses) with `attune batch`
# at 30 replicates; then narrates peek-a-boo, scores it, and compares the
# five policies.
demo: all
ifeq ($(SCENARIOS),)
	@echo "attune: no scenarios yet (scenarios/*.ini)"
else
	@mkdir -p $(BUILD)/demo
	@failed=""; for s in $(SCENARIOS); do \
	  name=$$(basename $$s .ini); \
	  if grep -q '^[[:space:]]*\[condition\]' $$s; then \
	    out=$(BUILD)/demo/$$name-results.csv; \
	    echo "== $(BUILD)/attune batch $$s --set batch.replicates=30 -o $$out   (an experiment)"; \
	    rm -f $$out $$out.part; \
	    if $(RUN_ENV) $(BUILD)/attune batch $$s --set batch.replicates=30 -q -o $$out; then \
	      echo "   wrote $$out ($$(($$(wc -l < $$out) - 1)) runs)"; \
	      sweep=$$(sed -n 's/^[[:space:]]*\([a-z_]*\.[a-z_]*\)[[:space:]]*=[[:space:]]*[0-9.]*:[0-9.]*:[0-9.]*[[:space:]]*$$/\1/p' $$s | head -1); \
	      for kind in km compare $${sweep:+sweep}; do \
	        fig=$(BUILD)/demo/$$name-$$kind.png; \
	        case $$kind in km) opt="--to 10";; sweep) opt="--by $$sweep --metric all.rmst_s";; *) opt=;; esac; \
	        if $(RUN_ENV) $(BUILD)/attune plot $$kind $$out $$opt -o $$fig; then \
	          echo "   drew $$fig (attune plot $$kind $$out $$opt -o $$fig)"; \
	        else echo "   FAILED to draw $$fig"; failed="$$failed $$s"; fi; \
	      done; \
	    else \
	      echo "   FAILED (exit status $$?)"; failed="$$failed $$s"; \
	    fi; \
	    continue; \
	  fi; \
	  out=$(BUILD)/demo/$$name.csv; \
	  echo "== $(BUILD)/attune run $$s -o $$out"; \
	  rm -f $$out; \
	  if $(RUN_ENV) $(BUILD)/attune run $$s -o $$out; then \
	    echo "   wrote $$out ($$(($$(wc -l < $$out) - 1)) rows)"; \
	    fig=$(BUILD)/demo/$$name.png; \
	    if $(RUN_ENV) $(BUILD)/attune plot $$out -o $$fig; then echo "   drew $$fig (attune plot $$out -o $$fig)"; \
	    else echo "   FAILED to draw $$fig"; failed="$$failed $$s"; fi; \
	    if grep -q '^[[:space:]]*sessions[[:space:]]*=[[:space:]]*[0-9]*[02-9]' $$s; then \
	      fig=$(BUILD)/demo/$$name-timeline.png; \
	      if $(RUN_ENV) $(BUILD)/attune plot timeline $$out -o $$fig; then \
	        echo "   drew $$fig (attune plot timeline $$out -o $$fig)"; \
	      else echo "   FAILED to draw $$fig"; failed="$$failed $$s"; fi; \
	    fi; \
	  else \
	    echo "   FAILED (exit status $$?)"; failed="$$failed $$s"; \
	  fi; \
	done; \
	if [ -n "$$failed" ]; then echo "attune: demo failed for:$$failed"; exit 1; fi
	@for s in peekaboo-patient peekaboo-intrusive; do \
	  if [ -f scenarios/$$s.ini ]; then \
	    echo; echo "== the first 20 s of $$s, narrated (attune run scenarios/$$s.ini --events):"; \
	    $(RUN_ENV) $(BUILD)/attune run scenarios/$$s.ini --events -q -o $(BUILD)/demo/$$s.csv \
	      | awk '$$1 + 0 < 20'; \
	  fi; \
	done
	@if [ -f $(BUILD)/demo/peekaboo-patient.csv ] && [ -f $(BUILD)/demo/peekaboo-intrusive.csv ]; then \
	  echo; echo "== rupture and repair, patient vs intrusive mother (attune score --format table):"; \
	  $(RUN_ENV) $(BUILD)/attune score $(BUILD)/demo/peekaboo-patient.csv \
	    $(BUILD)/demo/peekaboo-intrusive.csv --format table -o $(BUILD)/demo/peekaboo-scores.txt \
	    && cat $(BUILD)/demo/peekaboo-scores.txt; \
	fi
	@if [ -f $(BUILD)/demo/compare-policies-results.csv ]; then \
	  echo; echo "== five caregiver policies, 30 infants each (the batch above, then attune compare):"; \
	  $(RUN_ENV) $(BUILD)/attune compare $(BUILD)/demo/compare-policies-results.csv --baseline patient \
	    --format table --metric test.matched_prop --metric test.repaired_within_2s \
	    --metric test.infant_negative_prop --metric test.repair_latency \
	    -o $(BUILD)/demo/policies-compare.txt && \
	  cat $(BUILD)/demo/policies-compare.txt; \
	fi
endif

# Headers: only the public include/attune/*.h (internal ones live beside
# their sources).  The shared library as libattune.so.VERSION with the
# soname link libattune.so.SOVERSION and the link-time name libattune.so.
install: all
	install -d $(DEST)/bin $(DEST)/lib/pkgconfig $(DEST)/include/attune
	install -m 755 $(BUILD)/attune $(DEST)/bin/attune
	install -m 644 $(BUILD)/libattune.a $(DEST)/lib/libattune.a
	$(if $(LTO),objcopy --wildcard -R '.gnu.lto_*' -R '.gnu.debuglto_*' \
	  --strip-symbol=__gnu_lto_v1 --strip-symbol=__gnu_lto_slim $(DEST)/lib/libattune.a)
	install -m 755 $(BUILD)/$(SHLIB) $(DEST)/lib/$(SHLIB)
	ln -sf $(SHLIB) $(DEST)/lib/$(SONAME)
	ln -sf $(SONAME) $(DEST)/lib/libattune.so
	install -m 644 $(BUILD)/attune.pc $(DEST)/lib/pkgconfig/attune.pc
	install -m 644 $(HEADERS) $(DEST)/include/attune/
	$(if $(MATCH),install -d $(DEST)/share/attune/match)
	$(if $(MATCH),install -m 644 $(MATCH) $(DEST)/share/attune/match/)
	$(if $(SCHEMES),install -d $(DEST)/share/attune/schemes)
	$(if $(SCHEMES),install -m 644 $(SCHEMES) $(DEST)/share/attune/schemes/)
	$(if $(EXAMPLES),install -d $(DEST)/share/attune/examples)
	$(if $(EXAMPLES),install -m 644 $(EXAMPLES) $(DEST)/share/attune/examples/)
	$(if $(SCENARIOS),install -d $(DEST)/share/attune/scenarios)
	$(if $(SCENARIOS),install -m 644 $(SCENARIOS) $(DEST)/share/attune/scenarios/)
	$(if $(WEB),install -d $(DEST)/share/attune/web)
	$(if $(WEB),install -m 644 $(WEB) $(DEST)/share/attune/web/)
	$(if $(DOCS),install -d $(DEST)/share/doc/attune)
	$(if $(DOCS),install -m 644 $(DOCS) $(DEST)/share/doc/attune/)

# Removes what `install` copied, then the attune folders if they are empty.
uninstall:
	rm -f $(addprefix $(DEST)/,$(INSTALLED))
	@for d in lib/pkgconfig include/attune share/attune/match share/attune/schemes share/attune/examples \
	          share/attune/scenarios share/attune/web share/attune share/doc/attune; do \
	  if [ -d $(DEST)/$$d ]; then rmdir $(DEST)/$$d 2>/dev/null || true; fi; \
	done

clean:
	rm -rf build build-san build-mpi build-mpi-san build-fuzz

help:
	@echo "make [target] [SAN=1] [PREFIX=/usr/local] [DESTDIR=]"
	@echo "  all        build $(BUILD)/libattune.a, libattune.so, attune.pc and attune (default;"
	@echo "             runs deps first); warnings are errors in every target but all, install, demo"
	@echo "  deps       install missing Debian packages (as root), else print the apt-get line"
	@echo "  check      deps, then (with -Werror) the layer, shape and header checks, the unit tests, the"
	@echo "             install test, the MPI test, attune validate --quick, every attune command of"
	@echo "             README.md and docs/ (tests/docs_test.sh) and the byte-identity check"
	@echo "  MPI=1      an Open MPI build in build-mpi/: mpirun -np K build-mpi/attune batch"
	@echo "  check SAN=1  layer, shape, header, unit, fuzz-replay and install tests with AddressSanitizer"
	@echo "             and UBSan, in build-san/ (not the MPI, validate, docs and identity steps)"
	@echo "  browser-check  attune serve's page in headless Chromium (tests/browser; part of check)"
	@echo "  bench      count attune's draws (bench/draws/), build and run $(BUILD)/bench_attune from"
	@echo "             bench/*.c: speed as ratios (BENCH_RUNS=3000 BENCH_ROUNDS=9; not part of check)"
	@echo "  demo       build, then run every scenarios/*.ini (batch for experiments) into $(BUILD)/demo/,"
	@echo "             with a figure of each (attune plot)"
	@echo "  figures    redraw docs/img/*.png, the figures of README.md and docs/PLOTS.md"
	@echo "  fuzz       build the libFuzzer harnesses (clang) in build-fuzz/ and run each for"
	@echo "             FUZZ_SECONDS (default $(FUZZ_SECONDS)) or FUZZ_RUNS inputs (docs/FUZZ.md)"
	@echo "  install    copy program, libraries (.a, .so), attune.pc, public headers, match tables,"
	@echo "             example sessions, scenarios, the page of attune serve (web/) and docs"
	@echo "             under \$$(DESTDIR)\$$(PREFIX)"
	@echo "  uninstall  remove exactly what install copied, and its empty folders"
	@echo "  golden     rewrite tests/data/golden.csv (only for an intended model change)"
	@echo "  analysis-check  install R (survival, lme4) and pandas, and run docs/ANALYSIS.md's examples"
	@echo "  rref       rerun tests/r/reference.R (needs R) and diff with tests/data/r/reference.csv"
	@echo "  recovery   parameter recovery of attune fit into $(BUILD)/recovery (docs/FIT.md;"
	@echo "             RECOVERY_ARGS='-R 20 ...': options of tests/recovery.sh)"
	@echo "  calibrate  fit the infant's main keys to data/targets/literature.csv into"
	@echo "             $(BUILD)/calibrate (docs/MODEL.md 10.2; CALIBRATE_ARGS: tests/calibrate.sh's)"
	@echo "  clean      remove every build folder: build/, build-san/, build-mpi/, build-mpi-san/"
	@echo "             and build-fuzz/ (with the fuzz corpus found there; fuzz-corpus keeps it)"
	@echo "  help       this list"

# The figures of README.md and docs/PLOTS.md (docs/img/*.png), drawn by the
# commands docs/PLOTS.md shows, at 100 dpi; rerun after a change to plot/.
FIG_DIR := $(BUILD)/figures
figures: all
	@mkdir -p $(FIG_DIR) docs/img
	$(BUILD)/attune run scenarios/still-face.ini -q -o $(FIG_DIR)/still-face.csv
	$(BUILD)/attune plot $(FIG_DIR)/still-face.csv --title 'The still face' --dpi 100 -o docs/img/plot-trace.png
	$(BUILD)/attune batch scenarios/compare-policies.ini --set batch.replicates=20 -q -o $(FIG_DIR)/policies.csv
	$(BUILD)/attune plot km $(FIG_DIR)/policies.csv --to 10 --dpi 100 -o docs/img/plot-km.png
	$(BUILD)/attune plot compare $(FIG_DIR)/policies.csv --metric all.matched_prop --dpi 100 -o docs/img/plot-compare.png
	$(BUILD)/attune batch scenarios/sweep-wait-time.ini -q -o $(FIG_DIR)/sweep.csv
	$(BUILD)/attune plot sweep $(FIG_DIR)/sweep.csv --by caregiver.wait_time --metric all.rmst_s --dpi 100 -o docs/img/plot-sweep.png
	$(BUILD)/attune run scenarios/history-meets-patient.ini -q -o $(FIG_DIR)/timeline.csv
	$(BUILD)/attune plot timeline $(FIG_DIR)/timeline.csv --dpi 100 -o docs/img/plot-timeline.png
	$(BUILD)/attune run scenarios/consistent-repair.ini -q -o - | sed 's/^1,/consistent-repair,/' > $(FIG_DIR)/thirty-days.csv
	$(BUILD)/attune run scenarios/chronic-withdrawn.ini -q -o - | sed '1d; s/^1,/chronic-withdrawn,/' >> $(FIG_DIR)/thirty-days.csv
	$(BUILD)/attune plot timeline $(FIG_DIR)/thirty-days.csv --title 'Thirty days: consistent repair and chronic withdrawal' \
	    --dpi 100 -o docs/img/teaching-thirty-days.png
	$(BUILD)/attune batch scenarios/still-face.ini --set batch.replicates=40 --set caregiver.wait_time=4 \
	    --set infant.avert_rate=0.15 --set infant.return_rate=0.3 --traces $(FIG_DIR)/obs -q -o $(FIG_DIR)/obs.csv
	$(BUILD)/attune fit scenarios/still-face.ini $(FIG_DIR)/obs/*.csv --free caregiver.wait_time=1:20,infant.avert_rate=0.01:1 \
	    --starts 1 -q -o $(FIG_DIR)/fit.csv
	$(BUILD)/attune plot fit $(FIG_DIR)/fit.csv --dpi 100 -o docs/img/plot-fit.png

# ---- fuzzing (docs/FUZZ.md) ----
# One libFuzzer harness per input format, fuzz/fuzz_TARGET.c.  `make fuzz`
# builds them with clang into build-fuzz/ and runs each over its corpus: new
# inputs go to build-fuzz/corpus/TARGET, the seeds stay in fuzz/corpus/TARGET,
# and an input that crashes is saved in fuzz/crashes/TARGET.  `make check`
# replays fuzz/corpus and fuzz/crashes through each harness linked with
# fuzz/replay.c instead of libFuzzer, with the ordinary compiler.
FUZZ_TARGETS  := scenario score match compare merge resume
FUZZ_CLI      := merge resume   # harnesses that run a command: linked with cli/*.c
FUZZ_CC       ?= clang
FUZZ_DEB_PKGS := clang libclang-rt-dev
FUZZ_SECONDS  ?= 60
FUZZ_RUNS     ?=
FUZZ_MAX_LEN  ?= 16384
FUZZ_OPTS     ?=
FUZZ_DIR      := build-fuzz
FUZZ_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all -DATT_DEBUG
FUZZ_CFLAGS    = $(CFLAGS_BASE) -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN) \
                 -pthread -Iinclude -I. $(PKG_CFLAGS) -DHAVE_INLINE -DGSL_C99_INLINE \
                 -DATT_VERSION='"$(VERSION)"' -DATT_DATADIR='"$(PREFIX)/share/attune"' $(TEST_DEFS)
FUZZ_LIB_OBJ  := $(LIB_SRC:%.c=$(FUZZ_DIR)/%.o)
FUZZ_CLI_OBJ  := $(filter-out $(FUZZ_DIR)/cli/main.o,$(CLI_SRC:%.c=$(FUZZ_DIR)/%.o))
FUZZ_OBJ      := $(FUZZ_LIB_OBJ) $(FUZZ_CLI_OBJ) \
                 $(patsubst %,$(FUZZ_DIR)/fuzz/fuzz_%.o,$(FUZZ_TARGETS)) $(FUZZ_DIR)/fuzz/common.o
FUZZ_BINS     := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
REPLAY_CLI    := $(filter-out $(BUILD)/cli/main.o,$(CLI_OBJ))
REPLAY_OBJ    := $(BUILD)/fuzz/replay.o $(BUILD)/fuzz/common.o \
                 $(patsubst %,$(BUILD)/fuzz/fuzz_%.o,$(FUZZ_TARGETS))
REPLAY_BINS   := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)
# libFuzzer's options: a slow input (10 s) or one needing more than 512 MB
# at once is a finding; every target's messages go to its log.
FUZZ_FLAGS     = -max_len=$(FUZZ_MAX_LEN) -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 \
                 -close_fd_mask=3 -print_final_stats=1 \
                 $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS),-max_total_time=$(FUZZ_SECONDS)) $(FUZZ_OPTS)

$(FUZZ_DIR)/flags.stamp: export ATT_FLAGS = $(FUZZ_CC) $(FUZZ_CFLAGS)
$(FUZZ_DIR)/flags.stamp: FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' "$$ATT_FLAGS" | cmp -s - $@ || printf '%s\n' "$$ATT_FLAGS" > $@

$(FUZZ_DIR)/%.o: %.c $(FUZZ_DIR)/flags.stamp
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_DIR)/libattune.a: $(FUZZ_LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/fuzz/fuzz_%.o $(FUZZ_DIR)/fuzz/common.o $(FUZZ_DIR)/libattune.a \
                    $(FUZZ_CLI_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< $(FUZZ_DIR)/fuzz/common.o \
	  $(if $(filter $*,$(FUZZ_CLI)),$(FUZZ_CLI_OBJ)) $(FUZZ_DIR)/libattune.a $(LIBS)

$(BUILD)/fuzz/%.o: fuzz/%.c $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_DEFS) -c $< -o $@

$(BUILD)/fuzz/replay_%: $(BUILD)/fuzz/fuzz_%.o $(BUILD)/fuzz/replay.o $(BUILD)/fuzz/common.o \
                        $(BUILD)/libattune.a $(REPLAY_CLI)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/fuzz/replay.o $(BUILD)/fuzz/common.o \
	  $(if $(filter $*,$(FUZZ_CLI)),$(REPLAY_CLI)) $(BUILD)/libattune.a $(LIBS)

# Replays every saved input (seeds and crashers) through every harness; the
# commands' messages about the bad inputs go to a log, shown on a failure.
fuzz-replay: $(REPLAY_BINS)
	@for t in $(FUZZ_TARGETS); do \
	  $(RUN_ENV) $(BUILD)/fuzz/replay_$$t -v fuzz/corpus/$$t fuzz/crashes/$$t \
	    2> $(BUILD)/fuzz/replay_$$t.log || { \
	    tail -n 40 $(BUILD)/fuzz/replay_$$t.log; \
	    echo "attune: a saved input crashes fuzz_$$t (the last 'replay:' line above names it)"; \
	    exit 1; }; \
	done

fuzz-build: $(FUZZ_BINS)

# Kept after linking, so that an unchanged harness is not recompiled.
.SECONDARY: $(FUZZ_OBJ) $(REPLAY_OBJ)

fuzz: DEB_PKGS += $(FUZZ_DEB_PKGS)
fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@status=0; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t fuzz/crashes/$$t; \
	  log=$(FUZZ_DIR)/fuzz_$$t.log; rc=0; dict=; \
	  if [ -f fuzz/$$t.dict ]; then dict=-dict=fuzz/$$t.dict; fi; \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    $(FUZZ_DIR)/fuzz_$$t $(FUZZ_FLAGS) $$dict -artifact_prefix=fuzz/crashes/$$t/ \
	    $(FUZZ_DIR)/corpus/$$t fuzz/corpus/$$t > $$log 2>&1 || rc=$$?; \
	  execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $$log | tail -1); \
	  secs=$$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' $$log | tail -1); \
	  if [ $$rc = 0 ]; then \
	    printf 'fuzz_%-9s %10s executions in %s s, no crash, leak or sanitizer report\n' \
	      $$t "$${execs:-?}" "$${secs:-?}"; \
	  else \
	    status=1; \
	    printf 'fuzz_%-9s %10s executions, FAILED (exit %s): %s; input saved in fuzz/crashes/%s/\n' \
	      $$t "$${execs:-?}" $$rc "$$(grep -m1 -E '^fuzz_[a-z]+: |^==[0-9]+==ERROR|runtime error|^==[0-9]+== ERROR' $$log \
	        | cut -c1-120)" $$t; \
	  fi; \
	done; exit $$status

# Adds the inputs fuzzing found that reach new code to the seeds kept in
# fuzz/corpus (libFuzzer's -merge=1, with -use_counters=0: only inputs that
# reach a new branch), to commit.
fuzz-corpus: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t; \
	  $(FUZZ_DIR)/fuzz_$$t -merge=1 -use_counters=0 -max_len=$(FUZZ_MAX_LEN) -close_fd_mask=3 \
	    fuzz/corpus/$$t $(FUZZ_DIR)/corpus/$$t > $(FUZZ_DIR)/merge_$$t.log 2>&1 \
	    || { echo "attune: merging the corpus of fuzz_$$t failed: $(FUZZ_DIR)/merge_$$t.log"; exit 1; }; \
	  echo "fuzz/corpus/$$t: $$(ls fuzz/corpus/$$t | wc -l) inputs"; \
	done

# The golden trace pins the model's numbers; rewrite it only on purpose and
# say why in the commit message.
golden: all
	$(BUILD)/attune run tests/data/golden.ini -o tests/data/golden.csv --meta /dev/null -q

# Reference values from R (not part of check, which reads the committed
# file and needs no R): reruns tests/r/reference.R (R with the survival
# package: apt-get install r-base-core r-cran-survival) and diffs its output
# against tests/data/r/reference.csv; no difference means attune's suite
# `rref` still tests against what this R prints.  To accept a new output:
# Rscript tests/r/reference.R > tests/data/r/reference.csv
.PHONY: rref
rref:
	@command -v Rscript >/dev/null || { echo "attune: rref needs R: apt-get install r-base-core r-cran-survival"; exit 1; }
	@mkdir -p $(BUILD)
	Rscript tests/r/reference.R > $(BUILD)/reference.csv
	diff -u tests/data/r/reference.csv $(BUILD)/reference.csv

# Parameter recovery of attune fit (docs/FIT.md, "Parameter recovery"; not
# part of check, which runs a tiny case in tests/cli/test_recovery.c): 100
# data sets of 40 still-face dyads simulated at known values and fitted,
# into $(BUILD)/recovery (replicates.csv, summary.csv, summary.md).  A run
# cut off resumes.  RECOVERY_ARGS: options of tests/recovery.sh, e.g.
# make recovery RECOVERY_ARGS='-R 20 --boot-sets 5 -- --starts 2'
RECOVERY_ARGS ?=
.PHONY: recovery
recovery: all
	sh tests/recovery.sh --attune $(BUILD)/attune -o $(BUILD)/recovery $(RECOVERY_ARGS)

# The R and pandas examples of docs/ANALYSIS.md (and any other doc's ```r
# and ```python blocks): `make check` runs them when R (with survival and
# lme4) and pandas are installed and skips them otherwise; this target
# installs them and runs that doc alone.
ANALYSIS_DEB_PKGS := r-base-core r-cran-survival r-cran-lme4 python3-pandas
.PHONY: analysis-check
analysis-check: DEB_PKGS += $(ANALYSIS_DEB_PKGS)
analysis-check: deps all
	BUILD='$(BUILD)' sh tests/docs_test.sh docs/ANALYSIS.md

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BENCH_OBJ:.o=.d) \
         $(FUZZ_OBJ:.o=.d) $(REPLAY_OBJ:.o=.d)

# Install the Debian packages the build needs, only when one is missing.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  c=""; for m in $(DEB_CMDS); do [ "$${m%%:*}" = "$$p" ] && c="$${m#*:}"; done; \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || \
	    { [ -n "$$c" ] && command -v "$$c" >/dev/null 2>&1; } || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "attune: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "attune: missing Debian packages:$$missing"; \
	    echo "run:  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

# Calibration of the infant's main keys by attune fit against published
# figures (data/targets/literature.csv; docs/MODEL.md section 10.2): the fit
# table, the fitted scenario and a summary into $(BUILD)/calibrate.
# CALIBRATE_ARGS: options of tests/calibrate.sh, e.g. '--starts 2'.
CALIBRATE_ARGS ?=
$(BUILD)/calib_population: $(BUILD)/tests/calib_population.o $(BUILD)/libattune.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)
.PHONY: calibrate
calibrate: all $(BUILD)/calib_population
	sh tests/calibrate.sh --attune $(BUILD)/attune --population $(BUILD)/calib_population \
	  -o $(BUILD)/calibrate $(CALIBRATE_ARGS)
