# Shared set-up for scripts/run and scripts/test (sourced, not run): a virtual environment with
# the package installed, GOV.UK Frontend from npm, and the council stylesheet compiled. Each step
# runs only when its inputs changed, so running again is quick and changes nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1m%s\033[0m\n' "$*"; }

find_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "yousaid needs Python 3.11 or newer; install it (e.g. apt-get install python3) and try again." >&2
  return 1
}

fingerprint() { cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1; }

if [ ! -x .venv/bin/python ]; then
  say "Creating a virtual environment in .venv"
  "$(find_python)" -m venv .venv
fi
stamp=.venv/.yousaid-installed
wanted=$(fingerprint pyproject.toml requirements.lock)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  say "Installing yousaid and its dependencies into .venv"
  # Exactly the versions CI tested, each checked against its hash (scripts/lock refreshes the
  # lock); then yousaid itself, whose dependencies are all in the lock already.
  .venv/bin/python -m pip install --quiet --require-hashes -r requirements.lock
  .venv/bin/python -m pip install --quiet --no-deps -e .
  echo "$wanted" > "$stamp"
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "yousaid needs Node.js and npm to fetch GOV.UK Frontend; install them (e.g. apt-get install nodejs npm) and try again." >&2
  exit 1
fi
node_stamp=node_modules/.yousaid-installed
wanted=$(fingerprint package.json package-lock.json)
if [ "$(cat "$node_stamp" 2>/dev/null)" != "$wanted" ]; then
  say "Fetching GOV.UK Frontend and the test tools from npm"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$wanted" > "$node_stamp"
fi
css_stamp=survey/web/static/build/.fingerprint
wanted=$(fingerprint survey/web/assets/*.scss package-lock.json)
if [ ! -f survey/web/static/build/app.css ] || [ "$(cat "$css_stamp" 2>/dev/null)" != "$wanted" ]; then
  say "Compiling the council stylesheet"
  npm run --silent build
  echo "$wanted" > "$css_stamp"
fi
# The server's copy of GOV.UK Frontend (scripts, fonts, images) lives inside the package, so a
# wheel built from this checkout carries it and `yousaid serve` runs from the wheel alone.
govuk=survey/web/static/govuk
govuk_stamp=$govuk/.fingerprint
wanted=$(fingerprint package-lock.json)
if [ ! -f "$govuk/govuk-frontend.min.js" ] || [ "$(cat "$govuk_stamp" 2>/dev/null)" != "$wanted" ]; then
  say "Copying GOV.UK Frontend's assets into the package"
  rm -rf "$govuk" && mkdir -p "$govuk"
  cp -R node_modules/govuk-frontend/dist/govuk/assets "$govuk/"
  cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js \
     node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css "$govuk/"
  echo "$wanted" > "$govuk_stamp"
fi
# GOV.UK's accessible-autocomplete (the organisation picker's type-ahead for long lists), copied
# into the package the same way, so the wheel carries it too (its stylesheet is compiled into
# app.css from npm).
autocomplete=survey/web/static/accessible-autocomplete
autocomplete_stamp=$autocomplete/.fingerprint
wanted=$(fingerprint package-lock.json)
if [ ! -f "$autocomplete/accessible-autocomplete.min.js" ] || [ "$(cat "$autocomplete_stamp" 2>/dev/null)" != "$wanted" ]; then
  say "Copying accessible-autocomplete into the package"
  rm -rf "$autocomplete" && mkdir -p "$autocomplete"
  cp node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.js "$autocomplete/"
  echo "$wanted" > "$autocomplete_stamp"
fi
