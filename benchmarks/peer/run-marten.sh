#!/usr/bin/env bash
# The peer benchmark: the ledger's embedded store beside Marten on PostgreSQL, in one run (issue #16 goal 7).
# Starts a throwaway PostgreSQL cluster from Debian's packages (apt-get install postgresql) on 127.0.0.1 and a
# free port, runs benchmarks/RelationsLedger.Benchmarks.Marten, then stops the cluster and deletes it.
# Usage: benchmarks/peer/run-marten.sh [--events 20000] [--rounds 3] [--writers 8]
# A benchmark, not a test: CI builds the project but never runs this.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL not found: apt-get install -y postgresql" >&2; exit 1; }
# initdb refuses to run as root: the cluster belongs to the 'postgres' user when we are root.
as=(); if [ "$(id -u)" = 0 ]; then as=(runuser -u postgres --); fi
dir=$(mktemp -d /tmp/rl-peer-pg.XXXXXX); [ ${#as[@]} -gt 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user=$([ ${#as[@]} -gt 0 ] && echo postgres || id -un)
stop() { "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap stop EXIT
"${as[@]}" "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 >/dev/null
# Loopback only, sockets in the throwaway folder; everything else (fsync, synchronous_commit, shared_buffers) at PostgreSQL's defaults.
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=50" start >/dev/null
"$bin/postgres" --version
dotnet build -c Release benchmarks/RelationsLedger.Benchmarks.Marten -v q -nologo >/dev/null
PEER_POSTGRES="Host=127.0.0.1;Port=$port;Username=$user;Database=postgres" \
  dotnet benchmarks/RelationsLedger.Benchmarks.Marten/bin/Release/net10.0/RelationsLedger.Benchmarks.Marten.dll "$@"
