#!/usr/bin/env bash
# The load benchmark: the same endpoint of one application, one variant at a time.
#
#   bench/load.sh [--quick] [--rounds N] [--warmup S] [--measure S] [--connections N] [VARIANT ...]
#   bench/load.sh --jfr VARIANT     one profiled run of VARIANT (see "Profiling" below)
#   bench/load.sh --paired [--rounds N] [--warmup S] [--measure S] VARIANT ...
#                                   every VARIANT's JVM started once and kept (see "Paired" below)
#
# Package first (the benchmark application is in the sample's jar only with the loadbench profile):
#   ./mvnw -B -q -Ploadbench -pl bearer-core,bearer-spring-boot-starter,bearer-sample-app package -DskipTests
#
# Variants (default: all, in this order; each round starts one further along the list):
#   no-security    no Spring Security at all
#   permit-all     Spring Security, one stateless chain, anyRequest().permitAll()
#   static-key     the same chain with anyRequest().authenticated() and a filter comparing one
#                  fixed key and setting one fixed authentication (src/bench/java/.../StaticKeyFilter.java):
#                  what authenticating a request costs Spring Security, whoever authenticates
#   static-key-with-bearer
#                  static-key in a process that also holds Bearer's auto-configuration (its token
#                  service, caches, audit writer, schedulers and meters), which the chain never calls:
#                  what Bearer's presence costs requests that do not go through it
#   bearer-no-log  Bearer, bearer.audit.log-usage=false, anyRequest().authenticated()
#   bearer-audit   Bearer with a usage row per request, on PostgreSQL
#   sanctum        a Sanctum-style filter: SELECT the token, INSERT a usage row, UPDATE
#                  last_used_at, on the request thread (src/bench/java/.../SanctumStyleFilter.java)
#   ability        bearer-no-log on an endpoint with @RequiresAbility("bench:read")
#   preauthorize   bearer-no-log on an endpoint with @PreAuthorize("hasAuthority('bench:read')")
# All but ability and preauthorize answer GET /bench/hello, the same small JSON.
#
# Every run of a variant is a fresh JVM with the same flags (JAVA_OPTS below), on a PostgreSQL
# database of this benchmark's own (dropped at the end), with an audit spool directory of its own
# (rows one run left spooled at shutdown would otherwise be written during the next one). It is warmed up with the same load as it
# is measured with, then measured: wrk -t2 -c<connections> (default 32) on the same 2 cores as the
# application and PostgreSQL. Rounds are interleaved (round 1 runs every variant, then round 2 ...);
# the table shows the median of the rounds for each number, and every ratio against permit-all and
# against sanctum is the median of that ratio within each round (a round's variants run back to back,
# so a machine whose load changes between rounds moves both sides of a ratio alike).
#
# Measured per run, over the measured window only:
#   req/s, p50, p99          wrk (its latency percentiles, from its own histogram)
#   app CPU per request      utime+stime of the application's process, /proc/PID/stat
#   PG CPU per request       utime+stime of the PostgreSQL backends connected to the benchmark's
#                            database (pg_stat_activity), /proc/PID/stat; background processes (WAL
#                            writer, checkpointer) are shared with everything else and not counted
#   xacts per request        pg_stat_database xact_commit + xact_rollback of the benchmark's database:
#                            every auto-committed statement is one transaction, a batch of audit rows
#                            one (PostgreSQL 15 flushes a backend's counters about once a second, so
#                            each edge of the window moves by up to a second, in opposite directions)
#   rows per request         pg_stat_database tup_inserted + tup_updated + tup_deleted
#   batch                    mean rows per audit batch (Actuator metric bearer.audit.batch.size)
#   queue max                largest bearer.audit.queue.depth seen, polled every second
#   spool max                largest bearer.audit.spool.rows seen, polled every second: rows the
#                            writer moved to disk because the queue passed half its capacity (0
#                            when the writer kept up)
#   C2 during run            C2 (tier 4) compilations during the measured window, from
#                            -XX:+PrintCompilation; "warm-up tail" the same for the last 10 s of the
#                            warm-up: both near 0 means the JIT had settled
#
# Durations: --quick is 3 rounds of 20 s warm-up + 10 s measured, the default 3 rounds of 60 s +
# 30 s: 27 runs of that plus a JVM start and stop each (about 18 and 45 minutes with 10 s starts;
# 45 minutes for --quick on a machine shared with other builds).
#
# Paired: --paired starts every variant named once and keeps them running side by side (each on
# its own port; only the one measured is loaded). Each is warmed up in turns of at most 60 s until
# it had --warmup seconds of load, then each round measures every variant once, one after the
# other, 3 s apart. Two variants' windows of one round are then seconds apart rather than minutes,
# so a neighbour on the machine whose load comes and goes moves both sides of a ratio alike: use it
# with many short rounds (--rounds 8 --measure 20) to compare variants closely. The JIT of a
# variant keeps what it compiled from round to round, as in production.
#
# Profiling: --jfr VARIANT runs VARIANT once (default warm-up and measurement, or the ones given),
# records JFR (JFR's profile settings, but every contended monitor entry) from the start of the
# warm-up and keeps the measured window (a recording started later profiles the JIT recompiling
# the code it had thrown away), and prints the contended monitors
# (jdk.JavaMonitorEnter by monitor class and top frame) and the hottest frames of the execution
# samples; the recording is kept.
#
# Needs java, jcmd, jfr, wrk, curl, jq, psql and python3. Not run by CI. BENCH_KEEP=1 keeps the
# temporary directory (logs, wrk outputs, per-run numbers in runs.tsv) and the database.
# BENCH_APP_ARGS adds arguments to every variant's command line, for an experiment such as
# BENCH_APP_ARGS=--bearer.audit.queue-capacity=100000 (say so next to its numbers).
source "$(dirname "$0")/lib.sh"

