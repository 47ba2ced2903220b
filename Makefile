# Suiji — the two commands a newcomer needs:
#   make demo   set everything up, build, load demo data (first time) and start on http://127.0.0.1:8080
#   make test   set everything up, build, and run every test suite (unit, storage contract on SQLite
#               and PostgreSQL, HTTP end-to-end, browser)
# Other targets: setup build web asan bench clean

BUILD   ?= build
JOBS    ?= $(shell nproc)
PORT    ?= 8080
DB      ?= sqlite://./data/suiji.db
CTEST_J ?= $(JOBS)

WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.js web/package.json

.PHONY: demo test setup build web asan bench clean

demo: build web
	@$(BUILD)/suiji demo --if-empty --db $(DB)
	@echo "打开浏览器访问 http://127.0.0.1:$(PORT)/ （按 Ctrl+C 停止）"
	@exec $(BUILD)/suiji serve --db $(DB) --port $(PORT)

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

web/dist/index.html: $(WEB_SOURCES) web/package-lock.json
	@cd web && npm run --silent build >/dev/null
	@echo "web: built web/dist"

# Debug build with AddressSanitizer + UndefinedBehaviorSanitizer, running the unit and storage suites.
asan: setup
	@cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSUIJI_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j$(JOBS)
	@cd build-asan && ctest --output-on-failure -j$(CTEST_J) -L 'unit|store|draw|fixture'

bench: build
	@cd $(BUILD) && cmake --build . --target suiji_benchmarks >/dev/null 2>&1 || true
	@for s in bench/run_*.sh; do [ -x "$$s" ] && "$$s" $(BUILD) || true; done

clean:
	rm -rf $(BUILD) build-asan web/dist
