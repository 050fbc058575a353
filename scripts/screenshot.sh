#!/usr/bin/env bash
# Opens the real app in a virtual X display (Xvfb), saves a screenshot of the screen to
# target/screenshot.png, fails if the image is blank, and reports the time to the first frame
# and the idle CPU use of the app. Usage: scripts/screenshot.sh [path/to/rehearse]
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${1:-target/debug/rehearse}
[ -x "$BIN" ] || cargo build --quiet
OUT=target/screenshot.png
# Standard deviation of the pixel values (0-1) under which the screenshot counts as blank:
# an empty root window is one flat colour (0.0); the app's text and controls give far more.
MIN_STDDEV=0.02
# Seconds to measure idle CPU over, after the window has settled.
IDLE_SECONDS=5

work=$(mktemp -d)
mkdir -m 700 "$work/runtime"
export XDG_RUNTIME_DIR="$work/runtime"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    rm -rf "$work"
}
trap cleanup EXIT

# A display number nobody uses.
display=99
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do xdpyinfo -display ":$display" >/dev/null 2>&1 && break; sleep 0.1; done
xdpyinfo -display ":$display" >/dev/null 2>&1 || { echo "Xvfb did not start"; cat "$work/xvfb.log"; exit 1; }

DISPLAY=":$display" REHEARSE_TIMING=1 REHEARSE_CONFIG_DIR="$work/config" REHEARSE_DATA_DIR="$work/data" \
    "$BIN" >"$work/app.log" 2>&1 &
app=$!
pids=("$app" "${pids[@]}")

# Wait for the first frame (the app prints it when REHEARSE_TIMING is set).
for _ in $(seq 300); do
    grep -q "first frame" "$work/app.log" && break
    kill -0 "$app" 2>/dev/null || { echo "the app exited:"; cat "$work/app.log"; exit 1; }
    sleep 0.1
done
grep "first frame" "$work/app.log" || { echo "no frame within 30 s:"; cat "$work/app.log"; exit 1; }
sleep 2 # let the model check finish and the window settle

mkdir -p target
import -display ":$display" -window root "$OUT"
stddev=$(identify -format '%[fx:standard_deviation]' "$OUT")
echo "screenshot: $OUT (pixel standard deviation $stddev)"
if awk -v s="$stddev" -v m="$MIN_STDDEV" 'BEGIN { exit !(s < m) }'; then
    echo "the screenshot is blank"
    cat "$work/app.log"
    exit 1
fi

# Idle CPU: user+system ticks of the app over IDLE_SECONDS with nobody touching it.
ticks() { awk '{ print $14 + $15 }' "/proc/$app/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
sleep "$IDLE_SECONDS"
after=$(ticks)
awk -v b="$before" -v a="$after" -v hz="$hz" -v s="$IDLE_SECONDS" \
    'BEGIN { printf "idle CPU: %.1f%% of one core over %d s\n", 100 * (a - b) / hz / s, s }'