ALL_VARIANTS=(no-security permit-all static-key static-key-with-bearer bearer-no-log bearer-audit sanctum ability preauthorize)
ROUNDS=3
WARMUP=60
MEASURE=30
CONNECTIONS=32
JFR_VARIANT=
PAIRED=
VARIANTS=()
declare -A VARIANT_PID VARIANT_URL VARIANT_TOKEN VARIANT_PATH VARIANT_LOG
while (($#)); do
	case $1 in
	--quick) WARMUP=20 MEASURE=10 ;;
	--rounds) ROUNDS=$2 && shift ;;
	--warmup) WARMUP=$2 && shift ;;
	--measure) MEASURE=$2 && shift ;;
	--connections) CONNECTIONS=$2 && shift ;;
	--jfr) JFR_VARIANT=$2 && shift ;;
	--paired) PAIRED=1 ;;
	-*) bench_fail "unknown option $1 (see the comment at the top of $0)" ;;
	*) VARIANTS+=("$1") ;;
	esac
	shift
done
((${#VARIANTS[@]})) || VARIANTS=("${ALL_VARIANTS[@]}")
if [[ -n $JFR_VARIANT ]]; then
	VARIANTS=("$JFR_VARIANT")
	ROUNDS=1
fi
for variant in "${VARIANTS[@]}"; do
	[[ " ${ALL_VARIANTS[*]} " == *" $variant "* ]] || bench_fail "unknown variant $variant"
done
[[ -z $PAIRED || -z $JFR_VARIANT ]] || bench_fail "--paired and --jfr do not go together"
((WARMUP > 10)) || bench_fail "--warmup must be more than 10 s (its last 10 s are checked for C2 activity)"

bench_require java jcmd jfr wrk curl jq psql python3 unzip
JAR=$(bench_jar)
unzip -l "$JAR" 'BOOT-INF/classes/dev/bearer/bench/LoadBenchApplication.class' >/dev/null 2>&1 \
	|| bench_fail "$JAR has no benchmark application; package with -Ploadbench (see the top of $0)"
bench_init
bench_create_database
JAVA_OPTS=(-Xms1g -Xmx1g -XX:+UseG1GC -XX:+PrintCompilation)
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DATABASE?reWriteBatchedInserts=true"
RUNS="$WORK/runs.tsv"
printf 'round\tvariant\trps\tp50_us\tp99_us\tapp_us\tpg_us\txacts\trows\tbatch\tqueue\tspool\tc2_run\tc2_tail\tnon2xx\n' >"$RUNS"

# Boot's generated in-memory user: excluded in every variant with Spring Security (static-key-with-bearer
# replaces loadbench.yml's list of exclusions with this one, letting Bearer's auto-configuration in).
USER_DETAILS_AUTO_CONFIGURATION=org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration

# Profile, extra arguments and path of a variant.
variant_args() {
	case $1 in
	no-security) echo "no-security /bench/hello" ;;
	permit-all) echo "permit-all /bench/hello" ;;
	static-key) echo "static-key /bench/hello" ;;
	static-key-with-bearer) echo "static-key /bench/hello --spring.autoconfigure.exclude=$USER_DETAILS_AUTO_CONFIGURATION --bearer.audit.log-usage=false" ;;
	bearer-no-log) echo "bearer /bench/hello --bearer.audit.log-usage=false" ;;
	bearer-audit) echo "bearer /bench/hello --bearer.audit.log-usage=true" ;;
	sanctum) echo "sanctum /bench/hello" ;;
	ability) echo "bearer /bench/ability --bearer.audit.log-usage=false" ;;
	preauthorize) echo "bearer /bench/preauthorize --bearer.audit.log-usage=false" ;;
	esac
}

