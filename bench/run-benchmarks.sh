#!/usr/bin/env bash
# Builds the bench module and runs the benchmark (io.cdclake.bench.Benchmark) or the load generator with the
# classpath and JVM flags Spark needs on Java 17. Everything after the script's own options goes to the command.
#
#   bench/run-benchmarks.sh                                   # all sections, defaults sized for a 2-core machine
#   bench/run-benchmarks.sh --sections merge --merge-sizes 1000000,5000000,20000000
#   bench/run-benchmarks.sh --load-generator --sink files --out /tmp/dms-in --rate 500 --duration 30
#   bench/run-benchmarks.sh --help                            # the benchmark's options
#
# Script options:
#   --kinesis-connector-jar PATH  add the EMR Kinesis connector jar (enables --source kinesis)
#   --load-generator              run io.cdclake.bench.LoadGeneratorCommand instead of the benchmark
#   --no-build                    use the classes already built
# Environment: BENCH_HEAP (JVM heap, default 8g), MVN_FLAGS (extra Maven flags, e.g. -o for offline).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

main=io.cdclake.bench.Benchmark
connector=""
build=1
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --kinesis-connector-jar)
      [ $# -ge 2 ] || { echo "run-benchmarks.sh: --kinesis-connector-jar needs a path" >&2; exit 2; }
      connector="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
      [ -f "$connector" ] || { echo "run-benchmarks.sh: no such file: $2" >&2; exit 2; }
      shift 2 ;;
    --load-generator) main=io.cdclake.bench.LoadGeneratorCommand; shift ;;
    --no-build) build=0; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

# shellcheck disable=SC2086
if [ "$build" = 1 ]; then
  echo "building bench and the modules it needs (mvn -pl bench -am package -DskipTests)..." >&2
  mvn -B -q -Dstyle.color=never ${MVN_FLAGS:-} -DskipTests -pl bench -am package
fi
# Written by the package build above (bench/pom.xml), pointing at this checkout's module jars.
cp_file="$ROOT/bench/target/benchmark.classpath"
[ -f "$cp_file" ] || { echo "run-benchmarks.sh: $cp_file missing: run once without --no-build" >&2; exit 1; }
classpath="bench/target/classes:$(cat "$cp_file")"
if [ -n "$connector" ]; then
  classpath="$classpath:$connector"
fi

# The same --add-opens/--add-exports the tests use, read from the root pom so the two cannot drift.
spark_flags="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)"
[ -n "$spark_flags" ] || { echo "run-benchmarks.sh: spark.jvm.flags not found in pom.xml" >&2; exit 1; }

# Spark binds to loopback only: a benchmark never listens on the network.
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086
exec java -Xmx"${BENCH_HEAP:-8g}" $spark_flags -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$ROOT/bench/conf/log4j2-bench.properties" \
  -cp "$classpath" "$main" "${args[@]+"${args[@]}"}"
