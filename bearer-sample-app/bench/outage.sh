#!/usr/bin/env bash
# A database outage under load: is every request answered 200 in the audit log, exactly once?
#
#   bench/outage.sh [--kill] [--connection-timeout MS] [SECONDS]     (default: 60 s, 2000 ms)
#
# Starts the packaged sample application as a real process (package it first:
# ./mvnw -q -pl bearer-sample-app -am package -DskipTests) on a PostgreSQL database of its own
# ($PGHOST:$PGPORT as $PGUSER, default 127.0.0.1:5432 postgres; dropped at the end), reached
# through a socat TCP proxy: the application's JDBC URL names the proxy's port. Its audit spool is
# a temporary directory (bearer.audit.spool.directory). Then:
#
#   0. a warm-up of 20 s (BENCH_WARMUP) of the same load, with another marker, until the JIT has
#      compiled the hot paths (the rate doubles or triples meanwhile), and a wait for an empty queue;
#   1. steady load on GET /api/orders with the demo token, which is in the lookup cache (wrk,
#      8 connections, a User-Agent marker of this run on every request);
#   2. after 10 s the proxy is killed (every connection through it breaks, new ones are refused)
#      for SECONDS, then started again; the load goes on during the outage and for 15 s after;
#   3. once the load has stopped, the script waits until the writer has drained: the
#      `bearer` Actuator endpoint shows an empty queue and spool, and the count of rows with the
#      marker stays the same;
#   4. it compares the 200 answers with the rows carrying the marker, and count(distinct row_key)
#      with the rows.
#
# While it runs, /actuator/health is polled twice a second for the `bearer` indicator's details
# (queueDepth, spooled), which come from memory; that gives the most rows seen in the spool. For
# that the script sets management.endpoint.health.show-details=always (the sample's health is
# public) and management.health.db.enabled=false, so the poll needs neither the database nor a
# token: /actuator/bearer also counts the tokens in the database, and the demo token stops working
# once the outage has outlasted its time in the lookup cache (bearer.cache.time-to-live, 30 s).
#
# --kill: the load runs for the first half of the outage only; once it has stopped and the queue
# is empty (every row written or spooled), the application is killed with SIGKILL, the proxy
# restored when the outage is over, and the application started again on the same spool
# directory and JDBC URL: the spooled rows must be replayed, each once.
#
# --connection-timeout: spring.datasource.hikari.connection-timeout in milliseconds. The default
# 2000 is what the docs recommend (a few seconds); Hikari's own default is 30000.
#
# Needs java, wrk (apt-get install -y wrk), socat, curl, jq and psql. Takes SECONDS plus about
# a minute. Not run by CI: it starts real processes and runs for minutes. Exit status 0 when
# every 200 has its row once, 1 when not, 2 when the run itself failed.
source "$(dirname "$0")/lib.sh"

KILL=0
CONNECTION_TIMEOUT_MS=2000
OUTAGE=60
BEFORE=10
AFTER=15
WARMUP=${BENCH_WARMUP:-20}
while (($#)); do
	case $1 in
	--kill) KILL=1 ;;
	--connection-timeout)
		CONNECTION_TIMEOUT_MS=${2:?--connection-timeout needs milliseconds}
		shift
		;;
	[0-9]*) OUTAGE=$1 ;;
	*) bench_fail "usage: $0 [--kill] [--connection-timeout MS] [SECONDS]" ;;
	esac
	shift
done
[[ $OUTAGE =~ ^[0-9]+$ && $OUTAGE -ge 2 ]] || bench_fail "the outage lasts at least 2 seconds"
[[ $CONNECTION_TIMEOUT_MS =~ ^[0-9]+$ ]] || bench_fail "--connection-timeout takes milliseconds"
bench_require java wrk socat curl jq psql shuf
bench_init
MARKER="bench-outage-$(date +%s)-$$"

# A port nothing listens on.
free_port() {
	local port
	for port in $(shuf -i 20000-40000 -n 50); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return
		fi
	done
	bench_fail "found no free port"
}