# utime + stime of process $1 in clock ticks (0 when it is gone).
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

pg_backends() {
	bench_psql postgres "select pid from pg_stat_activity where datname = '$BENCH_DATABASE' and backend_type = 'client backend'"
}

# CPU ticks of the backends in PG_PIDS: pg_ticks_start notes each one's, pg_ticks_since_start sums
# what each one still running took since (a backend that ended meanwhile, as a pool replaces its
# connections, counts 0 rather than minus what it had).
declare -A PG_START_TICKS
pg_ticks_start() {
	local pid
	for pid in $PG_PIDS; do
		PG_START_TICKS[$pid]=$(cpu_ticks "$pid")
	done
}

pg_ticks_since_start() {
	local total=0 pid ticks
	for pid in $PG_PIDS; do
		ticks=$(cpu_ticks "$pid")
		if ((ticks >= ${PG_START_TICKS[$pid]:-0})); then
			total=$((total + ticks - ${PG_START_TICKS[$pid]:-0}))
		fi
	done
	echo "$total"
}

pg_counters() {
	bench_psql postgres "select xact_commit + xact_rollback, tup_inserted + tup_updated + tup_deleted
		from pg_stat_database where datname = '$BENCH_DATABASE'" | tr '|' ' '
}

# C2 compilations the application's log shows so far.
c2_count() {
	grep -E '^ *[0-9]+ +[0-9]+ +[%sbn!]* +4 +[^ ]+::' "$1" | grep -vEc 'made (not entrant|zombie)' || true
}

# "<count> <total>" of the audit batch-size summary (0 0 when the variant has no writer).
batch_stats() {
	local json
	json=$(curl -s --max-time 5 "$APP_URL/actuator/metrics/bearer.audit.batch.size" || true)
	jq -rn --argjson m "${json:-null}" '($m.measurements? // []) as $s
		| "\([$s[] | select(.statistic == "COUNT") | .value][0] // 0) \([$s[] | select(.statistic == "TOTAL") | .value][0] // 0)"' \
		2>/dev/null || echo "0 0"
}

# The value of the gauge $1 (nothing when the variant has no such gauge).
gauge() {
	curl -s --max-time 2 "$APP_URL/actuator/metrics/$1" | jq -r '.measurements[0].value // empty' 2>/dev/null || true
}

