# bangfu - the two commands a newcomer needs are `make run` and `make test`.
#   make            build build/bangfu and the console (web/dist)
#   make run        install what is missing, build, create a demo database, serve :8080
#   make test       install what is missing, build, run every suite + format check
#   make bench      benchmarks (figures go to bench/RESULTS.md)
#   make fuzz       every libFuzzer harness for FUZZ_TIME seconds (default 300;
#                   tests/fuzz/RESULTS.md); `make test` runs them briefly
#   make format     reformat C sources with the committed .clang-format

BUILD    ?= build
ASAN     ?= build-asan
FUZZ     ?= build-fuzz
FUZZ_TIME ?= 300
DB       ?= sqlite:var/bangfu.db
LISTEN   ?= 127.0.0.1:8080
C_SRC     = $(shell git ls-files '*.c' '*.h' 2>/dev/null | grep -v '^web/')
WEB_SRC   = $(shell find web/src web/index.html web/vite.config.js web/package.json -type f 2>/dev/null)

.PHONY: all bootstrap c web run test bench format format-check clean demo build-fuzz fuzz

all: c web

bootstrap:
	@scripts/bootstrap.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

$(ASAN)/build.ninja:
	meson setup $(ASAN) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

# The fuzzing build: clang with libFuzzer's instrumentation, ASan and UBSan
# (meson -Dfuzz=true); the harnesses are tests/fuzz/fuzz_*.c.
$(FUZZ)/build.ninja:
	CC=clang meson setup $(FUZZ) --buildtype=debugoptimized -Dfuzz=true \
		-Db_sanitize=address,undefined -Db_lundef=false

c: $(BUILD)/build.ninja
	ninja -C $(BUILD)

asan: $(ASAN)/build.ninja
	ninja -C $(ASAN)

build-fuzz: $(FUZZ)/build.ninja
	ninja -C $(FUZZ)

web: web/dist/index.html

web/dist/index.html: $(WEB_SRC)
	cd web && npm run build --silent

var:
	mkdir -p var

run: bootstrap all var
	@if [ ! -e var/bangfu.db ] && [ "$(DB)" = "sqlite:var/bangfu.db" ]; then \
		./$(BUILD)/bangfu init --db $(DB) --admin-password Bf-Console-2468 && \
		./$(BUILD)/bangfu demo --db $(DB) --members 2000 ; fi
	@echo "控制台: http://$(LISTEN)/   登录: admin / Bf-Console-2468 (演示数据库)"
	./$(BUILD)/bangfu serve --db $(DB) --listen $(LISTEN)

test: bootstrap all asan build-fuzz
	scripts/test-all.sh

fuzz: bootstrap build-fuzz
	FUZZ_BUILD=$(FUZZ) FUZZ_TIME=$(FUZZ_TIME) scripts/fuzz.sh

bench: bootstrap all
	@scripts/bootstrap.sh --bench
	bench/run.sh

format:
	clang-format -i $(C_SRC)

format-check:
	clang-format --dry-run --Werror $(C_SRC)

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ) web/dist
