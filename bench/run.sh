#!/usr/bin/env bash
# im-logic benchmark harness. One command, from a fresh clone:
#
#   bench/run.sh             throughput, latency and delivery of /im/push/mids for 1, 10, 100, 1000 mids per request,
#                            against a raw Vert.x server and redis-benchmark, a 60 s backlog run, and a fixed-rate
#                            latency run at half the maximum load (about 7 minutes)
#   bench/run.sh --profile   the same, with a JFR recording of the service during the 1- and 1000-mid phases
#   bench/run.sh --jmh       JMH microbenchmarks (parsing/validation, grouping by server, JSON vs protobuf)
#   bench/run.sh --cluster   two im-logic nodes behind nginx (one vs two nodes), and a real 3-node Redis Cluster
#                            driven through Redisson's cluster mode with the service's own lookup code
#   bench/run.sh --soak      BENCH_SOAK_SECONDS (600) at the 1-mid maximum with a 512 MiB heap: journal folder size and
#                            heap sampled every second, nothing lost
#   bench/run.sh --quick     a smoke run: short phases (for checking the harness itself; with --soak: 30 s)
#
# Installs what it lacks from Debian (wrk, nginx, redis-tools, redis-server), builds the service, starts a real
# Redis and a real Kafka (unless IM_REDIS_URL / IM_KAFKA_BROKERS are given: the seeding then WRITES mid_*/key_* keys
# into that Redis, so give it a scratch one), runs the service as its own JVM, and stops everything it started.
# Only loopback addresses are used. The service runs with the production JVM options (io.imlogic.dev.ServiceJvm, the
# ones the README's run command uses). Results: the table with the targets' verdicts in bench/results/latest.md and
# its chart in latest.png (--cluster: cluster-latest.*, --soak: soak-latest.*, --jmh: jmh-latest.txt); everything
# else (the monitor's samples, logs, per-phase files) in bench/work/.
#
# Tunables (environment): BENCH_USERS (100000) BENCH_CONNS per mid (2) BENCH_SERVERS comet servers (8)
# BENCH_DURATION s per phase (15) BENCH_BACKLOG_DURATION s of the 1-mid run (60) BENCH_WARMUP s (15)
# BENCH_WRK_THREADS (2) BENCH_WRK_CONNS (32) BENCH_MIDS_LIST ("1 10 100 1000") BENCH_PARTITIONS (4)
# BENCH_TIMESTAMP_TYPE (LogAppendTime | CreateTime) BENCH_SOAK_SECONDS (600)
# BENCH_SERVICE_JAVA_OPTS: JVM options added after the production ones, e.g. "-Xmx2g" (default: none; --soak: -Xmx512m)
# BENCH_SOURCE: what is built and measured: "worktree" (default: a copy of the work tree, uncommitted changes
# included) or a git revision ("HEAD", a commit): a clean snapshot of that commit
# BENCH_SERVICE_ENV: extra settings for the service, e.g. "IM_REDIS_BATCH_SIZE=100" (experiments; in the results)
# BENCH_RESULTS_NAME: file name under bench/results/ ("latest"; --cluster and --soak prefix "cluster-", "soak-");
# a --quick run writes its table and chart into its work dir only, never over the committed results
# BENCH_RAW=false: skip the raw Vert.x and Java lookup ceilings (for quick experiments on the service alone)
set -euo pipefail

BENCH_DIR="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd -P "$BENCH_DIR/.." && pwd)"

MODE=default
PROFILE=false
QUICK=false
for arg in "$@"; do
  case "$arg" in
    --jmh) MODE=jmh ;;
    --cluster) MODE=cluster ;;
    --soak) MODE=soak ;;
    --profile) PROFILE=true ;;
    --quick) QUICK=true ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

USERS=${BENCH_USERS:-100000}
CONNS=${BENCH_CONNS:-2}
SERVERS=${BENCH_SERVERS:-8}
DURATION=${BENCH_DURATION:-15}
BACKLOG_DURATION=${BENCH_BACKLOG_DURATION:-60}
WARMUP=${BENCH_WARMUP:-15}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
WRK_CONNS=${BENCH_WRK_CONNS:-32}
MIDS_LIST=${BENCH_MIDS_LIST:-"1 10 100 1000"}
PARTITIONS=${BENCH_PARTITIONS:-4}
TIMESTAMP_TYPE=${BENCH_TIMESTAMP_TYPE:-LogAppendTime}
SOURCE=${BENCH_SOURCE:-worktree}
SERVICE_ENV=${BENCH_SERVICE_ENV:-}
RESULTS_NAME=${BENCH_RESULTS_NAME:-latest}
SOAK_SECONDS=${BENCH_SOAK_SECONDS:-600}
if [ "$MODE" = soak ]; then JAVA_OVERRIDES=${BENCH_SERVICE_JAVA_OPTS:-"-Xmx512m"}; else JAVA_OVERRIDES=${BENCH_SERVICE_JAVA_OPTS:-}; fi
DRAIN_TIMEOUT=${BENCH_DRAIN_TIMEOUT:-120}
MONITOR_INTERVAL=200
if $QUICK; then
  DURATION=${BENCH_DURATION:-4}; BACKLOG_DURATION=${BENCH_BACKLOG_DURATION:-6}; WARMUP=${BENCH_WARMUP:-4}
  SOAK_SECONDS=${BENCH_SOAK_SECONDS:-30}
