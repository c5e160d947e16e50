#!/usr/bin/env bash
# The fleet tests (`npm run test:fleet`): Frontgate against real services started on this machine by the
# tests' own scripts, each under a temp dir with free ports, stopped after the test file:
#   PostgreSQL (scripts/start-postgres.sh)       the control-plane state shared by a fleet of edges
#   Ceph RADOS Gateway (scripts/start-ceph-rgw.sh) an external S3 cluster as the edges' origin, signed as OAC
#   haproxy (Debian's, generated config)          the load balancer in front of the edge processes
# Installs the Debian packages they need when it can (root + apt-get: postgresql, haproxy, ceph-mon, ceph-osd,
# radosgw, ceph-common); a test whose service cannot be installed or started here skips and prints the reason.
# Not part of `npm test`: a run starts Ceph twice and three edge processes (about two minutes).
set -uo pipefail
cd "$(dirname "$0")/.."
NODE=node
[ -x node_modules/.bin/node ] && NODE=node_modules/.bin/node
echo "node $("$NODE" --version)"

can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }

if ! bash scripts/start-postgres.sh install; then
  echo "test-fleet: PostgreSQL cannot be installed here; the PostgreSQL and fleet tests will skip (reason above)." >&2
fi
if ! [ -x /usr/sbin/haproxy ] && ! command -v haproxy >/dev/null; then
  if can_install; then
    echo "test-fleet: installing haproxy from Debian" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null 2>&1; } ||
      echo "test-fleet: apt-get could not install haproxy; the fleet test runs without a load balancer." >&2
  else
    echo "test-fleet: haproxy is missing and cannot be installed here (needs root + apt-get); the fleet test runs without a load balancer." >&2
  fi
fi
# Debian's package enables and starts the system haproxy on port 80 where systemd runs; the tests start their own.
if ! bash scripts/start-ceph-rgw.sh install; then
  echo "test-fleet: Ceph cannot be installed here; the Ceph RGW test skips and the fleet test uses the embedded store of one edge as its S3 cluster (reason above)." >&2
fi

FLEET_TESTS=(
  test/fleet/postgres-control-state.fleet.ts
  test/fleet/fleet-edges.fleet.ts
  test/fleet/fleet-postgres-down.fleet.ts
  test/fleet/fleet-console.fleet.ts
  test/e2e/edge-origin-s3-endpoint.test.ts
  test/e2e/edge-origin-ceph.test.ts
)
exec "$NODE" --test --test-concurrency=1 --test-timeout=300000 --test-reporter=spec "${FLEET_TESTS[@]}"
