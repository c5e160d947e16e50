#!/usr/bin/env bash
# Installs the system programs the test suite drives for real (the AWS CLI, Chromium, nginx for benchmarks)
# from Debian when they are missing and this machine allows it; otherwise stops with a clear message.
set -uo pipefail

wanted=()
# Debian's own packages, by path: another `aws` earlier on PATH (a pip-installed v1) does not count.
[ -x /usr/bin/aws ] || wanted+=(awscli)
[ -x /usr/bin/chromium ] || wanted+=(chromium)
[ ${#wanted[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing from Debian: ${wanted[*]} (needed by the real-client and browser tests)"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq >/dev/null && apt-get install -y -qq "${wanted[@]}" >/dev/null; then
    exit 0
  fi
  echo "apt-get could not install ${wanted[*]}." >&2
else
  echo "Missing: ${wanted[*]}." >&2
fi
cat >&2 <<MSG
The full suite drives the real AWS CLI and a real Chromium. Install them and run again, e.g.:
  sudo apt-get install -y ${wanted[*]}
MSG
exit 1