fi
if [ $((USERS % 7919)) -eq 0 ]; then echo "BENCH_USERS must not be a multiple of 7919" >&2; exit 2; fi

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$BENCH_DIR/work/$MODE-$STAMP"
mkdir -p "$WORK" "$BENCH_DIR/results"
RESULTS_DIR="$BENCH_DIR/results"
if $QUICK; then RESULTS_DIR="$WORK"; fi
ln -sfn "$MODE-$STAMP" "$BENCH_DIR/work/latest-$MODE"
CLK_TCK="$(getconf CLK_TCK)"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { date +%s%3N; }

# ---- processes we start, stopped in reverse order on exit ---------------------------------------------------------
PIDS=()
cleanup() {
  local code=$?
  trap - EXIT INT TERM
  local i pid
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[$i]}
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[$i]}
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  [ $code -eq 0 ] || log "failed (exit $code); logs in $WORK"
  exit $code
}
trap cleanup EXIT
trap 'exit 130' INT TERM
track() { PIDS+=("$1"); }
stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# ---- tools --------------------------------------------------------------------------------------------------------
APT_UPDATED=false
need() { # need COMMAND DEBIAN_PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ]; then die "$1 is missing: apt-get install $2 (needs root)"; fi
  if ! $APT_UPDATED; then log "apt-get update"; apt-get update -qq >"$WORK/apt.log" 2>&1; APT_UPDATED=true; fi
  log "installing $2"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >>"$WORK/apt.log" 2>&1 || die "apt-get install $2 failed (see $WORK/apt.log)"
}
ensure_tools() {
  need java default-jdk-headless
  need curl curl
  case "$MODE" in
    jmh) ;;
    *) need wrk wrk; need redis-cli redis-tools; need redis-benchmark redis-tools; need redis-server redis-server ;;
  esac
  [ "$MODE" = cluster ] && need nginx nginx
  return 0
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# free ports are drawn below the kernel's ephemeral range, so that no outgoing connection takes one between the
# pick and the bind
EPHEMERAL_LOW=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
free_port() {
  local p low=10000 span
  span=$(( EPHEMERAL_LOW - low ))
  [ "$span" -gt 1000 ] || { low=20000; span=10000; }
  for _ in $(seq 1 200); do
    p=$((low + RANDOM % span))
    if port_free "$p" && ! grep -qx "$p" "$WORK/ports" 2>/dev/null; then echo "$p" >>"$WORK/ports"; echo "$p"; return; fi
  done
  die "no free port"
}

