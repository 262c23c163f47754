# Repères IA — how humans and CI run things. `make help` lists the targets.

GO       ?= go
BIN      := bin/reperes
INDEX    := var/index
QUERIES  := content/queries.yaml
SITUATIONS := content/queries-situations.yaml content/queries-situations-reserve.yaml
HELDOUT    := content/queries-situations-reserve-2.yaml content/queries-situations-reserve-3.yaml content/queries-situations-reserve-4.yaml \
              content/queries-situations-reserve-5.yaml content/queries-situations-reserve-6.yaml \
              content/queries-situations-reserve-7.yaml content/queries-situations-reserve-8.yaml \
              content/queries-situations-reserve-9.yaml content/queries-situations-reserve-10.yaml \
              content/queries-situations-reserve-11.yaml
# The bar search must clear on the keyword queries (success@5, MRR@10).
MIN_SUCCESS ?= 0.95
MIN_MRR     ?= 0.80
# Floors on the situational queries of the tuning sets (clauses, then
# answers: expected question first, no answer when none), to catch a
# regression: the level measured on 2 December 2026, sixth session (0.922,
# 0.772, 0.662, 0.973), rounded down — below the targets of the issue on
# answers (0.95, 0.85, 0.90, 0.95), which are not met yet. The answers'
# floor is 0.57 since the tenth session: no card is shown when the two
# measures of a question disagree (answerCoverScore), and the best-scored
# question needs 0.85 instead of 0.75 (answerMin), which take the tuning
# sets from 0.679 to 0.577 and the share of right cards among those shown
# from 0.883 to 0.918 (held-out: 0.686 to 0.812). A card that answers
# another question is worse than none.
SIT_SUCCESS ?= 0.90
SIT_MRR     ?= 0.76
SIT_ANSWER  ?= 0.57
SIT_SILENCE ?= 0.96
FUZZTIME    ?= 60s
SCALE       ?= 1000 10000 100000
ADDR        ?= 127.0.0.1:8080
# The container tool: podman, else docker.
CONTAINER   ?= $(shell command -v podman >/dev/null 2>&1 && echo podman || echo docker)
IMAGE       ?= reperes-ia

.PHONY: help run build binary test unit eval lint bench fuzz load scale export screenshots image audit clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-7s %s\n", $$1, $$2}'

run: build ## build the binary and the index, then serve the site (Ctrl-C to stop)
	./$(BIN) serve --index $(INDEX) --addr $(ADDR)

build: binary ## build bin/reperes and index the content into var/index
	./$(BIN) build --content content --index $(INDEX)

binary:
	$(GO) build -buildvcs=auto -trimpath -o $(BIN) ./cmd/reperes

test: lint unit eval ## everything CI checks: lint, unit and integration tests, search quality

unit:
	$(GO) test -count=1 ./...

eval: ## search quality on the judged queries (keywords, then situations and answers), against the bars
	$(GO) run ./cmd/reperes eval --content content --min-success $(MIN_SUCCESS) --min-mrr $(MIN_MRR) $(QUERIES)
	$(GO) run ./cmd/reperes eval --content content --quiet --min-success $(SIT_SUCCESS) --min-mrr $(SIT_MRR) \
		--min-answer $(SIT_ANSWER) --min-silence $(SIT_SILENCE) $(SITUATIONS)
	@echo "held-out sets n°2 to n°11 (written without seeing the vocabulary; measured, never tuned on):"
	$(GO) run ./cmd/reperes eval --content content --quiet $(HELDOUT)

lint: ## gofmt, go vet, staticcheck (pinned in go.mod)
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

bench: ## index build time and query latency, bundled content and 10,000 clauses
	$(GO) test -run '^$$' -bench Build -benchtime 3x ./index
	$(GO) test -run '^$$' -bench Search ./internal/search

# Minimising a new input may take 60 s by default, with no input fuzzed
# meanwhile: 5 s keeps the fuzzers fuzzing.
FUZZFLAGS = -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
fuzz: ## fuzz the content parser, the query parser and search, FUZZTIME each (default 60s)
	$(GO) test $(FUZZFLAGS) -fuzz FuzzDocument ./internal/load
	$(GO) test $(FUZZFLAGS) -fuzz FuzzParseQuery ./internal/kb
	$(GO) test $(FUZZFLAGS) -fuzz "^FuzzSearch$$" ./internal/search
	$(GO) test $(FUZZFLAGS) -fuzz FuzzSearchBundled ./internal/search

scale: ## build and search generated corpora of 1,000, 10,000 and 100,000 clauses (SCALE to change): a table of figures
	@out=$$(REPERES_SCALE="$(SCALE)" $(GO) test -count=1 -timeout 30m -run '^TestScale$$' -v ./internal/search 2>&1); status=$$?; \
		echo "$$out" | grep -E '^\||FAIL|panic'; exit $$status

load: build ## load and soak with wrk: API mix 32 conns 20 s; soak of 300+ paths 64 conns 60 s with RSS; /healthz ceiling
	internal/server/testdata/load.sh $(BIN) $(INDEX) 20 60

export: binary ## write the static site into site/, then print its figures in Chromium (first results, search quality vs the server)
	$(BIN) export --out site
	@out=$$($(GO) test -count=1 -run 'TestBrowser' -v ./internal/export 2>&1); status=$$?; \
		echo "$$out" | grep -E 'figures|FAIL|^ok' | sed 's/^ *browser_test.go:[0-9]*: //'; exit $$status

screenshots: build ## screenshots of the search, answer, clause, question, role, glossary, dossier and positions pages into docs/
	internal/server/testdata/screenshots.sh $(BIN) $(INDEX) docs

audit: ## accessibility audit (axe-core in Chromium, every page type, server and static copy) recorded for /accessibilite
	cd tools/a11y && npm ci --no-audit --no-fund
	$(GO) test -count=1 -run TestAudit ./internal/a11y -update
	@grep -E '"(date|runs|violations|passes|incomplete)"' static/audit/accessibilite.json

image: ## container image from a static binary and the index (docs/deploy/Containerfile), with podman or docker
	rm -rf var/image && mkdir -p var/image
	CGO_ENABLED=0 $(GO) build -buildvcs=auto -trimpath -ldflags='-s -w' -o var/image/reperes ./cmd/reperes
	var/image/reperes build --content content --index var/image/build/index
	cp -rL var/image/build/index var/image/index && rm -rf var/image/build
	$(CONTAINER) build $(if $(findstring podman,$(CONTAINER)),--format docker) \
		--build-arg VERSION="$$(var/image/reperes version --json | sed -n 's/.*"module": "[^ ]* \(.*\)",/\1/p')" \
		--build-arg REVISION="$$(var/image/reperes version --json | sed -n 's/.*"revision": "\(.*\)",/\1/p')" \
		-f docs/deploy/Containerfile -t $(IMAGE) var/image

clean: ## remove the binary, the index and the static copy
	rm -rf bin var site
