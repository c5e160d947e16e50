#!/usr/bin/env bash
# The fleet tests (`npm run test:fleet`): Frontgate against real services started on this machine by their own
# scripts, each under a temp dir with free ports. Installs what they need from Debian when it can (root +
# apt-get); a test whose service cannot be installed or started here skips with the reason.
#   Ceph RADOS Gateway (scripts/start-ceph-rgw.sh): an external S3 origin signed as origin access control.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "node $(node --version)"

if ! bash scripts/start-ceph-rgw.sh install; then
  echo "test-fleet: Ceph cannot be installed here; the Ceph RGW tests will skip (reason above)." >&2
fi

FLEET_TESTS=(
  test/e2e/edge-origin-s3-endpoint.test.ts
  test/e2e/edge-origin-ceph.test.ts
)
node --test --test-concurrency=1 --test-timeout=600000 --test-reporter=spec "${FLEET_TESTS[@]}"
