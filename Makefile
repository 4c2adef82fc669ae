# fazhi -- GNU make only.  `make` builds ./fazhi; `make run` and `make test`
# install what they need first (scripts/install-deps.sh run|test, idempotent
# apt-get) and only then build, through a sub-make: the compiler flags come
# from pkg-config, which knows the libraries only once they are installed,
# and make reads them when it reads this file.

CC       ?= gcc
PKGS     := libmicrohttpd jansson sqlite3 libcrypto libsodium libqrencode \
            libzip expat xlsxwriter pangocairo cairo-pdf cairo-png fontconfig pangoft2 harfbuzz-subset libpq
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wno-format-nonliteral \
            -Wvla -Wimplicit-fallthrough
OPT      ?= -O2 -g -D_FORTIFY_SOURCE=2
CFLAGS   := $(OPT) -std=c17 $(WARN) -fstack-protector-strong \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm $(SANLIBS)

# Building without the libraries would fail on the first #include with a
# message that does not say what to do; say it here instead.
NOPKG_GOALS := deps deps-test deps-bench run test clean format codecheck
ifneq ($(filter-out $(NOPKG_GOALS),$(or $(MAKECMDGOALS),all)),)
  ifneq ($(shell pkg-config --exists $(PKGS) 2>/dev/null && echo ok),ok)
    $(error 缺少构建所需的库（pkg-config 找不到 $(PKGS) 中的某些包）：先运行 sh scripts/install-deps.sh，或用 make run / make test（会先安装）)
  endif
endif

# How the Makefile installs and runs (the check in tests/cli replaces them).
INSTALL_DEPS ?= sh scripts/install-deps.sh
RUN_DEMO     ?= sh scripts/run-demo.sh

SRC      := $(wildcard src/*.c src/base/*.c src/crypto/*.c src/store/*.c \
                       src/web/*.c src/office/*.c src/core/*.c src/reg/*.c \
                       src/desk/*.c src/areas/*/*.c)
