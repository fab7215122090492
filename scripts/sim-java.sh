# Sourced by the benchmark scripts that simulate agents in one JVM: sets SIM_JAVA to the newest JDK 21+ under
# /usr/lib/jvm (our machines carry Temurin 25), or MESHFLEET_BENCH_SIM_JAVA, or plain java when there is none. On 21+
# the agents run on virtual threads (bench/SimulatorThreads; MESHFLEET_BENCH_READER_THREADS=platform puts their stream
# readers on platform threads). The servers stay on the project's JDK.
# SIM_GC: the simulator's collector, the parallel one unless MESHFLEET_BENCH_SIM_GC says otherwise (e.g. -XX:+UseG1GC).
# With G1 (the JVM's choice here) the simulator took twice the CPU per change: 1,000 agents' trees and HTTP exchanges
# allocate fast, and G1's barriers and concurrent work cost more than the parallel collector's short pauses do.
SIM_JAVA=${MESHFLEET_BENCH_SIM_JAVA:-}
if [ -z "$SIM_JAVA" ]; then
  SIM_JAVA=java
  sim_java_best=0
  for sim_java_candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$sim_java_candidate" ] || continue
    sim_java_feature=$("$sim_java_candidate" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    if [ -n "$sim_java_feature" ] && [ "$sim_java_feature" -ge 21 ] \
      && [ "$sim_java_feature" -gt "$sim_java_best" ]; then
      sim_java_best=$sim_java_feature
      SIM_JAVA=$sim_java_candidate
    fi
  done
fi
SIM_GC=${MESHFLEET_BENCH_SIM_GC:--XX:+UseParallelGC}
