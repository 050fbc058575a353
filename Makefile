# The README's two commands: `make run` (set up, install the default model, build, open the app)
# and `make test` (set up, install the default model, run every test).
.PHONY: run test setup model lint bench eval train

CARGO ?= cargo

setup:
	bash scripts/setup.sh

model: setup
	$(CARGO) run --quiet -- models install

run: setup
	$(CARGO) build --release
	./target/release/rehearse models install
	./target/release/rehearse

test: model
	$(CARGO) test -- --test-threads=1
	bash scripts/screenshot.sh

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

bench:
	$(CARGO) run --release -- bench
	RAYON_NUM_THREADS=1 $(CARGO) bench --bench analysis

eval:
	$(CARGO) run --release -- eval

# Train the sentence-role heads from tests/data (needs `make model`), print the evaluation table
# (5-fold CV, test split, held-out set; rules vs model) and rewrite src/analysis/roles/heads.json.
train: model
	$(CARGO) run --quiet -- train
