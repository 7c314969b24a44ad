# Procura — the two commands are `make run` and `make test`.
SHELL   := /bin/bash
GO      ?= go
NPM     ?= npm
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
BIN     := bin/procura
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
LDFLAGS := -s -w -X main.version=$(VERSION)

.PHONY: run test fuzz bench build ui binary deps-run deps-test postgres-bin browser go-test ui-test ui-checked ui-e2e e2e screenshots vet clean

## run: install what is missing, build, and serve with demo data on http://localhost:8080
run: deps-run build
	PROCURA_DEMO=1 ./$(BIN) serve

## test: the whole suite (Go with -race, frontend checks and unit tests, browser test).
## The Go tests wait on PostgreSQL much of the time, so the frontend's checks
## and build run beside them; the browser tests run after both.
test: deps-test vet
	$(MAKE) --no-print-directory -j2 go-test ui-e2e

# The browser tests start as soon as the build they test is made, beside
# the Go tests, which spend much of their time waiting on PostgreSQL.
ui-e2e: ui-checked
	$(MAKE) --no-print-directory e2e

# The frontend's checks and unit tests, then the build they checked.
ui-checked: ui-test
	$(MAKE) --no-print-directory build

## fuzz: every Go fuzz target for FUZZTIME each, then the route fuzzer with
## ROUTE_FUZZ requests; a crash is saved under testdata/fuzz/ and fails.
FUZZTIME   ?= 60s
ROUTE_FUZZ ?= 100000
fuzz: postgres-bin
	@set -e; for pkg in $$($(GO) list ./...); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$pkg 2>&1 | grep -E 'elapsed: [0-9]+s, execs|PASS|FAIL|---|panic' | tail -3; \
			test $${PIPESTATUS[0]} -eq 0; \
		done; \
	done
	set -o pipefail; PROCURA_ROUTE_FUZZ=$(ROUTE_FUZZ) $(GO) test -count=1 -run '^TestRouteFuzz$$' -v ./app/httpapi/ 2>&1 | grep -E 'requests over|FAIL|ok|---'

## bench: measure the hot paths against pgbench and COPY on a throwaway
## cluster (issue 10); sizes and duration in BENCH_FLAGS, e.g.
## BENCH_FLAGS="--suggestions 200000 --cases 50000 --duration 3s"
BENCH_FLAGS ?=
bench: deps-run ui
	$(GO) run ./app bench $(BENCH_FLAGS)

## build: the frontend, embedded into bin/procura
build: ui binary

# The frontend's build first generates its API types from the server's
# OpenAPI document (npm run gen:api runs `$(GO) run ../app openapi`).
ui: frontend/node_modules/.package-lock.json
	cd frontend && GO=$(GO) $(NPM) run build

binary:
	$(GO) build -tags ui -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./app

vet:
	$(GO) vet ./...

go-test:
	$(GO) test -race -count=1 ./...

ui-test: frontend/node_modules/.package-lock.json
	cd frontend && GO=$(GO) $(NPM) run typecheck && GO=$(GO) $(NPM) run test:unit

e2e:
	cd frontend && PROCURA_BIN=$(CURDIR)/$(BIN) $(NPM) run test:e2e

## screenshots: PNGs at 1366×768 of every list, detail and report page in
## Chinese and English, for the roles that see them, into DIR (to look at by
## hand; not part of make test)
DIR ?= screenshots
screenshots: deps-test build
	cd frontend && PROCURA_BIN=$(CURDIR)/$(BIN) node e2e/screens.mjs $(abspath $(DIR))

deps-run: postgres-bin frontend/node_modules/.package-lock.json
deps-test: postgres-bin browser frontend/node_modules/.package-lock.json

# PostgreSQL server binaries (initdb, pg_ctl, postgres): Debian's package
# when none are on PATH or under /usr/lib/postgresql.
postgres-bin:
	@if command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then :; else \
		echo "installing PostgreSQL server packages"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql; \
	fi

# Headless Chromium and a CJK font for the browser tests.
browser:
	@if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi 'wenquanyi\|wqy'; then :; else \
		echo "installing chromium and fonts-wqy-microhei"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei; \
	fi

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	cd frontend && $(NPM) ci --no-audit --no-fund
	@touch $@

clean:
	rm -rf bin frontend/dist frontend/src/api/openapi.json frontend/src/api/schema.d.ts frontend/src/api/enums.ts