LIBSRC   := $(filter-out src/main.c,$(SRC))
ASSETS   := $(sort $(wildcard src/web/static/*) $(wildcard src/store/schema/*.sql) \
                   $(wildcard data/calendar/*.tsv) $(wildcard data/fonts/*.conf) \
                   $(wildcard data/report/*.tsv) $(wildcard data/demo/*.csv) \
                   $(wildcard data/demo/*.png) \
                   $(wildcard data/permit/*.tsv) \
                   $(wildcard data/insp/*.tsv) \
                   docs/api/openapi.yaml)
UNITSRC  := $(wildcard tests/unit/*.c)
# The files that read the test hooks (FAZHI_TEST_FAST_HASH, FAZHI_NOW,
# FAZHI_SQL_TRACE, FAZHI_TEST_HASH_LOG) when compiled with -DFAZHI_TEST_HOOKS.
# The release ./fazhi is built without it and never reads them; build/fazhi-test
# and the unit tests (and the whole ASan build) are built with it, and the test
# suites run those.
HOOKSRC  := src/main.c src/base/util.c src/base/log.c src/store/sqlite.c src/crypto/pw.c

# Quiet build lines unless V=1.
Q        := $(if $(V),,@)

B        := build
OBJ      := $(patsubst %.c,$(B)/%.o,$(SRC)) $(B)/assets.o
LIBOBJ   := $(patsubst %.c,$(B)/%.o,$(LIBSRC)) $(B)/assets.o
UNITOBJ  := $(patsubst %.c,$(B)/%.o,$(UNITSRC))
HOOKOBJ  := $(patsubst %.c,$(B)/%.o,$(HOOKSRC))
TESTOBJ  := $(filter-out $(HOOKOBJ),$(OBJ)) $(patsubst %.c,$(B)/test/%.o,$(HOOKSRC))
TESTLIBOBJ := $(filter-out $(HOOKOBJ),$(LIBOBJ)) \
              $(patsubst %.c,$(B)/test/%.o,$(filter-out src/main.c,$(HOOKSRC)))

SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
BS       := build-san

.PHONY: all run test test-quick san codecheck clean bench deps format fuzz

all: fazhi $(B)/fazhi-test

fazhi: $(OBJ)
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDLIBS)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

# The test build's copies of the files with test hooks.
$(B)/test/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $< (test hooks)")
	$(Q)$(CC) $(CFLAGS) -DFAZHI_TEST_HOOKS -MMD -MP -c -o $@ $<

# The program the test suites run: ./fazhi plus the test hooks.
$(B)/fazhi-test: $(TESTOBJ)
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $(TESTOBJ) $(LDLIBS)

$(B)/tools/mkembed: tools/mkembed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -O1 -Wall -Wextra -Werror -o $@ $<

$(B)/assets.c: $(B)/tools/mkembed $(ASSETS)
	$(B)/tools/mkembed $(ASSETS) > $@.tmp && mv $@.tmp $@

$(B)/assets.o: $(B)/assets.c
	$(Q)$(CC) $(CFLAGS) -Isrc -c -o $@ $<

$(B)/unit-tests: $(TESTLIBOBJ) $(UNITOBJ)
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $(TESTLIBOBJ) $(UNITOBJ) $(LDLIBS)

# The same program and unit tests under AddressSanitizer + UBSan (a test
# build: the hooks are in).
san:
	@$(MAKE) --no-print-directory B=$(BS) OPT="-O1 -g $(SAN) -DFAZHI_TEST_HOOKS" \
	  SANLIBS="$(SAN)" $(BS)/fazhi $(BS)/unit-tests

$(B)/fazhi: $(OBJ)
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDLIBS)

# libFuzzer targets (clang), run by tests/fuzz/run.sh.
BF       := build-fuzz
FUZZSRC  := src/base/arena.c src/base/buf.c src/base/fmt.c src/base/util.c \
            src/base/utf8.c src/base/date.c src/office/sheet.c \
            src/office/xlsx_read.c src/office/csv.c src/office/xml.c \
            src/web/req.c src/base/json.c src/base/ids.c src/base/calendar.c \
            src/base/embed.c src/core/clock.c tests/fuzz/embed_none.c
FUZZCC   := clang -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined \
            -fno-sanitize-recover=all \
            $(shell pkg-config --cflags libzip expat libmicrohttpd jansson)
FUZZLIB  := $(shell pkg-config --libs libzip expat libmicrohttpd jansson) -lm

FUZZERS  := xlsx csv xml web json ids
fuzz: $(patsubst %,$(BF)/fuzz_%,$(FUZZERS))

$(BF)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZSRC) $(wildcard src/base/*.h src/office/*.h)
	@mkdir -p $(BF)
	$(FUZZCC) -o $@ $< $(FUZZSRC) $(FUZZLIB)

$(B)/tools/codecheck: tools/codecheck.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -O1 -Wall -Wextra -Werror -o $@ $<

# Rule 3 (layers) reads the headers' includes too.
HDR      := $(wildcard src/*.h src/*/*.h src/*/*/*.h)

codecheck: $(B)/tools/codecheck
	$(B)/tools/codecheck $(SRC) $(HDR)

# What `make run` needs (compiler, libraries, fonts).
deps:
	@$(INSTALL_DEPS) run

# What `make test` needs as well (browsers, LibreOffice, PostgreSQL, clang,
# the OpenAPI linter and validator).
deps-test:
	@$(INSTALL_DEPS) test

# What the benchmarks need as well (nginx, wrk).
deps-bench:
	@$(INSTALL_DEPS) bench

# Install, then build in a sub-make (which reads pkg-config afresh), then run.
run: deps
	@$(MAKE) --no-print-directory fazhi
	@$(RUN_DEMO)

test: deps-test
	@$(MAKE) --no-print-directory fazhi $(B)/fazhi-test $(B)/unit-tests $(B)/tools/codecheck
	@$(MAKE) --no-print-directory san
	@bash tests/run

# Everything but the package check, for the edit-build-test loop.
test-quick: fazhi $(B)/fazhi-test $(B)/unit-tests $(B)/tools/codecheck
	@$(MAKE) --no-print-directory san
	@bash tests/run

format:
	clang-format -i $(SRC) $(wildcard src/*.h src/*/*.h src/*/*/*.h)

clean:
	rm -rf $(B) $(BS) $(BF) fazhi

-include $(OBJ:.o=.d) $(UNITOBJ:.o=.d) $(patsubst %.c,$(B)/test/%.d,$(HOOKSRC))
