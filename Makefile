# Suiji — the two commands a newcomer needs:
#   make demo   set everything up, build, load demo data (first time) and start on http://127.0.0.1:8080
#   make test   set everything up, build, and run every test suite (unit, storage contract on SQLite
#               and PostgreSQL, HTTP end-to-end, browser)
# Other targets: setup build web asan bench bench-bundle clean
#   lint    clang-format and clang-tidy (scripts/lint.py, docs/development.md); also run by make test
#   lint-full  clang-tidy on every src/ file (~30 min); LINT_ARGS=--update-base then moves .lint-base
#   fuzz    libFuzzer (clang) on JSON bodies, requests, draw bundles and importers, FUZZ_SECONDS each
#   stress  kill -9 during import, reveal and publication on SQLite and PostgreSQL (STRESS_RUNS each)
#   ui-timing  the big-task browser flow with each step asserted under 1 s (make test only logs it)
#   bench-static  suiji against nginx on the web UI's files (installs nginx-light and wrk)
#   bench-portal  public result lookups by code and by number against nginx serving the same bodies
#   bench-api  the task ceremony through the HTTP API at 1M targets on SQLite and PostgreSQL
#   scale   province scale (10M): import on both databases, the engine, the API ceremony and the
#           multi-process check, end to end (bench/run_scale.sh; ≤ 30 min on 2 cores, ~10 GB disk)

BUILD   ?= build
JOBS    ?= $(shell nproc)
PORT    ?= 8080
DB      ?= sqlite://./data/suiji.db
CTEST_J ?= $(JOBS)
FUZZ_SECONDS ?= 120
STRESS_RUNS ?= 50

WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.js web/package.json

.PHONY: demo test setup build web lint lint-full asan bench bench-static bench-bundle bench-api bench-portal scale clean fuzz stress ui-timing

demo: build web
	@$(BUILD)/suiji demo --if-empty --cycle --db $(DB)
	@echo "打开浏览器访问 http://127.0.0.1:$(PORT)/ （按 Ctrl+C 停止）"
	@exec $(BUILD)/suiji serve --db $(DB) --port $(PORT)

# ctest includes the `lint` test (scripts/lint.py, registered in CMakeLists.txt).
test: build web
	@cd $(BUILD) && ctest --output-on-failure -j$(CTEST_J) --timeout 900

setup:
	@scripts/setup.sh

$(BUILD)/build.ninja:
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: setup $(BUILD)/build.ninja
	@cmake --build $(BUILD) -j$(JOBS) | grep -v '^ninja: no work to do' || true
	@test -x $(BUILD)/suiji

web: setup web/dist/index.html

# clang-format on every tracked *.cc/*.h, clang-tidy on the src/ files changed since the commit in
# .lint-base (and not since their last clean pass in this build directory). Silent when clean.
# lint-full checks every src/ file; `make lint-full LINT_ARGS=--update-base` then sets .lint-base
# to HEAD when clang-tidy found nothing; `make lint LINT_ARGS=--update-base` does the same from the
# changed tree (cheaper, needs the .lint-base commit in the clone). See docs/development.md.
lint: setup $(BUILD)/build.ninja
	@scripts/lint.py --build-dir $(BUILD) $(LINT_ARGS)

lint-full: setup $(BUILD)/build.ninja
	@scripts/lint.py --build-dir $(BUILD) --all $(LINT_ARGS)

web/dist/index.html: $(WEB_SOURCES) web/package-lock.json
	@cd web && npm run --silent build >/dev/null
	@echo "web: built web/dist"

# Debug build with AddressSanitizer + UndefinedBehaviorSanitizer, running the unit and storage suites.
asan: setup
	@cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSUIJI_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j$(JOBS)
	@cd build-asan && ctest --output-on-failure -j$(CTEST_J) -L 'unit|store|draw|fixture'

# The big-task browser flow with its < 1 s per step limits asserted (make test logs them only).
ui-timing: build web
	@cd $(BUILD) && SUIJI_UI_TIMING_STRICT=1 ctest -R '^browser_big_task$$' --output-on-failure

bench: build
	@cd $(BUILD) && cmake --build . --target suiji_benchmarks >/dev/null 2>&1 || true
	@for s in bench/run_*.sh; do case "$$s" in *run_scale*) continue;; esac; [ -x "$$s" ] && "$$s" $(BUILD) || true; done

# The task ceremony through the HTTP API at 1M targets (API_ROWS) on SQLite and PostgreSQL, beside
# the engine and ORDER BY random(); results in docs/performance.md ("Task ceremony through the API").
API_ROWS ?= 1000000
bench-api: build
	@bench/run_api_bench.sh $(BUILD) $(API_ROWS)

# Province scale, not part of `make test` nor `make bench`: results in docs/performance.md
# ("Province scale (10M)"). SCALE_ROWS for another size; SCALE_SKIP="api multiprocess" to skip steps.
SCALE_ROWS ?= 10000000
scale: build
	@bench/run_scale.sh $(BUILD) $(SCALE_ROWS)

# Static serving against nginx on the same files, and a first portal load's bytes; results in
# docs/performance.md (section "Static serving").
bench-static: build web
	@bench/run_static_bench.sh $(BUILD)

# Published-result lookups (SPEC §NFR: >= 10,000 req/s, p99 < 50 ms) against nginx serving the
# same bodies; results in docs/performance.md (section "Published-result lookups").
bench-portal: build
	@bench/run_portal_bench.sh $(BUILD)

# suiji draw run / verify on 1M- and 10M-candidate bundles against tools/verify_draw.py.
bench-bundle: build
	@bench/run_bundle_bench.sh $(BUILD)

# Fuzzers under libFuzzer + ASan/UBSan (clang, installed by `scripts/setup.sh fuzz`) in build-fuzz/;
# results in docs/reliability-fuzz.md.
FUZZERS := json_body_fuzzer router_fuzzer bundle_fuzzer csv_fuzzer xlsx_fuzzer
fuzz:
	@scripts/setup.sh fuzz
	@cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSUIJI_FUZZ=ON \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
	  "-DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" \
	  "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -Wno-unknown-warning-option" \
	  "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined" >/dev/null
	@cmake --build build-fuzz -j$(JOBS) --target $(FUZZERS)
	@fuzz/run_fuzzers.sh build-fuzz $(FUZZ_SECONDS) docs/reliability-fuzz.md

# kill -9 during import, reveal and publication, STRESS_RUNS times each on SQLite and a throwaway
# PostgreSQL cluster; results in docs/reliability-stress.md. Not part of `make test`.
stress: build
	@tests/stress/stress.py --suiji $(BUILD)/suiji --runs $(STRESS_RUNS) --report docs/reliability-stress.md

clean:
	rm -rf $(BUILD) build-asan web/dist
