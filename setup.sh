#!/usr/bin/env bash
# Saraban's one entry point on a fresh Debian machine.
#   bash setup.sh run    install everything, then register the sample scans into ./saraban.db
#   bash setup.sh test   install everything (with the test extras), then run the tests
#   bash setup.sh install
set -euo pipefail
cd "$(dirname "$0")"
what="${1:-run}"

APT_RUNTIME="tesseract-ocr tesseract-ocr-tha tesseract-ocr-eng poppler-utils fonts-thai-tlwg"
APT_TEST="chromium redis-server postgresql"   # the page queue's and the registry's tests start their own servers

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo_ apt-get update -qq
    sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

install() {
  apt_install $APT_RUNTIME
  [ "$what" = test ] && apt_install $APT_TEST
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -e ".${1:-}" 2>&1 | grep -v '^WARNING: Location' || true
  .venv/bin/saraban doctor >&2 || true
}

export PYTHAINLP_OFFLINE=1 OMP_THREAD_LIMIT=1
case "$what" in
  install) install ;;
  run)
    install
    .venv/bin/saraban ingest samples/bundles --db "${SARABAN_DB:-saraban.db}"
    ;;
  test)
    install "[test,samples,queue,postgresql]"
    set +e
    .venv/bin/python -m pytest -m "not slow" -q -p no:cacheprovider "${@:2}"
    rc=$?
    [ $rc = 5 ] && { echo "setup: pytest collected no tests" >&2; exit 1; }
    exit $rc
    ;;
  *) echo "usage: bash setup.sh [run|test|install]" >&2; exit 2 ;;
esac
