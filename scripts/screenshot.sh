#!/usr/bin/env bash
# Renders an HTML report to a PNG with headless Chromium, to check how the page looks.
#
#   scripts/screenshot.sh [REPORT.html] [OUT.png] [WIDTHxHEIGHT]
#
# Without REPORT.html, renders the seeds' report (`xietong report --format html`) first.
# Needs Debian's `chromium` (apt-get install -y chromium) and, for Chinese text, CJK fonts
# (apt-get install -y fonts-noto-cjk): the page uses the reader's fonts and downloads none.
set -euo pipefail

cd "$(dirname "$0")/.."
html=${1:-}
out=${2:-out.png}
size=${3:-1400,2400}

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z "$browser" ]]; then
    echo "screenshot.sh: chromium not found; install it with: apt-get install -y chromium" >&2
    exit 1
fi
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    echo "screenshot.sh: warning: no CJK font installed; Chinese will show as boxes" \
        "(apt-get install -y fonts-noto-cjk)" >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ -z "$html" ]]; then
    html="$work/report.html"
    cargo run --quiet -- report --format html --out "$html"
fi
abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$work/profile" --hide-scrollbars \
    --screenshot="$out" --window-size="$size" "file://$abs" 2>"$work/chromium.log" || {
    cat "$work/chromium.log" >&2
    exit 1
}
echo "wrote $out"
