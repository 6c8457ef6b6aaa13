#!/usr/bin/env bash
# Adds the steps of one template in deploy/emr/steps/ to a running cluster, e.g. a manual curate run:
#
#   ClusterId=j-XXXX Environment=prod ReleaseUri=s3://... Region=eu-west-1 LakeBucket=... \
#     deploy/emr/add-steps.sh curate-and-sync [--execution-role-arn <runtime role>]
#
# Scheduled runs come from Airflow (airflow-dags/); this is for first start-up, backfills and incidents.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
template="${1:?usage: add-steps.sh <ingest|curate-and-sync|maintain> [--execution-role-arn ARN]}"
shift
[[ -f "${here}/steps/${template}.json" ]] || { echo "add-steps: no template steps/${template}.json" >&2; exit 2; }
: "${ClusterId:?set ClusterId (j-...)}"
: "${Region:?set Region}"

steps="$(mktemp)"
trap 'rm -f -- "${steps}"' EXIT
"${here}/render.sh" "${here}/steps/${template}.json" > "${steps}"
aws emr add-steps --region "${Region}" --cluster-id "${ClusterId}" --steps "file://${steps}" "$@"
