# kaoping — one GNU Makefile: build, test, sanitizers, fuzzing, demo.
# Libraries come from pkg-config; the same sources build with and without
# sanitizers (the asan build lives in build-asan/).

PKGS      := sqlite3 libpq jansson libsodium libmicrohttpd zlib xlsxwriter cairo pangocairo libzip libxml-2.0
CC        ?= cc
CSTD      := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2
OPT       ?= -O2 -g
BUILD     ?= build
SAN       ?=
CFLAGS    += $(CSTD) $(WARN) $(OPT) $(SAN) $(shell pkg-config --cflags $(PKGS)) -Isrc -I$(BUILD)
LDLIBS    += $(shell pkg-config --libs $(PKGS)) -lm
LDFLAGS   += $(SAN)
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

LAYERS    := core io store domain papers web cli
SRC       := $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.c))
HDR       := $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.h))
OBJ       := $(SRC:src/%.c=$(BUILD)/%.o) $(BUILD)/embedded_data.o
TESTS     := $(patsubst test/%.c,$(BUILD)/%,$(wildcard test/test_*.c))
EMBEDDED  := data/campaign.json assets/style.css assets/look.js assets/grid.js

BIN       ?= kaoping

.PHONY: all test asan run deps deps-test fuzz bench clean
all: $(BIN)

$(BIN): $(BUILD)/main.o $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c $(HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/embed: tools/embed.c | $(BUILD)
	$(CC) $(CSTD) $(WARN) -O1 -o $@ $<

$(BUILD)/embedded_data.c: $(BUILD)/embed $(EMBEDDED)
	$(BUILD)/embed $(EMBEDDED) > $@

$(BUILD)/embedded_data.o: $(BUILD)/embedded_data.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/testutil.o: test/testutil.c test/testutil.h | $(BUILD)
	$(CC) $(CFLAGS) -Itest -c -o $@ $<

$(BUILD)/htmlcheck.o: test/htmlcheck.c test/htmlcheck.h | $(BUILD)
	$(CC) $(CFLAGS) -Itest -c -o $@ $<

$(BUILD)/test_%: test/test_%.c $(OBJ) $(BUILD)/testutil.o $(BUILD)/htmlcheck.o
	$(CC) $(CFLAGS) -Itest $(LDFLAGS) -o $@ $^ $(LDLIBS) $(TEST_LIBS)

$(BUILD):
	mkdir -p $@

deps:
	@sh tools/deps.sh

deps-test:
	@sh tools/deps.sh test

test: deps-test
	$(MAKE) --no-print-directory $(BIN) $(TESTS)
	@sh tools/check-html.sh
	@sh tools/check-layers.sh
	@KAOPING_BIN=$(abspath $(BIN)) sh test/run.sh $(TESTS) test/browser/run.sh

asan: deps-test
	$(MAKE) --no-print-directory test BUILD=build-asan BIN=build-asan/kaoping \
	  OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"

fuzz:
	$(MAKE) --no-print-directory -C fuzz

run: deps $(BIN)
	@sh tools/run.sh

bench: $(BIN)
	bash bench/scale.sh 20000

clean:
	rm -rf build build-asan $(BIN) fuzz/build