# ---- build --------------------------------------------------------------------------------------------------------
# The service is built and run from a snapshot of the work tree (src, routes, config, pom.xml, mvnw) under the work
# dir: what is measured cannot change under the bench, and the bench never races another build for target/.
snapshot() {
  PROJECT="$WORK/project"
  mkdir -p "$PROJECT"
  local item
  if [ "$SOURCE" = worktree ]; then
    for item in mvnw pom.xml src routes config .mvn; do
      if [ -e "$ROOT/$item" ]; then cp -a "$ROOT/$item" "$PROJECT/"; fi
    done
    (cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo none) >"$WORK/commit.txt"
    (cd "$ROOT" && git status --porcelain -- src routes config pom.xml 2>/dev/null) >"$WORK/uncommitted.txt" || true
  else
    git -C "$ROOT" archive "$SOURCE" mvnw pom.xml src routes config | tar -x -C "$PROJECT" || die "git archive $SOURCE failed"
    git -C "$ROOT" rev-parse --short "$SOURCE" >"$WORK/commit.txt"
    : >"$WORK/uncommitted.txt"
  fi
}
build() {
  snapshot
  log "building the service from a snapshot ($SOURCE) in $PROJECT (mvnw package, skipping tests)"
  "$PROJECT/mvnw" -B -q -DskipTests package >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "build failed"; }
  ("$PROJECT/mvnw" -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/cp-runtime.txt" \
    && "$PROJECT/mvnw" -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp-test.txt") \
    >>"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "classpath resolution failed"; }
  # the bench's own libraries (percentiles, the results' chart), not whatever the service's dependencies bring
  local jar
  for jar in org.hdrhistogram:HdrHistogram:2.2.2 org.jfree:jfreechart:1.5.6; do
    "$PROJECT/mvnw" -B -q dependency:copy -Dartifact="$jar" -DoutputDirectory="$WORK/lib" \
      >>"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log" >&2; die "could not fetch $jar"; }
  done
  SERVICE_CP="$PROJECT/target/classes:$(cat "$WORK/cp-runtime.txt")"
  TOOL_CP="$WORK/classes:$WORK/lib/HdrHistogram-2.2.2.jar:$WORK/lib/jfreechart-1.5.6.jar:$PROJECT/target/classes:$PROJECT/target/test-classes:$(cat "$WORK/cp-test.txt")"
  # the JVM options production runs the service with, from the measured version (older ones did not have the list)
  SERVICE_JAVA_OPTS=$(java -cp "$TOOL_CP" io.imlogic.dev.ServiceJvm $JAVA_OVERRIDES 2>/dev/null) \
    || SERVICE_JAVA_OPTS="-Xmx1g $JAVA_OVERRIDES"
  log "service JVM options: $SERVICE_JAVA_OPTS"
  log "compiling the bench tools (bench/src)"
  mkdir -p "$WORK/classes"
  javac -nowarn -d "$WORK/classes" -cp "$TOOL_CP" "$BENCH_DIR"/src/io/imlogic/bench/*.java >"$WORK/javac.log" 2>&1 \
    || { cat "$WORK/javac.log" >&2; die "bench tools do not compile"; }
}
# short-lived helper JVMs: C1 only and a small serial heap, to take little CPU from what is measured
tool() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m -Djava.awt.headless=true -cp "$TOOL_CP" "io.imlogic.bench.$@"; }
# the same, started with & : exec, so that $! is the JVM itself and the cleanup stops it
tool_bg() { exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -cp "$TOOL_CP" "io.imlogic.bench.$@"; }
big_tool() { java -XX:+UseParallelGC -Xmx3g -cp "$TOOL_CP" "io.imlogic.bench.$@"; }

# ---- Redis and Kafka ----------------------------------------------------------------------------------------------
start_redis() {
  if [ -n "${IM_REDIS_URL:-}" ]; then
    REDIS_URL=$IM_REDIS_URL
    log "using the given Redis $REDIS_URL (seeding writes mid_*/key_* keys into it)"
  else
    local port; port=$(free_port)
    mkdir -p "$WORK/redis"
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --protected-mode no --daemonize no \
      --dir "$WORK/redis" >"$WORK/redis.log" 2>&1 &
    track $!
    REDIS_PID=$!
    REDIS_URL="redis://127.0.0.1:$port"
    for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    redis-cli -p "$port" ping >/dev/null || die "redis-server did not start (see $WORK/redis.log)"
    log "Redis $(redis-server --version | awk '{print $3}') on $REDIS_URL"
  fi
  local hostport=${REDIS_URL#*://}; hostport=${hostport#*@}; hostport=${hostport%%/*}
  REDIS_HOST=${hostport%:*}; REDIS_PORT=${hostport##*:}
}

start_kafka() {
  if [ -n "${IM_KAFKA_BROKERS:-}" ]; then
    BROKERS=$IM_KAFKA_BROKERS
    log "using the given Kafka $BROKERS"
  else
    log "starting Kafka (io.imlogic.dev.EmbeddedKafka in its own JVM)"
    java -Xms512m -Xmx1g -cp "$TOOL_CP" io.imlogic.bench.BenchServers "$WORK/servers" "$WORK/servers.ready" \
      </dev/null >"$WORK/kafka.log" 2>&1 &
    track $!
    KAFKA_PID=$!
    for _ in $(seq 1 600); do [ -f "$WORK/servers.ready" ] && break; kill -0 $KAFKA_PID || die "Kafka died (see $WORK/kafka.log)"; sleep 0.1; done
    [ -f "$WORK/servers.ready" ] || die "Kafka did not start within 60 s (see $WORK/kafka.log)"
    BROKERS=$(sed -n 's/^kafka=//p' "$WORK/servers.ready")
    log "Kafka on $BROKERS"
  fi
  TOPIC="bench-push-$STAMP"
  tool KafkaTool create-topic "$BROKERS" "$TOPIC" "$PARTITIONS" "$TIMESTAMP_TYPE"
  log "topic $TOPIC: $PARTITIONS partitions, message.timestamp.type=$TIMESTAMP_TYPE"
}

# goim's layout, through redis-cli --pipe: mid m has CONNS connections, key "m-c" on comet-((m*CONNS+c) % SERVERS):
# HSET mid_{m} key server and SET key_{key} server. Also mid_%012d copies of the same hashes, the names that
# redis-benchmark's __rand_int__ produces, so that its HGETALL reads the same hashes as the service does.
seed_redis() {
  local host=$1 port=$2
  log "seeding $USERS users x $CONNS connections over $SERVERS comet servers into $host:$port"
  local t0; t0=$(now_ms)
  awk -v users="$USERS" -v conns="$CONNS" -v servers="$SERVERS" 'function cmd(n, a, b, c, d,   s) {
      s = "*" n "\r\n$" length(a) "\r\n" a "\r\n$" length(b) "\r\n" b "\r\n$" length(c) "\r\n" c "\r\n"
      if (n == 4) s = s "$" length(d) "\r\n" d "\r\n"
      printf "%s", s }
    BEGIN {
      for (m = 1; m <= users; m++) {
        for (c = 0; c < conns; c++) {
          key = m "-" c; server = "comet-" ((m * conns + c) % servers)
          cmd(4, "HSET", "mid_" m, key, server)
          cmd(3, "SET", "key_" key, server)
          cmd(4, "HSET", sprintf("mid_%012d", m - 1), key, server)
        }
      }
    }' | redis-cli -h "$host" -p "$port" --pipe >"$WORK/seed-$port.log" 2>&1 || die "seeding failed (see $WORK/seed-$port.log)"
  grep -q 'errors: 0' "$WORK/seed-$port.log" || die "seeding had errors: $(tail -1 "$WORK/seed-$port.log")"
  log "seeded in $(( $(now_ms) - t0 )) ms: $(tail -1 "$WORK/seed-$port.log")"
}

redis_benchmark() {
  log "redis-benchmark: pipelined HGETALL (-P 100) on the seeded hashes, the lookup ceiling"
  redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -q -P 100 -n 3000000 -r "$USERS" HGETALL 'mid___rand_int__' \
    2>&1 | tr '\r' '\n' | grep 'requests per second' | tail -1 >"$WORK/redis-benchmark.txt"
  redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -q -n 200000 -r "$USERS" HGETALL 'mid___rand_int__' \
    2>&1 | tr '\r' '\n' | grep 'requests per second' | tail -1 >"$WORK/redis-benchmark-unpipelined.txt"
  log "  pipelined: $(cat "$WORK/redis-benchmark.txt")"
  log "  unpipelined: $(cat "$WORK/redis-benchmark-unpipelined.txt")"
}

