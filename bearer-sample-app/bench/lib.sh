# shellcheck shell=bash
# Shared parts of the fault scripts in this folder (sigterm.sh, outage.sh); sourced, not run.
#
# Everything a script starts (the sample application, wrk, socat, pollers) is recorded here and
# ended by its process id on exit; its PostgreSQL database is dropped and its temporary directory
# removed, also when the script fails or is interrupted. BENCH_KEEP=1 keeps the temporary directory
# (application logs, wrk output) and the database for a look afterwards.

set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SAMPLE_DIR=$(dirname "$BENCH_DIR")
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER

BENCH_PIDS=()
BENCH_GROUPS=()
BENCH_DATABASE=
WORK=

bench_require() {
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || bench_fail "$tool is needed (Debian: apt-get install -y $tool)"
	done
}

bench_fail() {
	echo "error: $*" >&2
	exit 2
}

bench_log() {
	printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

# The packaged sample (never built here: ./mvnw -q -pl bearer-sample-app -am package -DskipTests).
bench_jar() {
	local jar
	jar=$(find "$SAMPLE_DIR/target" -maxdepth 1 -name 'bearer-sample-app-*.jar' ! -name '*-sources.jar' \
		! -name '*-javadoc.jar' 2>/dev/null | head -n 1)
	[[ -n $jar ]] || bench_fail "no sample jar in $SAMPLE_DIR/target; package it first: ./mvnw -q -pl bearer-sample-app -am package -DskipTests"
	echo "$jar"
}

bench_init() {
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/bearer-bench.XXXXXX")
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
}

bench_cleanup() {
	local status=$? pid group
	trap - EXIT
	for group in "${BENCH_GROUPS[@]}"; do
		kill -KILL -- "-$group" 2>/dev/null || true
	done
	for pid in "${BENCH_PIDS[@]}"; do
		if kill -0 "$pid" 2>/dev/null; then
			kill -TERM "$pid" 2>/dev/null || true
			bench_wait_exit "$pid" 20 || kill -KILL "$pid" 2>/dev/null || true
		fi
	done
	wait 2>/dev/null || true
	if [[ -n $BENCH_DATABASE && ${BENCH_KEEP:-0} == 1 ]]; then
		echo "kept database $BENCH_DATABASE" >&2
	elif [[ -n $BENCH_DATABASE ]]; then
		bench_psql postgres "drop database if exists $BENCH_DATABASE with (force)" >/dev/null 2>&1 \
			|| echo "warning: could not drop database $BENCH_DATABASE" >&2
	fi
	if [[ -n $WORK ]]; then
		if [[ ${BENCH_KEEP:-0} == 1 ]]; then
			echo "kept $WORK" >&2
		else
			rm -rf "$WORK"
		fi
	fi
	exit "$status"
}

# Remembers a process this script started, so cleanup ends it.
bench_track() {
	BENCH_PIDS+=("$1")
}

# Waits up to $2 seconds for process $1 to exit; fails if it is still there.
bench_wait_exit() {
	local pid=$1 deadline=$((SECONDS + $2))
	while kill -0 "$pid" 2>/dev/null; do
		((SECONDS < deadline)) || return 1
		sleep 0.1
	done
}

bench_now() {
	date +%s.%N
}

# Seconds between two bench_now values, to one decimal.
bench_elapsed() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'
}

bench_psql() {
	local database=$1
	shift
	psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$database" -c "$@"
}

# Creates a database of this run's own and remembers it, so cleanup drops it.
bench_create_database() {
	BENCH_DATABASE="bearer_bench_$(date +%s)_$$"
	bench_psql postgres "create database $BENCH_DATABASE" >/dev/null
}

# Starts the sample with the given arguments (on a free port) logging to $1; sets APP_PID.
bench_start_app() {
	local log=$1
	shift
	java -jar "$(bench_jar)" --server.port=0 "$@" >"$log" 2>&1 &
	APP_PID=$!
	bench_track "$APP_PID"
}

# Waits for the sample's startup banner in log $1; sets APP_URL and writes the demo token as a
# header file ($WORK/auth.header, for curl -H @file) so no command line shows it; sets BENCH_TOKEN.
bench_wait_ready() {
	local log=$1 deadline=$((SECONDS + 240))
	until grep -qs 'Bearer sample is running on' "$log"; do
		kill -0 "$APP_PID" 2>/dev/null || {
			tail -n 30 "$log" >&2
			bench_fail "the sample stopped during startup (log above)"
		}
		((SECONDS < deadline)) || bench_fail "the sample did not start within 240 s"
		sleep 0.5
	done
	APP_URL=$(grep -o 'running on http://localhost:[0-9]*' "$log" | head -n 1 | sed 's/running on //')
	APP_URL=${APP_URL/localhost/127.0.0.1}
	BENCH_TOKEN=$(grep -A 3 'Demo token' "$log" | grep -o 'sk_test_[A-Za-z0-9]*' | head -n 1)
	[[ -n $BENCH_TOKEN ]] || bench_fail "no demo token in the sample's banner"
	export BENCH_TOKEN
	(
		umask 077
		printf 'Authorization: Bearer %s\n' "$BENCH_TOKEN" >"$WORK/auth.header"
	)
}

# GET $1 on the sample with the demo token (User-Agent bench-poller: not the load's marker).
bench_get() {
	curl -s --max-time "${2:-5}" -A bench-poller -H "@$WORK/auth.header" "$APP_URL$1"
}

# Runs wrk against /api/orders in the background with the marker $1 and 8 connections for $2
# seconds, sending no new request after $3 seconds; output in $WORK/<$4, default wrk>.out, answers
# per second in $WORK/<$4>.timeline. Sets WRK_PID.
bench_start_load() {
	local name=${4:-wrk}
	BENCH_MARKER=$1 BENCH_STOP_AFTER=$3 BENCH_TIMELINE="$WORK/$name.timeline" \
		wrk -t 2 -c 8 -d "$2s" --timeout 60s -s "$BENCH_DIR/count-200.lua" "$APP_URL/api/orders" \
		>"$WORK/$name.out" 2>&1 &
	WRK_PID=$!
	bench_track "$WRK_PID"
}

# The 200 and other answers wrk counted: "<200s> <others>".
bench_load_counts() {
	sed -n 's/^responses 200=\([0-9]*\) other=\([0-9]*\)$/\1 \2/p' "$WORK/wrk.out"
}

# Answers per second between epoch seconds $1 (inclusive) and $2 (exclusive), from the timeline:
# "<200s per second> <others per second>".
bench_rate() {
	awk -v from="$1" -v to="$2" '
		$1 >= from && $1 < to { ok += $2; other += $3 }
		END { n = to - from; if (n <= 0) { print "- -" } else { printf "%.0f %.0f\n", ok / n, other / n } }
	' "$WORK/wrk.timeline"
}

# Lines of the application log $1 that say a row was dropped (JdbcAuditSink's WARN).
bench_dropped_lines() {
	grep -c 'Dropped audit row' "$1" || true
}

# Prints the rows of a two-column table: "| name | value |".
bench_row() {
	printf '| %-58s | %s |\n' "$1" "$2"
}
