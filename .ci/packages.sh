#!/usr/bin/env bash
# Installs the Debian packages the tests need when any is missing: the fonts quote cards are drawn with and the
# headless Chromium (with chromium-driver) the page tests drive. Does nothing when all are there.
set -euo pipefail
packages=(fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji chromium chromium-driver)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing Debian packages: ${missing[*]} (apt-get install them and run again)." >&2
  exit 1
fi
echo "installing ${missing[*]} (apt-get)..." >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
