# The README's two commands: `make run` (set up, install the default model, build, open the app)
# and `make test` (set up, install the default model, run every test).
.PHONY: run test setup model lint bench eval fuzz train train-flags install uninstall

CARGO ?= cargo
# `make install` / `make uninstall`: for one user by default (no root). BIN is the program to
# install; empty means build the release binary first.
PREFIX ?= $(HOME)/.local
BIN ?=

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

# Speed and accuracy side by side: weight formats (f16 / q8_0 / q5_1, batch and chunked) next to
# faster-whisper, then Stop -> feedback with live transcription on 60 s and 120 s answers.
# `model` installs the default (tiny.en-q8_0); f16 and q5_1 are installed here to compare.
bench: model
	$(CARGO) build --release
	python3 -m pip install --quiet faster-whisper || echo "faster-whisper could not be installed; comparing without it"
	./target/release/rehearse models install tiny.en
	./target/release/rehearse models install tiny.en-q5_1
	./target/release/rehearse bench
	./target/release/rehearse bench --live
	RAYON_NUM_THREADS=1 $(CARGO) bench --bench analysis

eval:
	$(CARGO) run --release -- eval

# Train the sentence-role heads from tests/data (needs `make model`), print the evaluation table
# (5-fold CV, test split, held-out set; rules vs model) and rewrite src/analysis/roles/heads.json.
train: model
	$(CARGO) run --quiet -- train

# Train the red-flag heads on the tuned red-flag sets and the training sets (development, held-out
# 1-3, training 1-3; never an untouched held-out set), print the cross-validation table (rules,
# model alone, union) and rewrite src/analysis/flag_model/heads.json. `make eval` measures them
# (the union is the default engine); `REHEARSE_FLAGS=rules make eval` the rules alone.
train-flags: model
	$(CARGO) run --quiet -- train-flags

# Fuzz the readers of untrusted files on stable Rust (tests/fuzz.rs): REHEARSE_FUZZ_SECONDS per
# target (default 60); new inputs are kept in fuzz/corpus/, failures saved in fuzz/crashes/.
fuzz:
	$(CARGO) test --test fuzz -- --ignored --nocapture --test-threads=1

# The program, an app-menu entry and the icon under PREFIX (bin/, share/applications/,
# share/icons/hicolor/); see scripts/install.sh for the exact files. `make uninstall` removes
# exactly those files, never the attempts, recordings or settings.
install:
	PREFIX="$(PREFIX)" BIN="$(BIN)" bash scripts/install.sh install

uninstall:
	PREFIX="$(PREFIX)" bash scripts/install.sh uninstall
