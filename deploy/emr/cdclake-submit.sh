#!/usr/bin/env bash
# Submits one cdclake job to YARN on the EMR primary node. It is the single definition of how every job is
# launched: EMR steps (deploy/emr/steps/*.json) and the Airflow DAGs run it through script-runner.jar, and an
# operator on the primary node can run it by hand.
#
#   cdclake-submit.sh <command> --env <name> --release <s3-uri> [options]
#
# <command>             ingest | curate | catalog-sync | catalog-ddl | maintain
# --env <name>          environment: conf/<name>.json inside the release's conf.zip
# --release <s3-uri>    release folder written by build-and-upload.sh (holds cdclake-app-emr.jar, conf.zip)
# --app-env NAME=VALUE  environment variable for the driver, e.g. CDC_LAKE_BUCKET=my-lake (repeatable);
#                       never a secret: step arguments are visible in the EMR console
# --spark-conf K=V      extra Spark setting (repeatable), e.g. spark.executor.instances=4
# --hash-key-secret-id  ingest only: Secrets Manager secret holding the PCI hash key ('<key id>:<base64>')
# --hash-key-env NAME   ingest only: variable the key is passed in (pci.hashKeyEnv; default CDC_PCI_HASH_KEY)
# --dry-run             print the spark-submit command (secret redacted) instead of running it
# -- ARGS...            passed to the command itself, e.g. -- --tables payments_cards, or catalog-ddl -- --out DIR
#
# ingest runs in cluster mode and returns once YARN accepted it (the stream runs until stopped); YARN restarts
# a failed attempt (see INGEST_RESTART_CONF) and the checkpoint makes the restart exactly-once. Submitting
# ingest while it runs is a no-op, so the ingest step can be scheduled as a watchdog. The batch commands run in
# cluster mode and wait, so the EMR step (and the Airflow sensor) fails when the job fails.
set -euo pipefail

readonly MAIN_CLASS="io.cdclake.app.Main"
readonly CONF_ALIAS="cdclake-conf"
readonly KINESIS_CONNECTOR_JAR="/usr/share/aws/kinesis/spark-sql-kinesis/lib/spark-streaming-sql-kinesis-connector.jar"
# Spark 3.5 on Java 17: the JVM module flags Spark needs (same list as spark.jvm.flags in the root pom), and
# exit on OutOfMemoryError so YARN replaces the container instead of leaving a half-dead JVM. These replace
# EMR's default extraJavaOptions, whose OOM handling they re-establish.
readonly JAVA17_OPTS="--add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED -XX:+ExitOnOutOfMemoryError"
# Restart policy of the long-running ingest application: up to 4 attempts, the count forgotten after an hour
# of health, and executor failures tolerated on the same terms.
readonly INGEST_RESTART_CONF=(
  "spark.yarn.maxAppAttempts=4"
  "spark.yarn.am.attemptFailuresValidityInterval=1h"
  "spark.yarn.max.executor.failures=16"
  "spark.yarn.executor.failuresValidityInterval=1h"
  "spark.yarn.submit.waitAppCompletion=false"
  "spark.dynamicAllocation.enabled=false"
)

die() {
  echo "cdclake-submit: $*" >&2
  exit 2
}

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}

command_name="${1:-}"
case "${command_name}" in
  ingest | curate | catalog-sync | catalog-ddl | maintain) shift ;;
  -h | --help) usage; exit 0 ;;
  *) die "first argument must be ingest, curate, catalog-sync, catalog-ddl or maintain (got '${command_name}')" ;;
esac

env_name=""
release=""
hash_key_secret_id=""
hash_key_env="CDC_PCI_HASH_KEY"
dry_run=false
app_env=()
spark_conf=()
app_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --env) env_name="${2:?--env needs a value}"; shift 2 ;;
    --release) release="${2:?--release needs a value}"; shift 2 ;;
    --app-env) app_env+=("${2:?--app-env needs NAME=VALUE}"); shift 2 ;;
    --spark-conf) spark_conf+=("${2:?--spark-conf needs KEY=VALUE}"); shift 2 ;;
    --hash-key-secret-id) hash_key_secret_id="${2:?--hash-key-secret-id needs a value}"; shift 2 ;;
    --hash-key-env) hash_key_env="${2:?--hash-key-env needs a value}"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    --) shift; app_args=("$@"); break ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