# the service's lookup code alone from Java (Redisson RBatch, chunk 1000 as configured and 100), and a bare RESP
# pipeline: where between redis-benchmark and the service the lookup's time goes
lookup_ceiling() {
  log "lookup from Java: ConnectionLookup (chunks 1000, 100) vs a bare RESP pipeline, 1000 mids per call, 4 threads"
  java -Xmx1g -cp "$TOOL_CP" io.imlogic.bench.LookupCeiling "$REDIS_HOST" "$REDIS_PORT" "$USERS" 4 5 1000 100 \
    2> >(sed 's/^/    /' >&2) | sed -n 's/^LOOKUP_JSON //p' >"$WORK/lookup-ceiling.json"
}

# ---- the service --------------------------------------------------------------------------------------------------
start_service() { # start_service NAME PORT -> SERVICE_PID, MGMT_PORT (its /observe/metrics), JOURNAL_DIR
  local name=$1 port=$2
  log "starting im-logic '$name' on 127.0.0.1:$port"
  # shellcheck disable=SC2086
  local grpc; MGMT_PORT=$(free_port); grpc=$(free_port)
  # the journal in the work dir, where the monitor measures it; the management server and the comets' gRPC
  # service on their own free loopback ports
  JOURNAL_DIR="$WORK/journal-$name"
  (cd "$PROJECT" && exec env IM_HTTP_PORT="$port" IM_HTTP_HOST=127.0.0.1 IM_REDIS_URL="$REDIS_URL" \
    IM_MANAGEMENT_PORT="$MGMT_PORT" IM_MANAGEMENT_HOST=127.0.0.1 IM_GRPC_PORT="$grpc" IM_GRPC_HOST=127.0.0.1 \
    IM_JOURNAL_DIR="$JOURNAL_DIR" IM_NODE_ID="$name" \
    IM_KAFKA_BROKERS="$BROKERS" IM_KAFKA_TOPIC="$TOPIC" $SERVICE_ENV \
    java $SERVICE_JAVA_OPTS -cp "$SERVICE_CP" io.imlogic.ImLogic </dev/null >"$WORK/$name.log" 2>&1) &
  SERVICE_PID=$!
  track $SERVICE_PID
  local code=000
  for _ in $(seq 1 600); do
    kill -0 $SERVICE_PID 2>/dev/null || die "im-logic '$name' exited (see $WORK/$name.log)"
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 2 -X POST -H 'Content-Type: application/json' -d '{}' \
      "http://127.0.0.1:$port/im/push/mids" || true)
    [ "$code" = 400 ] && break
    sleep 0.1
  done
  [ "$code" = 400 ] || die "im-logic '$name' does not answer on /im/push/mids (last status $code, see $WORK/$name.log)"
  local body
  body=$(curl -s -m 5 -X POST -H 'Content-Type: application/json' -d '{"operation":1000,"mids":[1],"msg":"probe"}' \
    "http://127.0.0.1:$port/im/push/mids")
  case "$body" in *'"code":0'*) ;; *) die "probe push refused: $body" ;; esac
  log "  ready (pid $SERVICE_PID): $body"
}

# ---- monitor and phases -------------------------------------------------------------------------------------------
start_monitor() { # start_monitor CSV INTERVAL_MS pid:label[:MANAGEMENT_PORT[:JOURNAL_DIR]] ...
  local csv=$1 interval=$2; shift 2
  # this script's pid: the monitor counts the CPU of its process tree as the bench's own
  tool_bg Monitor "$csv" "$interval" $$ "$@" </dev/null >"$csv.log" 2>&1 &
  MONITOR_PID=$!
  track $MONITOR_PID
  for _ in $(seq 1 100); do [ -f "$csv" ] && [ "$(wc -l <"$csv")" -ge 2 ] && break; sleep 0.1; done
}

# start_watched_service NAME PORT CSV: one im-logic node, sampled by the monitor into CSV (MONITOR_CSV)
start_watched_service() {
  start_service "$1" "$2"
  MONITOR_CSV=$3
  start_monitor "$MONITOR_CSV" "$MONITOR_INTERVAL" "$SERVICE_PID:node1:$MGMT_PORT:$JOURNAL_DIR"
}

# sums of accepted, delivered+failed over the im-logic nodes, from the monitor's last line
counters() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i ~ /_accepted$/) a[i] = 1; if ($i ~ /_delivered$/ || $i ~ /_failed$/) d[i] = 1 } next }
    { line = $0 } END { n = split(line, f, ","); acc = 0; del = 0; bad = 0
      for (i in a) { if (f[i] < 0) bad = 1; acc += f[i] } for (i in d) { if (f[i] < 0) bad = 1; del += f[i] }
      print (bad ? "-1 -1" : acc " " del) }' "$MONITOR_CSV"
}

wait_drained() {
  local deadline=$(( $(now_ms) + DRAIN_TIMEOUT * 1000 )) acc del
  sleep 0.3
  while :; do
    read -r acc del < <(counters)
    if [ "$acc" -ge 0 ] && [ "$acc" = "$del" ]; then sleep 0.3; read -r acc del < <(counters); [ "$acc" = "$del" ] && break; fi
    [ "$(now_ms)" -lt "$deadline" ] || { log "  WARNING: not drained after ${DRAIN_TIMEOUT}s (accepted $acc, delivered $del)"; break; }
    sleep 0.1
  done
}

