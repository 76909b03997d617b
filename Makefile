# A thin wrapper over CMake. `make` builds build/offwire; `make test` builds
# and runs the whole CTest suite; `make run` serves the sample wire.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DB ?= offwire.db
LISTEN ?= 127.0.0.1:8080
CMAKE_FLAGS ?=

.PHONY: all build run test test-quick sanitize tsan fuzz format check-format \
	check-layers bench clean deps

all: build

deps:
	@scripts/install-deps build

$(BUILD)/CMakeCache.txt:
	@scripts/install-deps build
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

# Serves the sample copy on http://$(LISTEN). Loading is idempotent: exact
# re-sends are recognised and not stored twice.
run: build
	$(BUILD)/offwire ingest --db $(DB) --quiet samples/*.txt samples/*.json
	$(BUILD)/offwire serve --db $(DB) --listen $(LISTEN)

# The whole suite: unit, integration, corpus (skipped without ../shared),
# browser.
test:
	@scripts/install-deps test
	@$(MAKE) --no-print-directory build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

test-quick: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) -L 'unit|integration'

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
sanitize:
	@scripts/install-deps test
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DOW_SANITIZE=ON -DOW_WERROR=ON
	cmake --build build-asan -j$(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j$(JOBS)

# The database workers under ThreadSanitizer: the PostgreSQL integration
# tests (with OW_TEST_PG_URL) and the SQLite ones through the same workers.
tsan:
	@scripts/install-deps ci
	CC=clang cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DOW_TSAN=ON -DOW_WERROR=ON
	cmake --build build-tsan -j$(JOBS)
	cd build-tsan && ctest --output-on-failure -j$(JOBS) -L postgres -R integration
	cd build-tsan && OFFWIRE_DB_WORKERS=2 ctest --output-on-failure -j$(JOBS) -L integration -LE postgres

# libFuzzer targets, briefly (FUZZ_SECONDS each).
FUZZ_SECONDS ?= 30
fuzz:
	@scripts/install-deps ci
	CC=clang cmake -S . -B build-fuzz -DOW_FUZZ=ON -DBUILD_TESTING=OFF
	cmake --build build-fuzz -j$(JOBS)
	scripts/run-fuzz build-fuzz $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

check-format:
	clang-format --dry-run -Werror $$(git ls-files '*.c' '*.h')

check-layers:
	scripts/check-layers

# Every benchmark, each against its reference in the same run. Slow (a
# million-story search index); run one with bench/NAME/run.
bench: build
	@scripts/install-deps bench
	bench/ingest/run
	bench/parse/run
	bench/serve/run
	bench/push/run
	bench/cluster/run
	bench/search/run

clean:
	rm -rf $(BUILD) build-asan build-fuzz build-tsan build-clang
