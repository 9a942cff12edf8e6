#!/usr/bin/env bash
# Two sample processes, one PostgreSQL database and one Redis: is a rate limit shared, and how soon
# does a revocation on one node reach the other?
#
#   bench/two-nodes.sh [REVOCATIONS [APPLICATION ARGUMENTS...]]     (default: 20)
#
# Application arguments go to both nodes after the script's own, e.g.
# --bearer.rate-limit.backend=local (each node counts on its own) or --bearer.cache.invalidation=poll.
#
# Starts the packaged sample application twice (package it first:
# ./mvnw -q -pl bearer-sample-app -am package -DskipTests) with the profiles postgres and cluster,
# on a PostgreSQL database of its own ($PGHOST:$PGPORT as $PGUSER, default 127.0.0.1:5432 postgres;
# dropped at the end) and Redis at $REDIS_URL (default redis://127.0.0.1:6379, under a key prefix
# of this run). Then, with node A's demo admin token:
#
#   1. shared limit: after 200 requests on each node to warm them up, issues a token limited to 10
#      requests a minute and sends 30 requests, alternating between the nodes: exactly 10 must be
#      answered 200, the rest 429 (plus one more 200 per 6 s the 30 requests took, since the
#      bucket refills greedily);
#   2. revocation delay: REVOCATIONS times, issues a token, uses it on both nodes (so both have it
#      in their lookup caches), revokes it on node A and asks node B until it refuses it (401); the
#      delay is from the return of the revocation to node B's first refusal, measured with curl
#      (each probe costs a few milliseconds, so that is the resolution).
#
# Needs java, curl, jq, psql and redis-cli. Takes about a minute. Not run by CI: it starts real
# processes. Exit status 0 when the limit was shared exactly and every revocation reached node B
# within a second, 1 when not, 2 when the run itself failed.
source "$(dirname "$0")/lib.sh"

REVOCATIONS=${1:-20}
[[ $REVOCATIONS =~ ^[0-9]+$ ]] && ((REVOCATIONS > 0)) || bench_fail "usage: $0 [REVOCATIONS [APPLICATION ARGUMENTS...]]"
shift $(($# > 0 ? 1 : 0))
APPLICATION_ARGUMENTS=("$@")
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
LIMIT=10

bench_require java curl jq psql redis-cli
bench_jar >/dev/null
redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1 || bench_fail "no Redis at $REDIS_URL"
bench_init
bench_create_database
KEY_PREFIX="bearer-two-nodes-$$:"

# Starts node $1 and waits for it; sets NODE_URL.
start_node() {
	local name=$1
	bench_start_app "$WORK/$name.log" --spring.profiles.active=postgres,cluster \
		--spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DATABASE" \
		--spring.datasource.username="$PGUSER" \
		--bearer.rate-limit.redis.url="$REDIS_URL" --bearer.rate-limit.redis.key-prefix="$KEY_PREFIX" \
		--bearer.audit.spool.directory="$WORK/spool-$name" "${APPLICATION_ARGUMENTS[@]}"
	bench_wait_ready "$WORK/$name.log"
	NODE_URL=$APP_URL
}

bench_log "starting node A"
start_node a
A=$NODE_URL
ADMIN_HEADER="$WORK/admin.header"
cp "$WORK/auth.header" "$ADMIN_HEADER"
bench_log "starting node B"
start_node b
B=$NODE_URL
bench_log "node A on $A, node B on $B"

# Issues a token with JSON body $1 through node A; prints "<id> <plaintext>".
issue() {
	curl -s -f --max-time 30 -H "@$ADMIN_HEADER" -H 'Content-Type: application/json' -d "$1" \
		"$A/api/admin/tokens" | jq -r '"\(.token.id) \(.plaintext)"'
}

# The HTTP status of GET /api/orders on node URL $1 with token $2 (the token travels in a header
# file, never on a command line).
status() {
	local header="$WORK/probe.header"
	(
		umask 077
		printf 'Authorization: Bearer %s\n' "$2" >"$header"
	)
	curl -s -o /dev/null -w '%{http_code}' --max-time 30 -H "@$header" "$1/api/orders"
}

failed=0

bench_log "warming up both nodes (200 requests each with the demo admin token)"
for url in "$A" "$B"; do
	for _ in $(seq 1 200); do
		curl -s -o /dev/null --max-time 30 -H "@$ADMIN_HEADER" "$url/api/orders"
	done
done

read -r _ limited < <(issue "{\"ownerType\":\"user\",\"ownerId\":\"two-nodes\",\"name\":\"limited\",\"abilities\":[\"orders:read\"],\"rateLimitPerMinute\":$LIMIT}")
declare -A answers=()
started=$(bench_now)
for i in $(seq 1 $((3 * LIMIT))); do
	if ((i % 2)); then node=A url=$A; else node=B url=$B; fi
	code=$(status "$url" "$limited")
	answers["$node $code"]=$((${answers["$node $code"]:-0} + 1))
done
took=$(bench_elapsed "$started" "$(bench_now)")
admitted=$((${answers["A 200"]:-0} + ${answers["B 200"]:-0}))
refused=$((${answers["A 429"]:-0} + ${answers["B 429"]:-0}))
# the bucket refills greedily, one request every 60/LIMIT seconds: a slow run may earn more
refilled=$(awk -v t="$took" -v l="$LIMIT" 'BEGIN { printf "%d", t * l / 60 }')
((admitted >= LIMIT && admitted <= LIMIT + refilled && admitted + refused == 3 * LIMIT)) || failed=1

delays=()
for _ in $(seq 1 "$REVOCATIONS"); do
	read -r id plaintext < <(issue '{"ownerType":"user","ownerId":"two-nodes","name":"revoked","abilities":["orders:read"]}')
	[[ $(status "$B" "$plaintext") == 200 && $(status "$A" "$plaintext") == 200 ]] \
		|| bench_fail "a new token was not accepted by both nodes"
	curl -s -f -o /dev/null --max-time 30 -X DELETE -H "@$ADMIN_HEADER" "$A/api/admin/tokens/$id?reason=two-nodes"
	revoked=$(date +%s%N)
	until [[ $(status "$B" "$plaintext") == 401 ]]; do
		(($(date +%s%N) - revoked < 5000000000)) || break
	done
	delays+=($((($(date +%s%N) - revoked) / 1000000)))
done
read -r median p90 max < <(printf '%s\n' "${delays[@]}" | sort -n | awk '
	{ d[NR] = $1 }
	END { printf "%d %d %d\n", d[int((NR + 1) / 2)], d[int(NR * 0.9 + 0.999)], d[NR] }')
((max < 1000)) || failed=1

echo
echo "Two sample nodes (postgres,cluster profiles), PostgreSQL $(bench_psql postgres 'show server_version'), Redis $(redis-cli -u "$REDIS_URL" info server | sed -n 's/^redis_version:\([0-9.]*\).*/\1/p'), $(nproc) cores"
echo
bench_row "what" "result"
bench_row "---" "---"
bench_row "token limited to $LIMIT a minute, $((3 * LIMIT)) requests alternating A/B in $took s" "$admitted admitted (A ${answers["A 200"]:-0}, B ${answers["B 200"]:-0}), $refused refused with 429"
others=$(for key in "${!answers[@]}"; do [[ $key == *" 200" || $key == *" 429" ]] || printf '%s: %s ' "$key" "${answers[$key]}"; done)
bench_row "other answers" "${others:-none}"
bench_row "revoked on A, refused on B after ($REVOCATIONS revocations)" "median $median ms, 90th percentile $p90 ms, max $max ms"
exit "$failed"