run_wrk() { # run_wrk OUT_PREFIX URL MIDS SECONDS [CONNS] [THREADS]
  local out=$1 url=$2 mids=$3 secs=$4 conns=${5:-$WRK_CONNS} threads=${6:-$WRK_THREADS}
  BENCH_MIDS=$mids BENCH_USERS=$USERS wrk -t"$threads" -c"$conns" -d"${secs}s" --latency --timeout 10s \
    -s "$BENCH_DIR/lib/push.lua" "$url" >"$out.wrk.txt" 2>&1 || die "wrk failed: $(tail -3 "$out.wrk.txt")"
  sed -n 's/^WRK_JSON //p' "$out.wrk.txt" >"$out.wrk.json"
  [ -s "$out.wrk.json" ] || die "wrk printed no summary (see $out.wrk.txt)"
}

# one measured phase against the service: wrk, wait until every accepted push is delivered, verify Kafka
phase() { # phase LABEL URL MIDS SECONDS [NODES]
  local label=$1 url=$2 mids=$3 secs=$4 nodes=${5:-1}
  local p="$WORK/phase-$label"
  tool KafkaTool offsets "$BROKERS" "$TOPIC" "$p.from"
  local jfr=false
  if $PROFILE && [ "$nodes" = 1 ] && { [ "$mids" = 1 ] || [ "$mids" = 1000 ]; }; then
    jfr=true
    jcmd "$SERVICE_PID" JFR.start name="$label" settings=profile filename="$p.jfr" >/dev/null
  fi
  local start end drained acc0 del0 acc1 del1
  read -r acc0 del0 < <(counters)
  start=$(now_ms)
  log "phase $label: $mids mids/request, ${secs}s, wrk -t$WRK_THREADS -c$WRK_CONNS -> $url"
  run_wrk "$p" "$url" "$mids" "$secs"
  end=$(now_ms)
  wait_drained
  drained=$(now_ms)
  if $jfr; then jcmd "$SERVICE_PID" JFR.stop name="$label" >/dev/null || true; fi
  read -r acc1 del1 < <(counters)
  # exact totals: both readings are taken while nothing is in flight
  echo "$label service $mids $start $end $drained $nodes $acc0 $del0 $acc1 $del1" >>"$WORK/phases.txt"
  big_tool KafkaTool verify "$BROKERS" "$TOPIC" "$p.from" "$mids" "$CONNS" "$SERVERS" "$p.kafka.json" | sed 's/^/    /' >&2
  log "  wrk: $(tr -d '\n' <"$p.wrk.json" | cut -c1-200)"
  log "  drained $(( drained - end )) ms after the load stopped"
}

