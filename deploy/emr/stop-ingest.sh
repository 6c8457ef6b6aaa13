#!/usr/bin/env bash
# Stops the ingest stream of one environment, on the EMR primary node. Safe at any moment: the next start
# resumes from the checkpoint, and a micro-batch that was cut short is redone, not duplicated.
#
#   deploy/emr/stop-ingest.sh <environment>
set -euo pipefail

env_name="${1:?usage: stop-ingest.sh <environment>}"
app_name="cdclake-ingest-${env_name}"
mapfile -t app_ids < <(yarn application -list -appStates SUBMITTED,ACCEPTED,RUNNING 2>/dev/null \
  | awk -v name="${app_name}" '$2 == name {print $1}')
if [[ ${#app_ids[@]} -eq 0 ]]; then
  echo "stop-ingest: ${app_name} is not running"
  exit 0
fi
for id in "${app_ids[@]}"; do
  echo "stop-ingest: killing ${app_name} (${id})"
  yarn application -kill "${id}"
done
