#!/usr/bin/env bash
# Run once by the postgres image when it creates its database (docker-compose.yml mounts it into
# /docker-entrypoint-initdb.d/): the postgres-replica service may then stream from it, with the password.
set -euo pipefail
echo "host replication $POSTGRES_USER all scram-sha-256" >>"$PGDATA/pg_hba.conf"