# CPU the machine spends while the bench is idle (other people's work on a shared box), over 3 s
background_cpu() {
  local a b
  a=$(awk 'NR == 1 { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat)
  sleep 3
  b=$(awk 'NR == 1 { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat)
  echo "$a $b" | awk '{ printf "%.0f", ($3 - $1) / ($4 - $2) * 100 }'
}

write_meta() {
  local idle_cpu; idle_cpu=$(background_cpu)
  log "machine CPU busy while the bench is idle: ${idle_cpu}% (other processes on this machine)"
  {
    echo "background_cpu_percent=$idle_cpu"
    echo "loadavg=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM"
    echo "os=$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
    echo "java=$(java -version 2>&1 | head -1)"
    echo "commit=$(cat "$WORK/commit.txt")$([ -s "$WORK/uncommitted.txt" ] && echo ' + uncommitted changes in the work tree')"
    if [ "$MODE" = soak ]; then echo "wrk=wrk -t$WRK_THREADS -c$WRK_CONNS, ${SOAK_SECONDS}s, ${WARMUP}s warm-up"
    else echo "wrk=wrk -t$WRK_THREADS -c$WRK_CONNS, ${DURATION}s per phase, ${BACKLOG_DURATION}s at 1 mid, ${WARMUP}s warm-up"; fi
    echo "wrk_conns=$WRK_CONNS"
    echo "monitor_interval_ms=$MONITOR_INTERVAL"
    echo "seed=$USERS users x $CONNS connections over $SERVERS comet servers"
    echo "service_java_opts=$SERVICE_JAVA_OPTS"
    echo "clk_tck=$CLK_TCK"
    echo "timestamp_type=$TIMESTAMP_TYPE"
    echo "service_env=$SERVICE_ENV"
    echo "source=$SOURCE"
  } >"$WORK/meta.txt"
}

# ---- modes --------------------------------------------------------------------------------------------------------
run_default() {
  build
  start_redis
  start_kafka
  seed_redis "$REDIS_HOST" "$REDIS_PORT"
  write_meta
  redis_benchmark
  local mids start end
  if [ "${BENCH_RAW:-true}" = true ]; then
    lookup_ceiling
    raw_vertx
  fi
  run_service_phases
}

# 1. the ceiling of the HTTP stack, measured before the service exists so that they never share the CPU
raw_vertx() {
  local raw_port; raw_port=$(free_port)
  java $SERVICE_JAVA_OPTS -cp "$TOOL_CP" io.imlogic.bench.RawVertx "$raw_port" </dev/null >"$WORK/raw-vertx.log" 2>&1 &
  local raw_pid=$!
  track $raw_pid
  for _ in $(seq 1 100); do port_free "$raw_port" || break; sleep 0.1; done
  MONITOR_CSV="$WORK/monitor-raw.csv"
  start_monitor "$MONITOR_CSV" "$MONITOR_INTERVAL" "$raw_pid:raw"
  log "raw Vert.x 202 server: warm-up ${WARMUP}s"
  run_wrk "$WORK/raw-warmup" "http://127.0.0.1:$raw_port/im/push/mids" 1 "$WARMUP"
  local mids start end
  for mids in $MIDS_LIST; do
    start=$(now_ms)
    run_wrk "$WORK/raw-$mids" "http://127.0.0.1:$raw_port/im/push/mids" "$mids" "$DURATION"
    end=$(now_ms)
    echo "raw-$mids raw $mids $start $end $end 1" >>"$WORK/phases.txt"
    log "raw Vert.x, $mids mids/request: $(tr -d '\n' <"$WORK/raw-$mids.wrk.json" | cut -c1-160)"
  done
  stop_pid "$MONITOR_PID"; stop_pid "$raw_pid"
}

# 2. the service
run_service_phases() {
  local mids start end
  local port; port=$(free_port)
  start_watched_service node1 "$port" "$WORK/monitor.csv"
  local url="http://127.0.0.1:$port/im/push/mids"
  log "warm-up ${WARMUP}s (JIT), half at 1 mid and half at 100 mids per request"
  run_wrk "$WORK/warmup-1" "$url" 1 $(( (WARMUP + 1) / 2 ))
  run_wrk "$WORK/warmup-100" "$url" 100 $(( (WARMUP + 1) / 2 ))
  wait_drained
  for mids in $MIDS_LIST; do
    if [ "$mids" = 1 ]; then phase "mids-1" "$url" 1 "$BACKLOG_DURATION"; else phase "mids-$mids" "$url" "$mids" "$DURATION"; fi
  done

  # 3. latency at half of the maximum 1-mid load, at a fixed rate
  if grep -q '^mids-1 ' "$WORK/phases.txt"; then fixed_rate "$port"; fi
  stop_pid "$MONITOR_PID"

  if $PROFILE; then
    local f
    for f in "$WORK"/phase-*.jfr; do
      [ -f "$f" ] || continue
      tool JfrTop "$f" >"${f%.jfr}.profile.txt" 2>&1 || true
      log "profile: ${f%.jfr}.profile.txt"
    done
  fi
  tool Report default "$WORK" "$RESULTS_DIR/$RESULTS_NAME.md"
}

fixed_rate() {
  local port=$1 max_rate half start end
  max_rate=$(tool Report rate "$WORK" mids-1)
  half=$(( max_rate / 2 ))
  log "fixed rate: $half req/s (half of $max_rate accepted/s), 1 mid/request, ${DURATION}s"
  tool KafkaTool offsets "$BROKERS" "$TOPIC" "$WORK/phase-fixed.from"
  local acc0 del0 acc1 del1
  read -r acc0 del0 < <(counters)
  start=$(now_ms)
  java -Xmx512m -cp "$TOOL_CP" io.imlogic.bench.FixedRateLoad 127.0.0.1 "$port" /im/push/mids 1 "$USERS" "$half" \
    "$DURATION" 64 5 >"$WORK/phase-fixed.fixed.txt" 2>&1 || die "fixed-rate load failed (see $WORK/phase-fixed.fixed.txt)"
  end=$(now_ms)
  wait_drained
  read -r acc1 del1 < <(counters)
  sed -n 's/^FIXED_JSON //p' "$WORK/phase-fixed.fixed.txt" >"$WORK/phase-fixed.fixed.json"
  # rates over the measured part of the schedule: not the generator's start-up and warm-up
  local from to
  from=$(sed -n 's/.*"measured_from_ms":\([0-9]*\).*/\1/p' "$WORK/phase-fixed.fixed.json")
  to=$(sed -n 's/.*"measured_to_ms":\([0-9]*\).*/\1/p' "$WORK/phase-fixed.fixed.json")
  echo "fixed service 1 ${from:-$start} ${to:-$end} $(now_ms) 1 $acc0 $del0 $acc1 $del1" >>"$WORK/phases.txt"
  big_tool KafkaTool verify "$BROKERS" "$TOPIC" "$WORK/phase-fixed.from" 1 "$CONNS" "$SERVERS" "$WORK/phase-fixed.kafka.json" \
    "${from:-0}" | sed 's/^/    /' >&2
  log "  $(cat "$WORK/phase-fixed.fixed.json")"
}

# sustained load at the 1-mid maximum (wrk, closed loop) with a small heap: does the journal stay bounded, the heap
# too, and does every accepted push reach Kafka?
run_soak() {
  build
  start_redis
  start_kafka
  seed_redis "$REDIS_HOST" "$REDIS_PORT"
  MONITOR_INTERVAL=1000
  write_meta
  local port; port=$(free_port)
  start_watched_service node1 "$port" "$WORK/monitor.csv"
  local url="http://127.0.0.1:$port/im/push/mids"
  log "warm-up ${WARMUP}s (JIT)"
  run_wrk "$WORK/warmup-1" "$url" 1 "$WARMUP"
  wait_drained
  phase soak "$url" 1 "$SOAK_SECONDS"
  if kill -0 "$SERVICE_PID" 2>/dev/null; then echo "service_alive_after_soak=true"; else echo "service_alive_after_soak=false"; fi >>"$WORK/meta.txt"
  stop_pid "$MONITOR_PID"
  tool Report soak "$WORK" "$RESULTS_DIR/soak-$RESULTS_NAME.md"
}

write_nginx_conf() { # write_nginx_conf NAME LISTEN_PORT NODE_PORT...
  local name=$1 listen=$2; shift 2
  local dir="$WORK/nginx-$name"
  mkdir -p "$dir"
  # deploy/nginx.conf is the template: its upstream servers and listen line are replaced, logs and temp files go
  # under the work dir, the access log is off (it would measure the disk, not the proxy)
  awk -v listen="$listen" -v dir="$dir" -v nodes="$*" '
    /# bench: upstream servers/ { n = split(nodes, p, " "); for (i = 1; i <= n; i++) printf "    server 127.0.0.1:%s max_fails=3 fail_timeout=5s;\n", p[i]; skip = 1; next }
    skip && /^[ \t]*server 127\./ { next }
    { skip = 0 }
    /^[ \t]*listen / { sub(/listen [^;]*;/, "listen 127.0.0.1:" listen ";") }
    /^[ \t]*access_log / { sub(/access_log [^;]*;/, "access_log off;") }
    /^[ \t]*error_log / { sub(/error_log [^;]*;/, "error_log " dir "/error.log warn;") }
    /^http *\{/ { print; printf "  client_body_temp_path %s/body;\n  proxy_temp_path %s/proxy;\n  fastcgi_temp_path %s/fcgi;\n  uwsgi_temp_path %s/uwsgi;\n  scgi_temp_path %s/scgi;\n", dir, dir, dir, dir, dir; next }
    { print }' "$ROOT/deploy/nginx.conf" >"$dir/nginx.conf"
  echo "$dir/nginx.conf"
}

start_nginx() { # start_nginx NAME LISTEN_PORT NODE_PORT...
  local name=$1 listen=$2 conf; conf=$(write_nginx_conf "$@")
  nginx -t -q -c "$conf" -e "$WORK/nginx-$name/error.log" -g "daemon off; pid $WORK/nginx-$name/nginx.pid;" \
    >"$WORK/nginx-$name/test.log" 2>&1 || die "nginx config invalid: $(cat "$WORK/nginx-$name/test.log")"
  nginx -c "$conf" -e "$WORK/nginx-$name/error.log" -g "daemon off; pid $WORK/nginx-$name/nginx.pid;" \
    </dev/null >"$WORK/nginx-$name/stdout.log" 2>&1 &
  track $!
  NGINX_PID=$!
  for _ in $(seq 1 100); do port_free "$listen" || break; sleep 0.1; done
  port_free "$listen" && die "nginx '$name' does not listen on $listen (see $WORK/nginx-$name/error.log)"
  shift 2
  # its worker processes (children of the master we started), for the monitor's CPU figures
  NGINX_WATCH=""
  local w i=0
  for w in $(pgrep -P "$NGINX_PID" || true); do NGINX_WATCH="$NGINX_WATCH $w:nginx_${name}_w$i"; i=$((i + 1)); done
  log "nginx '$name' on 127.0.0.1:$listen -> nodes $* ($i workers)"
}

run_cluster() {
  build
  start_redis
  start_kafka
  seed_redis "$REDIS_HOST" "$REDIS_PORT"
  write_meta
  redis_benchmark
  local p1 p2 n1 n2 pid1 pid2
  p1=$(free_port); p2=$(free_port); n1=$(free_port); n2=$(free_port)
  local j1 j2 m1 m2
  start_service node1 "$p1"; pid1=$SERVICE_PID; j1=$JOURNAL_DIR; m1=$MGMT_PORT
  start_service node2 "$p2"; pid2=$SERVICE_PID; j2=$JOURNAL_DIR; m2=$MGMT_PORT
  local ng1 ng2 watch1 watch2
  start_nginx one "$n1" "$p1"; ng1=$NGINX_PID; watch1=$NGINX_WATCH
  start_nginx two "$n2" "$p1" "$p2"; ng2=$NGINX_PID; watch2=$NGINX_WATCH
  MONITOR_CSV="$WORK/monitor.csv"
  # shellcheck disable=SC2086
  start_monitor "$MONITOR_CSV" "$MONITOR_INTERVAL" "$pid1:node1:$m1:$j1" "$pid2:node2:$m2:$j2" $watch1 $watch2
  log "warm-up ${WARMUP}s through nginx 'two' (both nodes)"
  run_wrk "$WORK/warmup-1" "http://127.0.0.1:$n2/im/push/mids" 1 "$WARMUP"
  run_wrk "$WORK/warmup-100" "http://127.0.0.1:$n2/im/push/mids" 100 $(( (WARMUP + 1) / 2 ))
  wait_drained
  SERVICE_PID=$pid1
  phase direct-1 "http://127.0.0.1:$p1/im/push/mids" 1 "$DURATION" 1
  phase one-node-1 "http://127.0.0.1:$n1/im/push/mids" 1 "$DURATION" 1
  phase two-nodes-1 "http://127.0.0.1:$n2/im/push/mids" 1 "$DURATION" 2
  phase one-node-100 "http://127.0.0.1:$n1/im/push/mids" 100 "$DURATION" 1
  phase two-nodes-100 "http://127.0.0.1:$n2/im/push/mids" 100 "$DURATION" 2
  stop_pid "$MONITOR_PID"
  for pid in $ng2 $ng1 $pid2 $pid1; do stop_pid "$pid"; done

  # a real Redis Cluster: three masters on loopback, the service's lookup code through Redisson's cluster mode
  local c1 c2 c3 port
  c1=$(free_port); c2=$(free_port); c3=$(free_port)
  for port in $c1 $c2 $c3; do
    mkdir -p "$WORK/redis-cluster/$port"
    redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "nodes-$port.conf" \
      --cluster-node-timeout 5000 --save '' --appendonly no --protected-mode no --daemonize no \
      --dir "$WORK/redis-cluster/$port" >"$WORK/redis-cluster/$port.log" 2>&1 &
    track $!
  done
  for port in $c1 $c2 $c3; do
    for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  done
  redis-cli --cluster create "127.0.0.1:$c1" "127.0.0.1:$c2" "127.0.0.1:$c3" --cluster-replicas 0 --cluster-yes \
    >"$WORK/redis-cluster/create.log" 2>&1 || die "redis-cli --cluster create failed (see $WORK/redis-cluster/create.log)"
  for _ in $(seq 1 100); do redis-cli -p "$c1" cluster info | grep -q 'cluster_state:ok' && break; sleep 0.1; done
  log "Redis Cluster on $c1 $c2 $c3: $(redis-cli -p "$c1" cluster info | grep -E 'cluster_state|cluster_slots_assigned' | tr -d '\r' | tr '\n' ' ')"
  java -Xmx1g -cp "$TOOL_CP" io.imlogic.bench.RedisClusterCheck "$WORK/redis-cluster.json" "$USERS" "$CONNS" "$SERVERS" \
    "$REDIS_URL" "redis://127.0.0.1:$c1" "redis://127.0.0.1:$c2" "redis://127.0.0.1:$c3" 2>&1 | tee "$WORK/redis-cluster.txt" | sed 's/^/    /' >&2

  # the service itself on the Redis Cluster (IM_REDIS_MODE=cluster, when this version of the service has it),
  # on the data RedisClusterCheck seeded there: pushes delivered and checked record by record as above
  if grep -q '^im.redis.mode' "$PROJECT/config/application.properties" 2>/dev/null; then
    local rc saved_env=$SERVICE_ENV
    rc=$(free_port)
    SERVICE_ENV="$saved_env IM_REDIS_MODE=cluster IM_REDIS_NODES=redis://127.0.0.1:$c1,redis://127.0.0.1:$c2,redis://127.0.0.1:$c3"
    start_watched_service node-redis-cluster "$rc" "$WORK/monitor-rc.csv"
    SERVICE_ENV=$saved_env
    log "warm-up ${WARMUP}s of the node on the Redis Cluster"
    run_wrk "$WORK/warmup-rc" "http://127.0.0.1:$rc/im/push/mids" 1 "$WARMUP"
    wait_drained
    phase rcluster-1 "http://127.0.0.1:$rc/im/push/mids" 1 "$DURATION" 1
    phase rcluster-100 "http://127.0.0.1:$rc/im/push/mids" 100 "$DURATION" 1
    stop_pid "$MONITOR_PID"
  else
    log "this version of the service has no im.redis.mode: the service itself is not run on the Redis Cluster"
  fi
  tool Report cluster "$WORK" "$RESULTS_DIR/cluster-$RESULTS_NAME.md"
}

run_jmh() {
  snapshot
  log "installing the service's artifact, built from a snapshot ($SOURCE), into the local Maven repository (mvnw install, skipping tests)"
  "$PROJECT/mvnw" -B -q -DskipTests install >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "install failed"; }
  log "building bench/jmh (mvnw -f bench/jmh/pom.xml clean package)"
  # mvnw changes to the project root before running Maven: -f takes a path from there (or an absolute one)
  # clean: the benchmarks must be recompiled against the artifact just installed, whose API may have changed
  "$ROOT/mvnw" -B -q -f "$BENCH_DIR/jmh/pom.xml" clean package >>"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "JMH build failed"; }
  log "running JMH: 1 fork, 3 x 1 s warm-up, 3 x 1 s measurement"
  java -cp "$BENCH_DIR/jmh/target/classes:$(cat "$BENCH_DIR/jmh/target/classpath.txt")" org.openjdk.jmh.Main \
    -f 1 -wi 3 -w 1s -i 3 -r 1s -rf json -rff "$WORK/jmh.json" "${BENCH_JMH_FILTER:-io.imlogic.bench.jmh}" \
    >"$WORK/jmh.txt" 2>&1 || { tail -40 "$WORK/jmh.txt" >&2; die "JMH failed"; }
  awk '/^Benchmark/,0' "$WORK/jmh.txt" >&2
  [ -s "$WORK/jmh.json" ] || die "JMH wrote no results (see $WORK/jmh.txt)"
  if grep -q '<failure>' "$WORK/jmh.txt"; then
    grep -m3 -A2 '<failure>' "$WORK/jmh.txt" >&2
    die "a benchmark failed (see $WORK/jmh.txt): the service's API may have changed under bench/jmh"
  fi
  awk '/^Benchmark/,0' "$WORK/jmh.txt" >"$BENCH_DIR/results/jmh-latest.txt"
  log "results: bench/results/jmh-latest.txt (JSON: $WORK/jmh.json)"
}

log "mode $MODE$($PROFILE && echo ' with JFR profile'); work dir $WORK"
ensure_tools
case "$MODE" in
  default) run_default ;;
  cluster) run_cluster ;;
  soak) run_soak ;;
  jmh) run_jmh ;;
esac
log "done"
