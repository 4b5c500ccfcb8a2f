# attune - build, test, install.  `make help` lists the targets.
.POSIX:
.SUFFIXES:

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
BUILD     ?= build
CC        ?= cc
PKGS      := gsl inih
DEB_PKGS  := libgsl-dev libcsv-dev check libinih-dev pkg-config

OPT       ?= -O2
CFLAGS_BASE := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
               -Wshadow -Wstrict-prototypes -Wmissing-prototypes -MMD -MP
ifeq ($(SAN),1)
  BUILD   := build-san
  OPT     := -O1 -g -fno-omit-frame-pointer
  SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)

ALL_CFLAGS = $(CFLAGS_BASE) $(OPT) $(SANFLAGS) -Iinclude $(PKG_CFLAGS) \
             -DATT_VERSION='"$(VERSION)"' -DATT_DATADIR='"$(PREFIX)/share/attune"' $(CFLAGS)
LIBS       = $(PKG_LIBS) -lcsv -lm

LIB_SRC  := $(wildcard models/*.c analysis/*.c) $(filter-out sim/main.c sim/cli_%.c,$(wildcard sim/*.c))
CLI_SRC  := sim/main.c $(wildcard sim/cli_*.c)
TEST_SRC := $(wildcard tests/test_*.c) tests/check_main.c
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)

.PHONY: all deps check bench demo install uninstall clean help
all: $(BUILD)/libattune.a $(BUILD)/attune

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libattune.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/attune: $(CLI_OBJ) $(BUILD)/libattune.a
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libattune.a $(LIBS)

# The test runner's suite list is generated from the `Suite *suite_*(void)`
# definitions, so adding a test file needs no edit here.
$(BUILD)/tests/suites.h: $(wildcard tests/test_*.c)
	@mkdir -p $(dir $@)
	sed -n 's/^Suite \*\(suite_[a-z0-9_]*\)(void).*/ATT_SUITE(\1)/p' $^ > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/check_main.o: tests/check_main.c $(BUILD)/tests/suites.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I$(BUILD)/tests -c $< -o $@

$(BUILD)/check_attune: $(TEST_OBJ) $(BUILD)/libattune.a
	$(CC) $(ALL_CFLAGS) -o $@ $(TEST_OBJ) $(BUILD)/libattune.a $(LIBS) $(CHECK_LIBS)

check: deps
	$(MAKE) --no-print-directory $(BUILD)/check_attune $(BUILD)/attune
	ATTUNE_BIN=$(BUILD)/attune CK_FORK=yes $(BUILD)/check_attune

clean:
	rm -rf build build-san

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d)

# Install the Debian packages the build needs, only when one is missing.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
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
