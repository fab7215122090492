# Sourced by the benchmark scripts: packages Meshfleet and starts it in production mode on $PORT against the local
# Postgres and Kafka (database meshfleet_bench), with tokens verified against a fresh local key pair.
# Sets SERVER (pid), TOKEN and WORK; the caller's EXIT trap stops the server. MESHFLEET_BENCH_JAVA_OPTS adds JVM options
# (to profile: -XX:StartFlightRecording=filename=target/bench.jfr,settings=profile).
scripts/infra up
# Builds share one lock on our machines (several sessions, one Maven repository); flock is part of util-linux.
flock /tmp/mf-test.lock ./mvnw -B -q package -DskipTests
WORK=$(mktemp -d)
java src/test/java/dev/meshfleet/bench/BenchKeys.java "$WORK"
# health and metrics are on the management port, not the API port
MANAGEMENT_PORT=${MESHFLEET_BENCH_MANAGEMENT_PORT:-9081}
QUARKUS_OIDC_PUBLIC_KEY=$(cat "$WORK/public-key") MESHFLEET_HTTP_PORT=$PORT MESHFLEET_MANAGEMENT_PORT=$MANAGEMENT_PORT \
  MESHFLEET_DB_NAME=meshfleet_bench \
  java -Xmx1g ${MESHFLEET_BENCH_JAVA_OPTS:-} -Dquarkus.profile=bench -jar target/quarkus-app/quarkus-run.jar >"target/bench-server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 $SERVER 2>/dev/null || { cat target/bench-server.log; exit 1; }
  sleep 0.5
done
TOKEN=$(cat "$WORK/token")
