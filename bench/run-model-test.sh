#!/usr/bin/env bash
# Runs the randomized model test (curate's RandomizedCurationTest) at bench scale: many seeds of long change
# streams through the real ingest and curate jobs, every curated table compared with an in-memory model after each
# of three runs. The default test suite runs it small (5 relational + 4 DynamoDB/DocumentDB seeds, 76 records each).
# Every seed is one table of one lake, so a run is one ingest and one curate pass over all of them.
#
#   bench/run-model-test.sh                                 # 50 seeds (42 relational, 8 others), ~100,000 records
#   bench/run-model-test.sh --seeds 10 --changes 20000 --key-space 2000
#
# Options (each also has a default):
#   --seeds N            relational seeds (default 42)          --first-seed S         (default 1000)
#   --source-seeds N     DynamoDB/DocumentDB seeds (default 8)  --source-first-seed S  (default 2000)
#   --changes N          change records per seed (default 2000)
#   --full-load N        full-load rows per seed (default 100)
#   --key-space N        keys per table (default 500; small spaces make collisions frequent)
# The test holds every seed's records in memory (surefire's fork has -Xmx4g): about 1 KB a record.
# Environment: MVN_FLAGS (extra Maven flags, e.g. -o for offline).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

seeds=42 first_seed=1000 source_seeds=8 source_first_seed=2000 changes=2000 full_load=100 key_space=500
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || { echo "run-model-test.sh: $1 needs a value" >&2; exit 2; }
  [[ "$2" =~ ^[0-9]+$ ]] || { echo "run-model-test.sh: $1 takes a whole number, not '$2'" >&2; exit 2; }
  case "$1" in
    --seeds) seeds="$2" ;;
    --first-seed) first_seed="$2" ;;
    --source-seeds) source_seeds="$2" ;;
    --source-first-seed) source_first_seed="$2" ;;
    --changes) changes="$2" ;;
    --full-load) full_load="$2" ;;
    --key-space) key_space="$2" ;;
    *) echo "run-model-test.sh: unknown option $1 (see the comment at the top of this script)" >&2; exit 2 ;;
  esac
  shift 2
done
[ "$key_space" -ge 1 ] || { echo "run-model-test.sh: --key-space must be at least 1" >&2; exit 2; }

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "model test: $seeds relational seeds from $first_seed, $source_seeds DynamoDB/DocumentDB seeds from" \
  "$source_first_seed; $full_load full-load rows and $changes changes per seed over $key_space keys"
start=$(date +%s)
status=0
mvn -B -ntp -Dstyle.color=never ${MVN_FLAGS:-} test -pl curate -am -Dtest=RandomizedCurationTest \
  -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcurate.randomSeeds="$seeds" -Dcurate.randomFirstSeed="$first_seed" \
  -Dcurate.randomSourceSeeds="$source_seeds" -Dcurate.randomSourceFirstSeed="$source_first_seed" \
  -Dcurate.randomChanges="$changes" -Dcurate.randomFullLoad="$full_load" -Dcurate.randomKeySpace="$key_space" \
  || status=$?
echo "model test: $([ "$status" -eq 0 ] && echo passed || echo FAILED) in $(( $(date +%s) - start )) s," \
  "load $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
