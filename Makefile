# The README's two commands: `make run` (set up, install the default model, build, open the app)
# and `make test` (set up, install the default model, run every test).
.PHONY: run test setup model lint bench eval

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
