#!/usr/bin/env bash
# Installs the system packages rehearse needs to build, run and test on Debian/Ubuntu.
# As root it runs apt-get; otherwise it prints the exact command to run and stops.
set -euo pipefail

packages=(
  # build: whisper.cpp (cmake), bindgen (libclang), cpal (ALSA headers)
  cmake pkg-config libasound2-dev libclang-dev
  # window: X11/OpenGL/Vulkan runtime libraries, and Xvfb for headless screenshots
  xvfb xauth x11-utils imagemagick libgl1 libegl1 libgl1-mesa-dri libegl-mesa0 libglx-mesa0
  mesa-vulkan-drivers libvulkan1 libx11-6 libx11-xcb1 libxcursor1 libxrandr2 libxi6
  libxkbcommon-x11-0 libfontconfig1
  # microphone through PulseAudio (also a virtual microphone for tests)
  pulseaudio pulseaudio-utils libasound2-plugins
  # test speech and audio tools
  espeak-ng sox pocketsphinx-testdata
  # `make install`: the icon's PNG sizes (rsvg-convert) and the .desktop check
  librsvg2-bin desktop-file-utils
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "rehearse: installing system packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "rehearse: not root; run this and try again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
