#!/usr/bin/env bash
# Starts a private PostgreSQL cluster and a private Redis for the test suite (temporary data
# directories, ports of their own, no system service needed) and stops them again.
#   eval "$(scripts/test-services.sh start)"   prints the variables the tests read
#   scripts/test-services.sh stop <directory>
# PostgreSQL refuses to run as root, so as root it runs under the `postgres` user.
set -euo pipefail

pg_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$found" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
  echo "$found"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

case "${1:-}" in
  start)
    bin=$(pg_bin)
    directory=$(mktemp -d /tmp/nexus-test-services-XXXXXX)
    chmod 755 "$directory"
    [ "$(id -u)" = 0 ] && chown postgres "$directory"
    pg_port=$(free_port)
    as_owner "$bin/initdb" -D "$directory/pg" -U nexus --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # Test data need not survive a crash: no fsync makes creating a database per test cheap.
    as_owner "$bin/pg_ctl" -D "$directory/pg" -l "$directory/pg.log" -w \
      -o "-p $pg_port -k $directory -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null
    echo "export NEXUS_TEST_POSTGRES_URL=postgres://nexus@127.0.0.1:$pg_port/postgres"
    if command -v redis-server >/dev/null; then
      redis_port=$(free_port)
      redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
        --daemonize yes --pidfile "$directory/redis.pid" --logfile "$directory/redis.log" \
        --dir "$directory" >/dev/null
      echo "export NEXUS_TEST_REDIS_URL=redis://127.0.0.1:$redis_port"
    fi
    echo "export NEXUS_TEST_SERVICES_DIRECTORY=$directory"
    ;;
  stop)
    directory=${2:?usage: test-services.sh stop <directory>}
    bin=$(pg_bin)
    [ -d "$directory/pg" ] && as_owner "$bin/pg_ctl" -D "$directory/pg" -m immediate stop >/dev/null || true
    [ -f "$directory/redis.pid" ] && kill "$(cat "$directory/redis.pid")" 2>/dev/null || true
    rm -rf "$directory"
    ;;
  *)
    echo "usage: $0 start | stop <directory>" >&2
    exit 2
    ;;
esac
