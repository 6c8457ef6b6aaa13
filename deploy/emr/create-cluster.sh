#!/usr/bin/env bash
# Creates the long-running EMR cluster the pipeline runs on: Spark with Glue as metastore and Delta enabled
# (cluster/configurations.json), then starts the ingest stream as its first step. Steps run one at a time:
# the ingest step returns once YARN accepted the stream, and curate, catalog sync and maintenance never overlap
# (an OPTIMIZE racing a MERGE on the same Delta table would make one of them fail).
#
# Set these variables (see docs/operations.md for what each is):
#   Environment ReleaseUri Region LakeBucket StreamName HashKeySecretArn
#   SubnetId LogUri InstanceProfile ServiceRole [SecurityConfiguration] [ReleaseLabel] [DryRun=true]
#   [DeltaLogTable]: a DynamoDB table for Delta's multi-cluster commit coordination (S3DynamoDBLogStore), needed
#   as soon as more than one cluster or driver writes the same Delta table (cluster/multi-cluster-writes.json)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${Environment:?set Environment (e.g. prod)}"
: "${ReleaseUri:?set ReleaseUri (printed by build-and-upload.sh)}"
: "${Region:?set Region}"
: "${SubnetId:?set SubnetId (a private subnet with S3, Kinesis, Glue and Secrets Manager endpoints)}"
: "${LogUri:?set LogUri (s3://... for EMR logs; never the lake bucket)}"
: "${InstanceProfile:?set InstanceProfile (EC2 instance profile of the cluster)}"
: "${ServiceRole:?set ServiceRole (EMR service role)}"
release_label="${ReleaseLabel:-emr-7.11.0}"

configurations="$(mktemp)"
ingest_step="$(mktemp)"
trap 'rm -f -- "${configurations}" "${ingest_step}"' EXIT
"${here}/render.sh" "${here}/cluster/configurations.json" > "${configurations}"
if [[ -n "${DeltaLogTable:-}" ]]; then
  # S3 has no put-if-absent that Delta 3.x uses, so commits from two drivers could overwrite each other's log
  # entry; the DynamoDB log store serialises them. Merged into spark-defaults, spark.jars appended.
  command -v jq >/dev/null || { echo "create-cluster.sh: DeltaLogTable needs jq" >&2; exit 2; }
  fragment="$("${here}/render.sh" "${here}/cluster/multi-cluster-writes.json")"
  jq --argjson extra "${fragment}" '
    map(if .Classification == "spark-defaults"
        then .Properties as $p | .Properties = ($p + ($extra | del(.["spark.jars"])) + {"spark.jars":
          ([$p["spark.jars"], $extra["spark.jars"]] | map(select(. != null)) | join(","))})
        else . end)' "${configurations}" > "${configurations}.multi" && mv "${configurations}.multi" "${configurations}"
fi
"${here}/render.sh" "${here}/steps/ingest.json" > "${ingest_step}"

args=(
  emr create-cluster
  --region "${Region}"
  --name "cdclake-${Environment}"
  --release-label "${release_label}"
  --applications Name=Hadoop Name=Spark
  --configurations "file://${configurations}"
  --log-uri "${LogUri}"
  --ec2-attributes "InstanceProfile=${InstanceProfile},SubnetId=${SubnetId}"
  --service-role "${ServiceRole}"
  --instance-groups
  "InstanceGroupType=MASTER,InstanceCount=1,InstanceType=m6g.xlarge"
  "InstanceGroupType=CORE,InstanceCount=2,InstanceType=r6g.xlarge"
  --step-concurrency-level 1
  --no-auto-terminate
  --tags "application=cdclake" "environment=${Environment}"
  --steps "file://${ingest_step}"
)
if [[ -n "${SecurityConfiguration:-}" ]]; then
  args+=(--security-configuration "${SecurityConfiguration}")
fi

if [[ "${DryRun:-false}" == true ]]; then
  printf 'aws'
  printf ' %q' "${args[@]}"
  printf '\n'
  exit 0
fi
aws "${args[@]}"
