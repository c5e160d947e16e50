#!/usr/bin/env bash
# A single-node Ceph cluster with a RADOS Gateway (S3) from Debian's packages, entirely under one directory:
# one monitor, one OSD on the in-memory `memstore` backend (no disk, no loop device), no manager, cephx off,
# loopback only, free ports chosen at start. For tests and local trials of an external S3 origin.
#
#   scripts/start-ceph-rgw.sh install              install the packages when missing (root + apt-get)
#   scripts/start-ceph-rgw.sh start [DIR]          install if needed, start, create an S3 user, print JSON
#   scripts/start-ceph-rgw.sh start --no-install [DIR]   fail with exit 3 instead of installing
#   scripts/start-ceph-rgw.sh stop DIR             stop the daemons started in DIR and delete DIR
#
# `start` prints one JSON object on stdout:
#   {"endpoint":"http://127.0.0.1:PORT","virtualHostEndpoint":"http://s3.localhost:PORT","region":"us-east-1",
#    "accessKeyId":"…","secretAccessKey":"…","dataDir":"DIR","startSeconds":N,"phaseSeconds":{…},
#    "cephVersion":"…"}
# Buckets are created without a LocationConstraint (region us-east-1): the gateway's zonegroup is "default" and
# refuses other constraints. Signatures naming any region are accepted. Virtual-hosted names are
# <bucket>.s3.localhost (rgw_dns_name), which resolve to loopback for clients that follow RFC 6761.
#
# Exit codes: 0 ok; 2 usage; 3 the packages are missing and cannot be installed here; 4 a daemon failed to
# start (the reason and the end of its log on stderr). Everything started is stopped again on failure.
set -uo pipefail

PACKAGES=(ceph-mon ceph-osd radosgw ceph-common)
MARKER=.frontgate-ceph-rgw
# Debian's interpreter (a dependency of ceph-common) starts in a tenth of the time of a version-manager shim.
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3

die() {
  local code=$1
  shift
  echo "start-ceph-rgw: $*" >&2
  exit "$code"
}

installed() {
  command -v ceph-mon >/dev/null && command -v ceph-osd >/dev/null && command -v radosgw >/dev/null &&
    command -v radosgw-admin >/dev/null && command -v monmaptool >/dev/null && command -v ceph >/dev/null &&
    command -v "$PYTHON" >/dev/null
}

install_packages() {
  installed && return 0
  if [ "$(id -u)" != "0" ]; then
    die 3 "Ceph is not installed and installing it needs root (apt-get install ${PACKAGES[*]})"
  fi
  command -v apt-get >/dev/null || die 3 "Ceph is not installed and this machine has no apt-get"
  echo "start-ceph-rgw: installing ${PACKAGES[*]} from Debian (about a minute)" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1
    apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null 2>&1 ||
      die 3 "apt-get could not install ${PACKAGES[*]}"
  fi
  installed || die 3 "installed ${PACKAGES[*]} but the ceph programs are still missing"
}

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

stop_cluster() {
  local dir=$1
  [ -f "$dir/$MARKER" ] || return 0
  local pids=()
  # Reverse start order: gateway, OSD, monitor.
  for name in client.rgw osd.0 mon.a; do
    local file="$dir/run/$name.pid"
    [ -f "$file" ] || continue
    local pid
    pid=$(cat "$file")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
    fi
  done
  for _ in $(seq 1 100); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null; done
  return 0
}

# Stops what was started, shows the end of the failing daemon's log, exits 4.
fail_start() {
  local dir=$1 log=$2
  shift 2
  echo "start-ceph-rgw: $*" >&2
  if [ -n "$log" ] && [ -f "$dir/log/$log.log" ]; then
    echo "--- last lines of $dir/log/$log.log ---" >&2
    tail -n 15 "$dir/log/$log.log" >&2
  fi
  stop_cluster "$dir"
  rm -rf "$dir"
  exit 4
}

