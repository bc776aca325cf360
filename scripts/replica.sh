#!/usr/bin/env bash
# A streaming replica of the local PostgreSQL server, on another port, for DATABASE_REPLICA_URL.
#
#   scripts/replica.sh start    # base backup of the primary (pg_basebackup -R), then a hot standby on $RBM_REPLICA_PORT
#   scripts/replica.sh status   # running or not, and how far behind the primary it is
#   scripts/replica.sh stop     # stop it and delete its data folder (the next start copies the primary afresh)
#
# Then: DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/<the primary's database name>.
# Streaming replication copies the whole cluster: every database of the primary, test databases included.
# The primary must accept replication connections from 127.0.0.1 for the postgres role; when it does not and
# this script may edit its pg_hba.conf (run as root on a local development server), it adds that one line
# ("host replication postgres 127.0.0.1/32 trust") and reloads the server's configuration; otherwise it says
# what to add. PostgreSQL refuses to run as root, so as root the server commands run as the postgres user.
set -euo pipefail

PRIMARY_HOST=${RBM_REPLICA_PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${RBM_REPLICA_PRIMARY_PORT:-5432}
PG_USER=${RBM_REPLICA_USER:-postgres}
PORT=${RBM_REPLICA_PORT:-5433}
DATA=${RBM_REPLICA_DIR:-${TMPDIR:-/tmp}/rbm-replica-$PORT}
BIN=${PG_BIN:-$(dirname "$(readlink -f "$(command -v pg_ctl)")")}
HBA_LINE="host replication $PG_USER 127.0.0.1/32 trust"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

primary_sql() {
  psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PG_USER" -d postgres -Atqc "$1"
}

replica_sql() {
  psql -h 127.0.0.1 -p "$PORT" -U "$PG_USER" -d postgres -Atqc "$1"
}

running() {
  [ -f "$DATA/PG_VERSION" ] && as_postgres "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

replication_allowed() {
  psql "host=$PRIMARY_HOST port=$PRIMARY_PORT user=$PG_USER replication=true dbname=postgres" \
    -Atqc "IDENTIFY_SYSTEM" >/dev/null 2>&1
}

allow_replication() {
  replication_allowed && return 0
  local hba
  hba=$(primary_sql "SHOW hba_file")
  if [ -w "$hba" ]; then
    echo "Allowing replication connections from 127.0.0.1 in $hba: $HBA_LINE"
    printf '%s  # added by rbm scripts/replica.sh\n' "$HBA_LINE" >>"$hba"
    primary_sql "SELECT pg_reload_conf()" >/dev/null
    sleep 1
  fi
  if ! replication_allowed; then
    echo "The primary at $PRIMARY_HOST:$PRIMARY_PORT refuses replication connections for $PG_USER." >&2
    echo "Add to its pg_hba.conf ($hba) the line \"$HBA_LINE\" and reload it (SELECT pg_reload_conf())." >&2
    exit 1
  fi
}

start() {
  if running; then
    echo "The replica is already running on 127.0.0.1:$PORT ($DATA)."
    return 0
  fi
  local wal_level
  wal_level=$(primary_sql "SHOW wal_level")
  if [ "$wal_level" = minimal ]; then
    echo "The primary's wal_level is minimal: set it to replica (PostgreSQL's default) and restart it." >&2
    exit 1
  fi
  allow_replication
  rm -rf "$DATA"
  mkdir -p "$(dirname "$DATA")"
  [ "$(id -u)" = 0 ] && install -d -o postgres -g postgres -m 700 "$DATA" || install -d -m 700 "$DATA"
  echo "Copying the primary $PRIMARY_HOST:$PRIMARY_PORT into $DATA ($(primary_sql \
    "SELECT pg_size_pretty(sum(pg_database_size(datname))) FROM pg_database")) ..."
  as_postgres "$BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PG_USER" -D "$DATA" \
    --write-recovery-conf --wal-method=stream --checkpoint=fast
  # A hot standby needs at least the primary's values of these; the rest is kept small and local.
  local settings=""
  for name in max_connections max_worker_processes max_wal_senders max_prepared_transactions \
    max_locks_per_transaction; do
    settings+="$name = $(primary_sql "SHOW $name")"$'\n'
  done
  as_postgres tee -a "$DATA/postgresql.conf" >/dev/null <<EOF

# --- rbm scripts/replica.sh: a hot standby of $PRIMARY_HOST:$PRIMARY_PORT
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DATA'
hot_standby = on
hot_standby_feedback = on
shared_buffers = 64MB
logging_collector = off
$settings
EOF
  as_postgres tee "$DATA/pg_hba.conf" >/dev/null <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
  as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start >/dev/null
  if [ "$(replica_sql "SELECT pg_is_in_recovery()")" != t ]; then
    echo "The server on 127.0.0.1:$PORT is not in recovery: it is not a replica (see $DATA/server.log)." >&2
    exit 1
  fi
  echo "Replica running on 127.0.0.1:$PORT, streaming from $PRIMARY_HOST:$PRIMARY_PORT."
  echo "Use it with DATABASE_REPLICA_URL=postgres://$PG_USER@127.0.0.1:$PORT/<database name>."
}

stop() {
  if running; then
    as_postgres "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    echo "Replica on 127.0.0.1:$PORT stopped."
  else
    echo "No replica running on 127.0.0.1:$PORT."
  fi
  rm -rf "$DATA"
}

status() {
  if ! running; then
    echo "No replica running on 127.0.0.1:$PORT."
    return 3
  fi
  local primary_lsn row
  primary_lsn=$(primary_sql "SELECT pg_current_wal_lsn()")
  row=$(replica_sql "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn(),
    greatest(pg_wal_lsn_diff('$primary_lsn', pg_last_wal_replay_lsn()), 0)")
  IFS='|' read -r recovery lsn behind <<<"$row"
  echo "Replica running on 127.0.0.1:$PORT ($DATA): in recovery $recovery; replayed up to $lsn," \
    "$behind bytes of WAL behind the primary ($primary_lsn)."
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "Usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
