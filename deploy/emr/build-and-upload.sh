#!/usr/bin/env bash
# Builds the jars and uploads a release: everything an EMR step needs, in one versioned S3 folder, plus the
# operators' command-line jar (provision, load generator), which no step runs.
#
#   deploy/emr/build-and-upload.sh --artifacts-bucket <bucket> [--kms-key-id <key>] [--skip-build] [--dry-run]
#
# Writes s3://<bucket>/cdclake/releases/<release-id>/ with:
#   cdclake-app-emr.jar  the application jar EMR steps run (app/target/cdclake-app-<version>-emr.jar)
#   cdclake-cli.jar      the command-line jar: provision, load-generator (cli/target/cdclake-cli-<version>.jar)
#   conf.zip             conf/ (environments and data contracts), unpacked by YARN next to the driver
#   cdclake-submit.sh    the launcher that steps run through script-runner.jar
#   SHA256SUMS           checksums of the four, for audit
# <release-id> is the project version; a -SNAPSHOT version gets the git commit appended, so a release folder is
# never overwritten by different bits. Point steps or the Airflow variable at the printed URI to deploy it.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
artifacts_bucket=""
kms_key_id=""
skip_build=false
dry_run=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --artifacts-bucket) artifacts_bucket="${2:?--artifacts-bucket needs a value}"; shift 2 ;;
    --kms-key-id) kms_key_id="${2:?--kms-key-id needs a value}"; shift 2 ;;
    --skip-build) skip_build=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-and-upload: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[[ -n "${artifacts_bucket}" ]] || { echo "build-and-upload: --artifacts-bucket is required" >&2; exit 2; }

cd "${repo_root}"
# The first <version> of the root pom is the project's (the parent has no parent).
version="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"
[[ -n "${version}" ]] || { echo "build-and-upload: cannot read the project version from pom.xml" >&2; exit 1; }
release_id="${version}"
if [[ "${version}" == *-SNAPSHOT ]]; then
  release_id="${version}-$(git rev-parse --short=12 HEAD)"
fi
jar="app/target/cdclake-app-${version}-emr.jar"
cli_jar="cli/target/cdclake-cli-${version}.jar"
stage="$(mktemp -d)"
trap 'rm -rf -- "${stage}"' EXIT

if [[ "${skip_build}" == false ]]; then
  mvn -B -q -DskipTests -pl app,cli -am package
fi
for built in "${jar}" "${cli_jar}"; do
  [[ -f "${built}" ]] || { echo "build-and-upload: ${built} not found; build it (drop --skip-build)" >&2; exit 1; }
done

cp "${jar}" "${stage}/cdclake-app-emr.jar"
cp "${cli_jar}" "${stage}/cdclake-cli.jar"
cp deploy/emr/cdclake-submit.sh "${stage}/cdclake-submit.sh"
# jar writes a plain zip; M leaves out the manifest.
jar cfM "${stage}/conf.zip" -C conf .
(cd "${stage}" && sha256sum cdclake-app-emr.jar cdclake-cli.jar conf.zip cdclake-submit.sh > SHA256SUMS)

release_uri="s3://${artifacts_bucket}/cdclake/releases/${release_id}"
sse=(--sse aws:kms)
if [[ -n "${kms_key_id}" ]]; then
  sse+=(--sse-kms-key-id "${kms_key_id}")
fi
for f in cdclake-app-emr.jar cdclake-cli.jar conf.zip cdclake-submit.sh SHA256SUMS; do
  if [[ "${dry_run}" == true ]]; then
    echo "would run: aws s3 cp ${stage}/${f} ${release_uri}/${f} ${sse[*]}"
  else
    aws s3 cp --only-show-errors "${stage}/${f}" "${release_uri}/${f}" "${sse[@]}"
  fi
done
echo "release ${release_id}: ${release_uri}"