start_variant() {
	local profile=$1 log=$2
	shift 2
	rm -f "$WORK/token"
	local port
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	# shellcheck disable=SC2086 # BENCH_APP_ARGS is split into arguments on purpose
	java "${JAVA_OPTS[@]}" -Dloader.main=dev.bearer.bench.LoadBenchApplication -cp "$JAR" \
		org.springframework.boot.loader.launch.PropertiesLauncher --server.port="$port" \
		--spring.profiles.active="$profile" --spring.datasource.url="$JDBC_URL" \
		--spring.datasource.username="$PGUSER" --spring.datasource.password="${PGPASSWORD:-}" \
		--bench.token-file="$WORK/token" --bearer.audit.spool.directory="$WORK/spool-$RUN_NAME" "$@" ${BENCH_APP_ARGS:-} \
		>"$log" 2>&1 &
	APP_PID=$!
	bench_track "$APP_PID"
	local deadline=$((SECONDS + 240))
	until grep -qs 'Started LoadBenchApplication' "$log"; do
		kill -0 "$APP_PID" 2>/dev/null || {
			grep -v '::' "$log" | tail -n 30 >&2
			bench_fail "the $profile application stopped during startup (log above)"
		}
		((SECONDS < deadline)) || bench_fail "the $profile application did not start within 240 s"
		sleep 0.5
	done
	APP_URL="http://127.0.0.1:$port"
	until [[ $(curl -s -o /dev/null -w '%{http_code}' "$APP_URL/actuator/health") == 200 ]]; do
		((SECONDS < deadline)) || bench_fail "the $profile application never became healthy"
		sleep 0.5
	done
	if [[ $profile == bearer || $profile == static-key || $profile == sanctum ]]; then
		until [[ -s $WORK/token ]]; do
			((SECONDS < deadline)) || bench_fail "the $profile application wrote no token"
			sleep 0.2
		done
		BENCH_TOKEN=$(cat "$WORK/token")
	else
		BENCH_TOKEN=
	fi
	export BENCH_TOKEN
}

stop_variant() {
	kill -TERM "$APP_PID" 2>/dev/null || true
	bench_wait_exit "$APP_PID" 60 || kill -KILL "$APP_PID" 2>/dev/null || true
	wait "$APP_PID" 2>/dev/null || true
}

# wrk for $1 seconds against $2; its output in $3.
run_wrk() {
	wrk -t 2 -c "$CONNECTIONS" -d "$1s" --timeout 10s -s "$BENCH_DIR/load.lua" "$APP_URL$2" >"$3" 2>&1
}

# Starts variant $2 for round $1 and records its state (see use_variant).
launch_variant() {
	local round=$1 variant=$2 profile path extra
	read -r profile path extra < <(variant_args "$variant")
	RUN_NAME="$variant-$round"
	# shellcheck disable=SC2086
	start_variant "$profile" "$WORK/$variant-$round.log" $extra
	VARIANT_PID[$variant]=$APP_PID
	VARIANT_URL[$variant]=$APP_URL
	VARIANT_TOKEN[$variant]=$BENCH_TOKEN
	VARIANT_PATH[$variant]=$path
	VARIANT_LOG[$variant]="$WORK/$variant-$round.log"
}

# Makes variant $1 (started by launch_variant) the one the next measurement loads.
use_variant() {
	APP_PID=${VARIANT_PID[$1]}
	APP_URL=${VARIANT_URL[$1]}
	BENCH_TOKEN=${VARIANT_TOKEN[$1]}
	export BENCH_TOKEN
}

