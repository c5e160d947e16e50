#!/usr/bin/env bash
# A throwaway PostgreSQL for the fleet tests, from Debian's package: its own data directory and port.
#   start-postgres.sh install      installs Debian's postgresql when its binaries are missing (needs root)
#   start-postgres.sh start DIR    initdb under DIR (owned by the postgres user when run as root), start on a
#                                  free loopback port, create the database "frontgate"; prints the URL
#   start-postgres.sh stop DIR     stops the server started in DIR (its data stays until DIR is deleted)
#   start-postgres.sh resume DIR   starts a stopped server of DIR again, on the same port
set -euo pipefail
action="${1:-}"
dir="${2:-}"

pg_bin() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [[ -n "$found" && -x "$found/initdb" ]]; then echo "$found"; return 0; fi
  return 1
}

as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  install)
    if pg_bin >/dev/null; then exit 0; fi
    if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
      echo "start-postgres: PostgreSQL is not installed and apt-get cannot run here" >&2; exit 1
    fi
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pg_bin >/dev/null
    ;;
  start)
    [[ -n "$dir" ]] || { echo "usage: start-postgres.sh start DIR" >&2; exit 2; }
    bin="$(pg_bin)" || { echo "start-postgres: PostgreSQL binaries not found (run install)" >&2; exit 1; }
    mkdir -p "$dir"
    if [[ "$(id -u)" == 0 ]]; then
      # The server runs as the postgres user: it must be able to reach DIR (mktemp makes 0700 directories).
      chmod a+x "$(dirname "$(realpath "$dir")")"
      chown postgres "$dir"; chmod 700 "$dir"
    fi
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc 'CREATE DATABASE frontgate' >/dev/null
    echo "$port" >"$dir/port"
    echo "postgres://postgres@127.0.0.1:$port/frontgate"
    ;;
  stop)
    [[ -n "$dir" ]] || { echo "usage: start-postgres.sh stop DIR" >&2; exit 2; }
    bin="$(pg_bin)" || exit 0
    [[ -d "$dir/data" ]] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  resume)
    [[ -n "$dir" && -f "$dir/port" ]] || { echo "usage: start-postgres.sh resume DIR (of a started server)" >&2; exit 2; }
    bin="$(pg_bin)" || { echo "start-postgres: PostgreSQL binaries not found (run install)" >&2; exit 1; }
    port="$(cat "$dir/port")"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    ;;
  *) echo "usage: start-postgres.sh install|start DIR|stop DIR|resume DIR" >&2; exit 2 ;;
esac