[[ "${env_name}" =~ ^[a-z][a-z0-9_-]*$ ]] || die "--env is required: a lower-case environment name"
[[ "${release}" =~ ^s3://[^/]+/.+ ]] || die "--release must be the s3:// folder written by build-and-upload.sh"
release="${release%/}"
for kv in "${app_env[@]}"; do
  [[ "${kv}" =~ ^[A-Z_][A-Z0-9_]*=.*$ ]] || die "--app-env '${kv}' is not NAME=VALUE"
  [[ "${kv%%=*}" != "${hash_key_env}" ]] || die "the PCI hash key must come from --hash-key-secret-id, never --app-env"
done
for kv in "${spark_conf[@]}"; do
  [[ "${kv}" =~ ^spark\.[A-Za-z0-9._-]+=.*$ ]] || die "--spark-conf '${kv}' is not spark.KEY=VALUE"
done

app_name="cdclake-${command_name}-${env_name}"
args=(
  spark-submit
  --master yarn
  --deploy-mode cluster
  --name "${app_name}"
  --class "${MAIN_CLASS}"
  --archives "${release}/conf.zip#${CONF_ALIAS}"
  --conf "spark.driver.extraJavaOptions=${JAVA17_OPTS}"
  --conf "spark.executor.extraJavaOptions=${JAVA17_OPTS}"
  --conf "spark.yarn.appMasterEnv.CDCLAKE_RELEASE=${release}"
)
for kv in "${app_env[@]}"; do
  args+=(--conf "spark.yarn.appMasterEnv.${kv}")
done
if [[ "${command_name}" == "ingest" ]]; then
  args+=(--jars "${KINESIS_CONNECTOR_JAR}")
  for kv in "${INGEST_RESTART_CONF[@]}"; do
    args+=(--conf "${kv}")
  done
fi
for kv in "${spark_conf[@]}"; do
  args+=(--conf "${kv}")
done

properties_file=""
cleanup() {
  if [[ -n "${properties_file}" ]]; then
    rm -f -- "${properties_file}"
  fi
}
trap cleanup EXIT

if [[ "${command_name}" == "ingest" ]]; then
  [[ -n "${hash_key_secret_id}" ]] || die "ingest hashes card data: --hash-key-secret-id is required"
  if [[ "${dry_run}" == false ]]; then
    if yarn application -list -appStates SUBMITTED,ACCEPTED,RUNNING 2>/dev/null | awk '{print $2}' \
        | grep -qx -- "${app_name}"; then
      echo "cdclake-submit: ${app_name} is already running; nothing to do"
      exit 0
    fi
    hash_key="$(aws secretsmanager get-secret-value --secret-id "${hash_key_secret_id}" \
      --query SecretString --output text)"
    [[ "${hash_key}" =~ ^([A-Za-z0-9][A-Za-z0-9_.-]{0,31}:)?[A-Za-z0-9+/=_-]{32,}$ ]] \
      || die "secret ${hash_key_secret_id} must hold '<key id>:<base64 of 32+ random bytes>' (value not shown)"
    # The key goes to the driver through a private properties file, never the command line (visible in ps
    # and in the EMR console). spark-submit reads only one properties file, so it starts from the defaults.
    umask 077
    properties_file="$(mktemp)"
    cat "${SPARK_CONF_DIR:-/etc/spark/conf}/spark-defaults.conf" > "${properties_file}"
    printf 'spark.yarn.appMasterEnv.%s %s\n' "${hash_key_env}" "${hash_key}" >> "${properties_file}"
    unset hash_key
    args+=(--properties-file "${properties_file}")
  else
    args+=(--properties-file "<spark-defaults + spark.yarn.appMasterEnv.${hash_key_env} from ${hash_key_secret_id}>")
  fi
fi

args+=("${release}/cdclake-app-emr.jar" "${command_name}" --env "${env_name}" --conf-dir "${CONF_ALIAS}"
  "${app_args[@]}")

if [[ "${dry_run}" == true ]]; then
  printf '%q ' "${args[@]}"
  printf '\n'
  exit 0
fi
echo "cdclake-submit: submitting ${app_name} from ${release}"
"${args[@]}"