# Loads the current variant ($2, round $1) for MEASURE seconds, measures, and appends its line to
# runs.tsv; $3 is the C2 count before the warm-up's last 10 s (empty when not known).
measure_variant() {
	local round=$1 variant=$2 c2_tail_start=$3 path=${VARIANT_PATH[$2]} log=${VARIANT_LOG[$2]}
	local c2_start c2_end
	c2_start=$(c2_count "$log")
	[[ -n $c2_tail_start ]] || c2_tail_start=$c2_start
	PG_PIDS=$(pg_backends)
	local app0 xact0 rows0 batches0 batched0 app1 pg_used xact1 rows1 batches1 batched1
	read -r batches0 batched0 < <(batch_stats)
	read -r xact0 rows0 < <(pg_counters)
	app0=$(cpu_ticks "$APP_PID")
	pg_ticks_start
	(
		while sleep 1; do
			gauge bearer.audit.queue.depth >>"$WORK/$variant-$round.queue"
			gauge bearer.audit.spool.rows >>"$WORK/$variant-$round.spool"
		done
	) 2>/dev/null &
	local poller=$!
	bench_track "$poller"
	run_wrk "$MEASURE" "$path" "$WORK/$variant-$round.wrk"
	app1=$(cpu_ticks "$APP_PID")
	pg_used=$(pg_ticks_since_start)
	if [[ -n $JFR_VARIANT ]]; then
		jcmd "$APP_PID" JFR.dump name=load begin="-${MEASURE}s" filename="$WORK/$variant.jfr" >/dev/null
		jcmd "$APP_PID" JFR.stop name=load >/dev/null
	fi
	kill "$poller" 2>/dev/null || true
	wait "$poller" 2>/dev/null || true
	read -r xact1 rows1 < <(pg_counters)
	read -r batches1 batched1 < <(batch_stats)
	c2_end=$(c2_count "$log")
	local line
	line=$(grep '^result ' "$WORK/$variant-$round.wrk") || bench_fail "wrk printed no result: $(cat "$WORK/$variant-$round.wrk")"
	python3 - "$line" "$round" "$variant" "$app0" "$app1" "$pg_used" "$xact0" "$xact1" "$rows0" "$rows1" \
		"$batches0" "$batches1" "$batched0" "$batched1" "$WORK/$variant-$round.queue" "$WORK/$variant-$round.spool" \
		"$((c2_end - c2_start))" "$((c2_start - c2_tail_start))" "$(getconf CLK_TCK)" >>"$RUNS" <<'PY'
import sys
line, rnd, variant = sys.argv[1:4]
app0, app1, pg_used, x0, x1, r0, r1 = map(float, sys.argv[4:11])
b0, b1, t0, t1 = map(float, sys.argv[11:15])
queue_file, spool_file, c2_run, c2_tail, tck = sys.argv[15], sys.argv[16], sys.argv[17], sys.argv[18], float(sys.argv[19])
f = dict(kv.split("=") for kv in line.split()[1:])
n = int(f["requests"])
rps = n / float(f["seconds"])
us = 1e6 / tck / n
def gauge_max(path):
    try:
        values = [float(v) for v in open(path).read().split() if v not in ("null", "")]
    except FileNotFoundError:
        values = []
    return round(max(values)) if values else ""

batch = (t1 - t0) / (b1 - b0) if b1 > b0 else float("nan")
print("\t".join(str(v) for v in [rnd, variant, round(rps), f["p50_us"], f["p99_us"], round((app1 - app0) * us, 1),
    round(pg_used * us, 1), round((x1 - x0) / n, 4), round((r1 - r0) / n, 4), round(batch, 1),
    gauge_max(queue_file), gauge_max(spool_file), c2_run, c2_tail, f["non2xx"]]))
PY
	tail -n 1 "$RUNS" >&2
}

# The variant run $2-th (from 0) in round $1: each round starts one further along the list.
variant_in_round() {
	echo "${VARIANTS[$((($2 + $1 - 1) % ${#VARIANTS[@]}))]}"
}