# Starts the proxy in a process group of its own (socat forks a child per connection), so that
# killing the group cuts every connection at once.
# Started from a subshell, so it is not a job of this shell (no "Killed" notice when it is cut).
start_proxy() {
	(
		setsid socat "TCP-LISTEN:$PROXY_PORT,bind=127.0.0.1,reuseaddr,fork" "TCP:$PGHOST:$PGPORT" &
		echo $! >"$WORK/proxy.pid"
	)
	PROXY_PID=$(cat "$WORK/proxy.pid")
	BENCH_GROUPS+=("$PROXY_PID")
	local deadline=$((SECONDS + 10))
	until (exec 3<>"/dev/tcp/127.0.0.1/$PROXY_PORT") 2>/dev/null; do
		((SECONDS < deadline)) || bench_fail "the proxy did not start"
		sleep 0.1
	done
	[[ $(ps -o pgid= -p "$PROXY_PID" | tr -d ' ') == "$PROXY_PID" ]] \
		|| bench_fail "the proxy is not in a process group of its own"
}

cut_proxy() {
	kill -KILL -- "-$PROXY_PID"
	bench_wait_exit "$PROXY_PID" 10 || bench_fail "the proxy did not stop"
	BENCH_GROUPS=()
}

# The audit writer's details from the public health endpoint, without a token and without SQL:
# "<queueDepth> <spooled> <unreachableFor>", or nothing when it does not answer.
writer_health() {
	curl -s --max-time 2 -A bench-poller "$APP_URL/actuator/health" | jq -r '.components.bearer.details
		| select(.queueDepth != null) | "\(.queueDepth) \(.spooled) \(.unreachableFor)"' 2>/dev/null || true
}

# Polls the writer's health twice a second: "<epoch> <queueDepth> <spooled> <unreachableFor>"
# lines in $WORK/polls.
start_poller() {
	(
		local sample
		while :; do
			sample=$(writer_health)
			if [[ -n $sample ]]; then
				echo "$(date +%s) $sample" >>"$WORK/polls"
			fi
			sleep 0.5
		done
	) &
	POLLER_PID=$!
	bench_track "$POLLER_PID"
}

stop_poller() {
	kill -TERM "$POLLER_PID" 2>/dev/null || true
	wait "$POLLER_PID" 2>/dev/null || true
}

# The audit rows with the marker, read from PostgreSQL directly (not through the proxy):
# "<authenticated> <all events> <distinct row_key>".
count_rows() {
	bench_psql "$BENCH_DATABASE" "select count(*) filter (where event = 'authenticated'), count(*),
		count(distinct row_key) from bearer_token_audit_logs where user_agent = '$MARKER'" | tr '|' ' '
}

# The writer's state from /actuator/bearer: "<queueDepth> <spooled> <written> <dropped> <failed>
# <queueCapacity>", or nothing while it cannot answer.
writer_status() {
	bench_get /actuator/bearer 10 | jq -r '.audit.writer
		| "\(.queueDepth) \(.spooled) \(.written) \(.dropped) \(.failed) \(.queueCapacity)"' 2>/dev/null || true
}

# Waits until the queue and the spool are empty and the row count has stopped changing; sets
# DRAINED_AT and the WRITER_* figures.
wait_drained() {
	local deadline=$((SECONDS + 600)) previous=-1 rows status
	while :; do
		status=$(writer_status)
		read -r _ rows _ < <(count_rows)
		if [[ -n $status ]]; then
			read -r WRITER_QUEUE WRITER_SPOOLED _ WRITER_DROPPED WRITER_FAILED QUEUE_CAPACITY <<<"$status"
			if [[ $WRITER_QUEUE == 0 && $WRITER_SPOOLED == 0 && $rows == "$previous" ]]; then
				DRAINED_AT=$(bench_now)
				return
			fi
		fi
		((SECONDS < deadline)) || bench_fail "the writer did not drain within 600 s (last status: ${status:-none})"
		previous=$rows
		sleep 2
	done
}

# Waits until the queue and the spool are empty (after the warm-up).
wait_idle() {
	local deadline=$((SECONDS + 300)) line
	until [[ ${line:-} == "0 0" ]]; do
		((SECONDS < deadline)) || bench_fail "the writer did not catch up within 300 s (last: ${line:-none})"
		sleep 1
		line=$(writer_health | cut -d ' ' -f 1,2)
	done
}

