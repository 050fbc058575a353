#!/usr/bin/env bash
# Installs rehearse as a desktop app for one user, or removes exactly what it installed.
#   scripts/install.sh install    (what `make install` runs)
#   scripts/install.sh uninstall  (what `make uninstall` runs)
# PREFIX (default ~/.local, no root needed) receives:
#   PREFIX/bin/rehearse                                        the program (BIN, default the release build)
#   PREFIX/share/applications/rehearse.desktop                 the app-menu entry
#   PREFIX/share/icons/hicolor/scalable/apps/rehearse.svg      the icon (assets/rehearse.svg)
#   PREFIX/share/icons/hicolor/{48x48,128x128,256x256}/apps/rehearse.png  rendered by rsvg-convert
# Uninstall removes those files and nothing else: not the folders, and never the user's data
# (attempts and recordings live in ~/.local/share/rehearse, settings in ~/.config/rehearse).
set -euo pipefail
cd "$(dirname "$0")/.."

action=${1:-}
PREFIX=${PREFIX:-"$HOME/.local"}
[ -n "$PREFIX" ] || { echo "rehearse: PREFIX is empty" >&2; exit 2; }
PREFIX=$(realpath -m -- "$PREFIX")
PNG_SIZES=(48 128 256)

bin_path="$PREFIX/bin/rehearse"
desktop_path="$PREFIX/share/applications/rehearse.desktop"
icons="$PREFIX/share/icons/hicolor"
svg_path="$icons/scalable/apps/rehearse.svg"
png_path() { echo "$icons/$1x$1/apps/rehearse.png"; }

installed_files() {
    echo "$bin_path"
    echo "$desktop_path"
    echo "$svg_path"
    for s in "${PNG_SIZES[@]}"; do png_path "$s"; done
}

# The Exec= value: the absolute path, quoted when it holds characters the desktop entry spec
# reserves (a space, for one). Inside quotes, `"`, `` ` ``, `$` and `\` are escaped with `\`;
# then the string rule doubles every `\`, and `%` is doubled because Exec reads it as a field
# code.
exec_value() {
    local p=$1 plain='^[A-Za-z0-9_./+,:@=-]+$'
    if ! [[ "$p" =~ $plain ]]; then
        p=${p//\\/\\\\}
        p=${p//\"/\\\"}
        p=${p//\`/\\\`}
        p=${p//\$/\\\$}
        p="\"$p\""
    fi
    p=$(desktop_string "$p")
    echo "${p//%/%%}"
}

# The desktop entry's string values escape `\` as `\\` (the spec's escape rule).
desktop_string() { local p=$1; echo "${p//\\/\\\\}"; }

case "$action" in
install)
    if [ -n "${BIN:-}" ]; then
        src=$BIN
    else
        src=target/release/rehearse
        cargo build --release --quiet
    fi
    [ -x "$src" ] || { echo "rehearse: no program at $src (build it, or give BIN=path)" >&2; exit 1; }
    command -v rsvg-convert >/dev/null || {
        echo "rehearse: rsvg-convert is needed to draw the icon (package librsvg2-bin; scripts/setup.sh installs it)" >&2
        exit 1
    }
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    for s in "${PNG_SIZES[@]}"; do
        rsvg-convert --width "$s" --height "$s" --output "$work/rehearse-$s.png" assets/rehearse.svg
    done
    entry=$(<assets/rehearse.desktop.in)
    entry=${entry//@EXEC@/"$(exec_value "$bin_path")"}
    entry=${entry//@TRYEXEC@/"$(desktop_string "$bin_path")"}
    printf '%s\n' "$entry" >"$work/rehearse.desktop"
    if command -v desktop-file-validate >/dev/null; then
        desktop-file-validate "$work/rehearse.desktop"
    fi
    install -D -m 755 "$src" "$bin_path"
    install -D -m 644 "$work/rehearse.desktop" "$desktop_path"
    install -D -m 644 assets/rehearse.svg "$svg_path"
    for s in "${PNG_SIZES[@]}"; do install -D -m 644 "$work/rehearse-$s.png" "$(png_path "$s")"; done
    echo "rehearse: installed into $PREFIX:"
    installed_files | sed 's/^/  /'
    case ":$PATH:" in
    *":$PREFIX/bin:"*) ;;
    *) echo "rehearse: note: $PREFIX/bin is not on PATH; the app menu entry works all the same" ;;
    esac
    ;;
uninstall)
    removed=0
    while IFS= read -r f; do
        if [ -e "$f" ] || [ -L "$f" ]; then
            rm -f -- "$f"
            echo "  removed $f"
            removed=$((removed + 1))
        fi
    done < <(installed_files)
    echo "rehearse: removed $removed installed file(s) from $PREFIX; your attempts, recordings and settings are kept"
    ;;
*)
    echo "usage: scripts/install.sh install|uninstall   (PREFIX=DIR, BIN=path/to/rehearse)" >&2
    exit 2
    ;;
esac
