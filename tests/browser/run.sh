#!/bin/sh
# Runs the browser test (CTest browser.site): tests/browser/site.test.js in
# Debian's headless Chromium through playwright-core. Skips (exit 77) with a
# message when node or /usr/bin/chromium is missing; installs playwright-core
# and axe-core (pinned exactly in package.json; neither has dependencies) the
# first time, never a browser.
#   run.sh BINARY SAMPLES_DIR OUTDIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1; then
  echo "SKIP: node is not installed (apt-get install nodejs npm)"
  exit 77
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "SKIP: /usr/bin/chromium is missing (apt-get install chromium)"
  exit 77
fi
if [ ! -d "$here/node_modules/playwright-core" ] ||
  [ ! -d "$here/node_modules/axe-core" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "SKIP: npm is not installed (apt-get install npm)"
    exit 77
  fi
  echo "browser.site: npm install in tests/browser (playwright-core, axe-core)"
  (cd "$here" && npm install --no-package-lock --no-audit --no-fund \
    --loglevel=error) || {
    echo "FAIL: npm install in $here failed"
    exit 1
  }
fi
exec node "$here/site.test.js" "$@"