# After the load: waits until the queue is empty, the writer knows the database is away and the
# spool has stopped growing, so every accepted row is on disk; sets SPOOLED_AT_KILL.
wait_spooled() {
	local deadline=$((SECONDS + 120)) previous=-1 line queue spooled unreachable
	while :; do
		line=$(writer_health)
		read -r queue spooled unreachable <<<"${line:-x x x}"
		if [[ $queue == 0 && $unreachable != PT0S && $unreachable != x && $spooled == "$previous" ]]; then
			SPOOLED_AT_KILL=$spooled
			return
		fi
		((SECONDS < deadline)) || bench_fail "the rows did not settle in the spool within 120 s (last: ${line:-none})"
		previous=$spooled
		sleep 1
	done
}

PROXY_PORT=$(free_port)
bench_create_database
APP_ARGS=(--spring.datasource.url="jdbc:postgresql://127.0.0.1:$PROXY_PORT/$BENCH_DATABASE?reWriteBatchedInserts=true"
	--spring.datasource.username="$PGUSER" --spring.datasource.password="${PGPASSWORD:-}"
	--spring.datasource.hikari.connection-timeout="$CONNECTION_TIMEOUT_MS"
	--bearer.audit.spool.directory="$WORK/spool"
	--management.endpoint.health.show-details=always --management.health.db.enabled=false)
start_proxy
bench_log "starting the sample on PostgreSQL (database $BENCH_DATABASE) through a proxy on port $PROXY_PORT"
bench_start_app "$WORK/app.log" "${APP_ARGS[@]}"
bench_wait_ready "$WORK/app.log"
bench_get /api/orders >/dev/null # the demo token is in the lookup cache from here on
start_poller
bench_log "warm-up: $WARMUP s of the same load (marker $MARKER-warmup, not counted), so the JIT has compiled the hot paths"
bench_start_load "$MARKER-warmup" "$((WARMUP + 5))" "$WARMUP" warmup
wait "$WRK_PID" || true
wait_idle

if ((KILL)); then
	LOAD_SECONDS=$((BEFORE + OUTAGE / 2))
else
	LOAD_SECONDS=$((BEFORE + OUTAGE + AFTER))
fi
bench_log "load: wrk, 8 connections, marker $MARKER, $LOAD_SECONDS s; outage of $OUTAGE s after $BEFORE s"
LOAD_START=$(date +%s)
bench_start_load "$MARKER" $((LOAD_SECONDS + 5)) "$LOAD_SECONDS"
sleep "$BEFORE"
CUT_AT=$(bench_now)
cut_proxy
bench_log "proxy killed: the database is unreachable for the application"

if ((KILL)); then
	wait "$WRK_PID" || true
	bench_log "load stopped; waiting until every row is written or spooled"
	wait_spooled
	stop_poller
	ROWS_AT_KILL=$(count_rows | cut -d ' ' -f 2)
	kill -KILL "$APP_PID"
	wait "$APP_PID" 2>/dev/null || true
	SPOOL_BYTES=$(find "$WORK/spool" -name '*.jsonl' -exec cat {} + | wc -c)
	bench_log "application killed with SIGKILL ($SPOOLED_AT_KILL rows in its spool, $ROWS_AT_KILL with the marker in the table)"
	OUTAGE_END=$((${CUT_AT%.*} + OUTAGE))
	if (($(date +%s) < OUTAGE_END)); then
		sleep $((OUTAGE_END - $(date +%s)))
	fi
	start_proxy
	RESTORED_AT=$(bench_now)
	bench_log "proxy restored; starting the application again on the same spool directory"
	bench_start_app "$WORK/app-restarted.log" "${APP_ARGS[@]}"
	bench_wait_ready "$WORK/app-restarted.log"
else
	sleep "$OUTAGE"
	start_proxy
	RESTORED_AT=$(bench_now)
	bench_log "proxy restored"
	wait "$WRK_PID" || true
	stop_poller
fi
LOAD_END=$((LOAD_START + LOAD_SECONDS))
wait_drained
read -r OK OTHER < <(bench_load_counts)
[[ -n ${OK:-} ]] || bench_fail "wrk printed no counts: $(cat "$WORK/wrk.out")"
STATUSES=$(sed -n 's/^statuses //p' "$WORK/wrk.out")
read -r AUTHENTICATED ROWS DISTINCT < <(count_rows)
CUT_SECOND=${CUT_AT%.*}
RESTORED_SECOND=${RESTORED_AT%.*}
read -r RATE_BEFORE _ < <(bench_rate $((LOAD_START + 2)) "$CUT_SECOND")
if ((KILL)); then
	read -r RATE_DURING OTHER_DURING < <(bench_rate $((CUT_SECOND + 1)) $((LOAD_END - 1)))
