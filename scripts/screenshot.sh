#!/usr/bin/env bash
# Opens the real app in a virtual X display (Xvfb), saves a screenshot of the screen to
# target/screenshot.png, fails if the image is blank, and reports the time to the first frame
# and the idle CPU use of the app. Then seeds a data folder with the real command line (three
# spoken answers made with espeak-ng, imported with `rehearse history import`, two stories
# added with `rehearse stories add`) and photographs the Feedback, History, Compare, Progress,
# Stories and Settings screens at 1280x800 and 800x600 into target/screenshots/ (the app opens
# each with `rehearse app --screen NAME --size WxH`, the feedback screen by analysing a WAV
# with `--prompt ID --open FILE`), failing if any is blank or does not show within 120 s. Usage: scripts/screenshot.sh [path/to/rehearse]
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${1:-target/debug/rehearse}
[ -x "$BIN" ] || cargo build --quiet
OUT=target/screenshot.png
SHOTS=target/screenshots
SCREENS="feedback history compare progress stories settings"
SIZES="1280x800 800x600"
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

# Starts Xvfb at SIZE on a display number it picks itself (-displayfd: no race with another
# Xvfb started at the same moment); sets `display`.
start_xvfb() {
    local fd_file="$work/display-$1"
    Xvfb -displayfd 3 -screen 0 "${1}x24" -nolisten tcp 3>"$fd_file" >"$work/xvfb-$1.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 300); do [ -s "$fd_file" ] && break; sleep 0.1; done
    display=$(head -n1 "$fd_file" 2>/dev/null || true)
    [ -n "$display" ] && xdpyinfo -display ":$display" >/dev/null 2>&1 || {
        echo "Xvfb did not start"
        cat "$work/xvfb-$1.log"
        exit 1
    }
}

# Fails when the picture FILE is one flat colour (a blank window).
check_not_blank() {
    local stddev
    stddev=$(identify -format '%[fx:standard_deviation]' "$1")
    echo "screenshot: $1 (pixel standard deviation $stddev)"
    if awk -v s="$stddev" -v m="$MIN_STDDEV" 'BEGIN { exit !(s < m) }'; then
        echo "the screenshot is blank"
        return 1
    fi
}

start_xvfb 1280x800

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
check_not_blank "$OUT" || { cat "$work/app.log"; exit 1; }

# Idle CPU: user+system ticks of the app over IDLE_SECONDS with nobody touching it.
ticks() { awk '{ print $14 + $15 }' "/proc/$app/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
sleep "$IDLE_SECONDS"
after=$(ticks)
awk -v b="$before" -v a="$after" -v hz="$hz" -v s="$IDLE_SECONDS" \
    'BEGIN { printf "idle CPU: %.1f%% of one core over %d s\n", 100 * (a - b) / hz / s, s }'
kill "$app" 2>/dev/null || true

# The screens, on a data folder made by the real command line.
data="$work/seed-data"
config="$work/seed-config"
mkdir -p "$config"
export REHEARSE_DATA_DIR="$data" REHEARSE_CONFIG_DIR="$config"
for answer in star second filler; do
    espeak-ng -s 150 -w "$work/$answer.wav" -f "tests/data/speech/$answer-answer.txt"
done
# The two newest answer the same prompt, so Compare shows what changed between them.
seed() { "$BIN" "$@" >>"$work/seed.log" 2>&1 || { echo "seeding failed: $*"; cat "$work/seed.log"; exit 1; }; }
seed history import --prompt solve-performance-improvement "$work/second.wav"
seed history import --prompt solve-simplified-process "$work/filler.wav"
seed history import --prompt solve-simplified-process "$work/star.wav"
seed stories add --title "Fixed the crashing mobile app" --skill problem_solving --skill leadership \
    --situation "The app crashed on launch for one user in twenty." --task "Lead four engineers to fix it within a month." \
    --action "Added crash reports, replaced the failing image library, tested on 12 old phones." \
    --result "Crash rate from 5 % to almost nothing; store rating up by one star." \
    --learning "Measure first, argue later." --role frontend
seed stories add --title "Refunds in 2 days instead of 10" --skill business_acumen \
    --situation "Customers waited 10 days for a refund." --action "Small claims approved automatically, a guide for the exceptions." \
    --result "Wait down to 2 days, refund complaints down 40 %." --role support

mkdir -p "$SHOTS"
for size in $SIZES; do
    start_xvfb "$size"
    for screen in $SCREENS; do
        open=()
        shot_data="$data"
        if [ "$screen" = feedback ]; then
            # The answer analysed is kept, so it goes into a folder of its own.
            open=(--prompt solve-simplified-process --open "$work/star.wav")
            shot_data="$work/feedback-data-$size"
        fi
        log="$work/app-$screen-$size.log"
        DISPLAY=":$display" REHEARSE_TIMING=1 REHEARSE_DATA_DIR="$shot_data" \
            "$BIN" app --screen "$screen" --size "$size" "${open[@]}" >"$log" 2>&1 &
        app=$!
        pids=("$app" "${pids[@]}")
        # The app says when the screen asked for is on show (the feedback screen: once the
        # answer has been transcribed and analysed).
        for _ in $(seq 1200); do
            grep -q "screen ready" "$log" && break
            kill -0 "$app" 2>/dev/null || { echo "the app exited:"; cat "$log"; exit 1; }
            sleep 0.1
        done
        grep -q "screen ready" "$log" || { echo "$screen not ready within 120 s:"; cat "$log"; exit 1; }
        sleep 1 # let the last frame settle
        shot="$SHOTS/$screen-$size.png"
        import -display ":$display" -window root "$shot"
        check_not_blank "$shot" || { cat "$log"; exit 1; }
        kill "$app" 2>/dev/null || true
        wait "$app" 2>/dev/null || true
    done
done