# One run of variant $2 in round $1: a fresh JVM, warmed up, measured, stopped.
run_variant() {
	local round=$1 variant=$2
	bench_log "round $round: $variant (warm-up ${WARMUP}s, measured ${MEASURE}s)"
	launch_variant "$round" "$variant"
	if [[ -n $JFR_VARIANT ]]; then
		# From the start of the warm-up: starting a recording makes the JIT throw compiled code away,
		# and a recording started with the measured window profiled mostly the recompilation.
		jcmd "$APP_PID" JFR.start name=load settings="$WORK/profile.jfc" >/dev/null
	fi
	run_wrk $((WARMUP - 10)) "${VARIANT_PATH[$variant]}" "$WORK/$variant-$round.warmup1"
	local c2_tail_start
	c2_tail_start=$(c2_count "${VARIANT_LOG[$variant]}")
	run_wrk 10 "${VARIANT_PATH[$variant]}" "$WORK/$variant-$round.warmup2"
	measure_variant "$round" "$variant" "$c2_tail_start"
	stop_variant
}

# --paired: every variant started once and kept running; each warmed up in turns of at most
# 60 s until it had WARMUP seconds of load, then ROUNDS rounds in which each is measured once,
# the variants one after the other (one further along the list each round), a few seconds apart.
run_paired() {
	local variant done=0 turn
	for variant in "${VARIANTS[@]}"; do
		bench_log "starting $variant"
		launch_variant 0 "$variant"
	done
	while ((done < WARMUP)); do
		turn=$((WARMUP - done < 60 ? WARMUP - done : 60))
		for variant in "${VARIANTS[@]}"; do
			use_variant "$variant"
			run_wrk "$turn" "${VARIANT_PATH[$variant]}" "$WORK/$variant-warmup-$done"
		done
		done=$((done + turn))
	done
	bench_log "warmed up: ${WARMUP}s of load each; measuring ${ROUNDS} rounds of ${MEASURE}s"
	for ((round = 1; round <= ROUNDS; round++)); do
		for ((i = 0; i < ${#VARIANTS[@]}; i++)); do
			variant=$(variant_in_round "$round" "$i")
			use_variant "$variant"
			sleep 3
			measure_variant "$round" "$variant" ""
		done
	done
	for variant in "${VARIANTS[@]}"; do
		use_variant "$variant"
		stop_variant
	done
}

if [[ -n $JFR_VARIANT ]]; then
	# JFR's profile settings, but every contended monitor entry (profile records those over 10 ms only).
	python3 - "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" "$WORK/profile.jfc" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r'(<event name="jdk.JavaMonitorEnter">.*?<setting name="threshold"[^>]*>)[^<]*', r'\g<1>0 ms', text, flags=re.S)
open(sys.argv[2], "w").write(text)
PY
fi
bench_log "database $BENCH_DATABASE; JVM flags: ${JAVA_OPTS[*]}; wrk -t2 -c$CONNECTIONS"
if [[ -n $PAIRED ]]; then
	run_paired
else
	for ((round = 1; round <= ROUNDS; round++)); do
		for ((i = 0; i < ${#VARIANTS[@]}; i++)); do
			run_variant "$round" "$(variant_in_round "$round" "$i")"
		done
	done
fi

if [[ -n $JFR_VARIANT ]]; then
	JFR_FILE="$WORK/$JFR_VARIANT.jfr"
	python3 "$BENCH_DIR/jfr-summary.py" "$JFR_FILE"
	mkdir -p "$SAMPLE_DIR/target/bench"
	cp "$JFR_FILE" "$SAMPLE_DIR/target/bench/"
	echo "recording: $SAMPLE_DIR/target/bench/$JFR_VARIANT.jfr" >&2
fi

echo
echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average at the end $(cut -d' ' -f1-3 /proc/loadavg);" \
	"$(java -version 2>&1 | head -n 1); $(bench_psql postgres 'show server_version'); wrk -t2 -c$CONNECTIONS;" \
	"$ROUNDS rounds of ${WARMUP} s warm-up + ${MEASURE} s measured${PAIRED:+ (--paired: each variant one JVM for every round)}; JVM flags ${JAVA_OPTS[*]}"
echo
python3 "$BENCH_DIR/load-table.py" "$RUNS"