else
	read -r RATE_DURING OTHER_DURING < <(bench_rate $((CUT_SECOND + 1)) "$RESTORED_SECOND")
	read -r RATE_AFTER _ < <(bench_rate $((RESTORED_SECOND + 1)) $((LOAD_END - 1)))
fi
MAX_SPOOLED=$(awk 'BEGIN { max = 0 } $3 > max { max = $3 } END { print max }' "$WORK/polls")
LATENCY=$(awk '$1 == "Latency" { print $2 " average, " $4 " max" }' "$WORK/wrk.out")
DROPPED_LINES=$(bench_dropped_lines "$WORK/app.log")
if ((KILL)); then
	DROPPED_LINES=$((DROPPED_LINES + $(bench_dropped_lines "$WORK/app-restarted.log")))
fi

echo
if ((KILL)); then
	echo "outage.sh --kill: PostgreSQL through a socat proxy, outage of $OUTAGE s, SIGKILL during it, restart on the same spool"
else
	echo "outage.sh: PostgreSQL through a socat proxy, outage of $OUTAGE s under load"
fi
if [[ $CONNECTION_TIMEOUT_MS == 2000 ]]; then
	echo "Hikari connection-timeout 2000 ms: a few seconds, as the docs recommend (Hikari's default is 30000)"
else
	echo "Hikari connection-timeout $CONNECTION_TIMEOUT_MS ms"
fi
echo
bench_row "answers 200" "$OK"
bench_row "other answers" "$OTHER${STATUSES:+ ($STATUSES)}"
bench_row "audit rows with the marker (authenticated)" "$AUTHENTICATED"
bench_row "audit rows with the marker (all events)" "$ROWS"
bench_row "distinct row_key among them" "$DISTINCT"
bench_row "200s without a row (lost)" "$((OK - AUTHENTICATED))"
bench_row "rows written twice (rows - distinct)" "$((ROWS - DISTINCT))"
bench_row "latency (wrk)" "$LATENCY"
bench_row "200s per second before the outage" "$RATE_BEFORE"
bench_row "200s per second during the outage (other answers/s)" "$RATE_DURING ($OTHER_DURING)"
if ((!KILL)); then
	bench_row "200s per second after the outage" "$RATE_AFTER"
fi
bench_row "most rows seen in the spool" "$MAX_SPOOLED"
if ((KILL)); then
	bench_row "rows in the spool when killed / marker rows in the table then" "$SPOOLED_AT_KILL / $ROWS_AT_KILL"
	bench_row "spool on disk when killed" \
		"$(awk -v b="$SPOOL_BYTES" -v r="$SPOOLED_AT_KILL" 'BEGIN { printf "%d bytes, %.0f per row", b, (r > 0) ? b / r : 0 }')"
	bench_row "replayed at the restart ('Found N audit rows spooled')" \
		"$(grep -o 'Found [0-9]* audit rows spooled' "$WORK/app-restarted.log" | grep -o '[0-9]*' || echo 0)"
	bench_row "restart to drained (startup included)" "$(bench_elapsed "$RESTORED_AT" "$DRAINED_AT") s"
else
	bench_row "proxy restored to drained" "$(bench_elapsed "$RESTORED_AT" "$DRAINED_AT") s"
fi
bench_row "queue capacity in seconds at the rate before the outage" \
	"$(awk -v c="$QUEUE_CAPACITY" -v r="$RATE_BEFORE" 'BEGIN { printf "%d rows / %d per s = %.1f s", c, r, c / r }')"
bench_row "bearer.audit.dropped / failed (last run)" "$WRITER_DROPPED / $WRITER_FAILED"
bench_row "'Dropped audit row' log lines" "$DROPPED_LINES"
echo
if [[ $AUTHENTICATED == "$OK" && $ROWS == "$OK" && $DISTINCT == "$ROWS" && $DROPPED_LINES == 0 ]]; then
	echo "PASS: every 200 has its row, each once"
else
	echo "FAIL: $OK answers 200, $ROWS rows ($DISTINCT distinct)"
	grep -hE 'WARN|ERROR' "$WORK"/app*.log | grep -v 'o.f.c.internal.database' | tail -n 20 || true
	exit 1
fi