start_cluster() {
  local no_install=0 dir=""
  while [ $# -gt 0 ]; do
    case "$1" in
    --no-install) no_install=1 ;;
    -*) die 2 "unknown option $1" ;;
    *) dir=$1 ;;
    esac
    shift
  done
  if [ "$no_install" = 1 ]; then
    installed || die 3 "Ceph is not installed (needs: ${PACKAGES[*]}; run scripts/start-ceph-rgw.sh install as root)"
  else
    install_packages
  fi
  local started_at
  started_at=$(date +%s.%N)
  if [ -z "$dir" ]; then dir=$(mktemp -d "${TMPDIR:-/tmp}/frontgate-ceph-XXXXXX"); fi
  mkdir -p "$dir" || die 4 "cannot create $dir"
  dir=$(cd "$dir" && pwd)
  if [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then die 2 "$dir is not empty"; fi
  touch "$dir/$MARKER"
  mkdir -p "$dir/mon" "$dir/osd/osd.0" "$dir/log" "$dir/run" "$dir/rgw"

  local fsid mon_port rgw_port conf
  fsid=$("$PYTHON" -c 'import uuid; print(uuid.uuid4())')
  mon_port=$(free_port)
  rgw_port=$(free_port)
  conf="$dir/ceph.conf"
  cat >"$conf" <<EOF
[global]
fsid = $fsid
mon_host = v1:127.0.0.1:$mon_port
public_addr = 127.0.0.1
ms_bind_msgr2 = false
ms_bind_ipv6 = false
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
mon_warn_on_insecure_global_id_reclaim_allowed = false
mon_data_avail_warn = 1
mon_data_avail_crit = 0
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_crush_chooseleaf_type = 0
run_dir = $dir/run
admin_socket = $dir/run/\$name.asok
pid_file = $dir/run/\$name.pid
log_file = $dir/log/\$name.log
mon_data = $dir/mon/\$name
osd_data = $dir/osd/\$name
keyring = $dir/keyring
osd_objectstore = memstore
memstore_device_bytes = 1073741824
# At boot the OSD may send its crush updates before its monitor client holds the monmap; they then carry a
# zero fsid and the monitor refuses them ("wrong fsid"), which stops the OSD. The crush entry is made below.
osd_crush_update_on_start = false
osd_class_update_on_start = false

[client.rgw]
rgw_frontends = beast endpoint=127.0.0.1:$rgw_port
rgw_data = $dir/rgw
rgw_dns_name = s3.localhost
EOF
  export CEPH_CONF="$conf"
  local c=(-c "$conf")

  ceph-authtool --create-keyring "$dir/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null 2>&1 ||
    fail_start "$dir" "" "ceph-authtool failed"
  monmaptool --create --fsid "$fsid" --addv a "[v1:127.0.0.1:$mon_port]" "$dir/monmap" >/dev/null 2>&1 ||
    fail_start "$dir" "" "monmaptool failed"
  ceph-mon "${c[@]}" --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/keyring" 2>"$dir/log/mkfs-mon.err" ||
    fail_start "$dir" "mon.a" "ceph-mon --mkfs failed: $(tail -n 3 "$dir/log/mkfs-mon.err")"
  ceph-mon "${c[@]}" -i a 2>"$dir/log/mon.err" || fail_start "$dir" "mon.a" "ceph-mon did not start"
  # The first command doubles as the monitor's readiness check (each `ceph` call costs a Python start-up).
  # The OSD gets its own uuid, as in Ceph's manual deployment steps (`osd new` + `--osd-uuid`).
  local osd_uuid osd_id
  osd_uuid=$("$PYTHON" -c 'import uuid; print(uuid.uuid4())')
  osd_id=$(timeout 60 ceph "${c[@]}" --connect-timeout 55 osd new "$osd_uuid" 2>/dev/null) ||
    fail_start "$dir" "mon.a" "the monitor on 127.0.0.1:$mon_port did not answer \`ceph osd new\` within 60 s"
  [ "$osd_id" = "0" ] || fail_start "$dir" "mon.a" "expected OSD id 0, got '$osd_id'"
  timeout 60 ceph "${c[@]}" osd crush add osd.0 1.0 root=default >/dev/null 2>&1 ||
    fail_start "$dir" "mon.a" "ceph osd crush add failed"
  local mon_at
  mon_at=$(date +%s.%N)
  ceph-osd "${c[@]}" -i 0 --mkfs --osd-uuid "$osd_uuid" >/dev/null 2>"$dir/log/mkfs-osd.err" ||
    fail_start "$dir" "osd.0" "ceph-osd --mkfs failed (memstore): $(tail -n 3 "$dir/log/mkfs-osd.err")"
  ceph-osd "${c[@]}" -i 0 2>"$dir/log/osd.err" || fail_start "$dir" "osd.0" "ceph-osd did not start"
  local up=0
  for _ in $(seq 1 120); do
    # The OSD logs its own transition to active once the monitor has marked it up.
    if grep -q 'state: booting -> active' "$dir/log/osd.0.log" 2>/dev/null; then
      up=1
      break
    fi
    sleep 0.25
  done
  [ "$up" = 1 ] || fail_start "$dir" "osd.0" "the OSD did not come up within 30 s"
  local osd_at
  osd_at=$(date +%s.%N)

  radosgw "${c[@]}" -n client.rgw 2>"$dir/log/rgw.err" || fail_start "$dir" "client.rgw" "radosgw did not start"
  local ready=0
  for _ in $(seq 1 240); do
    if "$PYTHON" - "$rgw_port" <<'PY' 2>/dev/null; then
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/", timeout=2)
except urllib.error.HTTPError:
    pass
PY
      ready=1
      break
    fi
    sleep 0.5
  done
  [ "$ready" = 1 ] || fail_start "$dir" "client.rgw" "radosgw did not answer on 127.0.0.1:$rgw_port within 120 s"
  local rgw_at
  rgw_at=$(date +%s.%N)

  local access_key secret_key
  access_key=$("$PYTHON" -c 'import secrets, string; print("FG" + "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(18)))')
  secret_key=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(30))')
  timeout 60 radosgw-admin "${c[@]}" user create --uid=frontgate --display-name=Frontgate \
    --access-key="$access_key" --secret-key="$secret_key" >/dev/null 2>"$dir/log/user.err" ||
    fail_start "$dir" "client.rgw" "radosgw-admin user create failed: $(tail -n 3 "$dir/log/user.err")"

  local version
  version=$(ceph-osd --version | awk '{print $3}')
  "$PYTHON" - "$dir" "$rgw_port" "$access_key" "$secret_key" "$version" "$started_at" "$mon_at" "$osd_at" "$rgw_at" <<'PY'
import json, sys, time
directory, port, key, secret, version = sys.argv[1:6]
started, mon, osd, rgw = (float(t) for t in sys.argv[6:10])
print(json.dumps({
    "endpoint": f"http://127.0.0.1:{port}",
    "virtualHostEndpoint": f"http://s3.localhost:{port}",
    "region": "us-east-1",
    "accessKeyId": key,
    "secretAccessKey": secret,
    "dataDir": directory,
    "startSeconds": round(time.time() - started, 1),
    "phaseSeconds": {
        "monitor": round(mon - started, 1),
        "osd": round(osd - mon, 1),
        "gateway": round(rgw - osd, 1),
        "user": round(time.time() - rgw, 1),
    },
    "cephVersion": version,
}))
PY
}

case "${1:-}" in
install)
  install_packages
  ;;
start)
  shift
  start_cluster "$@"
  ;;
stop)
  [ -n "${2:-}" ] || die 2 "usage: $0 stop DIR"
  [ -d "$2" ] || exit 0
  [ -f "$2/$MARKER" ] || die 2 "$2 was not made by this script; not touching it"
  stop_cluster "$2"
  rm -rf "$2"
  ;;
*)
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
  ;;
esac
