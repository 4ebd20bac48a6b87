#!/bin/sh
# System libraries Laget needs beyond Python and Node: Pango and fonts for WeasyPrint (PDFs).
# Chromium is only needed for the browser tests; .ci/run installs it.
# Installs what is missing when we may (root, or passwordless sudo); otherwise says what to install.
missing=""
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || missing="$missing libharfbuzz-subset0"
fc-list 2>/dev/null | grep -qi dejavu || missing="$missing fonts-dejavu-core"
# Fallback fonts for PDFs, so what a user typed prints as typed: Symbola (emoji, symbols), Noto (other scripts).
fc-list 2>/dev/null | grep -qi symbola || missing="$missing fonts-symbola"
fc-list 2>/dev/null | grep -qi "Noto Sans Ethiopic" || missing="$missing fonts-noto-core"
command -v msgfmt >/dev/null 2>&1 || missing="$missing gettext"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; else
  echo "Laget needs these system packages (PDFs, translations): $missing"
  echo "Install them with: sudo apt-get install -y$missing"; exit 1
fi
echo "Installing system packages:$missing"
$SUDO apt-get update -qq && $SUDO apt-get install -y -qq $missing >/dev/null
