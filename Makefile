# The README's two commands: `make run` (set up, install the default model, build, open the app)
# and `make test` (set up, install the default model, run every test).
.PHONY: run test setup model lint bench eval fuzz

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

eval:
	$(CARGO) run --release -- eval

# Fuzz the readers of untrusted files on stable Rust (tests/fuzz.rs): REHEARSE_FUZZ_SECONDS per
# target (default 60); new inputs are kept in fuzz/corpus/, failures saved in fuzz/crashes/.
fuzz:
	$(CARGO) test --test fuzz -- --ignored --nocapture --test-threads=1
