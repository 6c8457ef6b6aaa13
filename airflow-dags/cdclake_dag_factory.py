"""Builds the cdclake Airflow DAGs of one environment.

Each environment has a small file (cdclake_<env>.py) that calls build_pipeline_dag / build_maintenance_dag with its
schedule, SLA and runtime (EMR on EC2, or EMR Serverless: EmrServerlessStartJobOperator, one job run per job, also
waited for in the task, so a retry starts a new run).

Where the jobs run is the settings' runtime. On EMR on EC2 every job is one EmrAddStepsOperator that adds the step and waits for it (wait_for_completion, or
deferred to the triggerer): when the step fails the task fails, and the task's retry adds the step again. (A
separate sensor would re-poll the same failed step id on retry, and nothing would resubmit it.) Every step runs the
release's deploy/emr/cdclake-submit.sh through script-runner.jar, the same launcher operators use by hand. Each job
can run under its own EMR runtime role (deploy/emr/iam: curate, catalog), so one job never holds another's rights.

Catalog sync runs after curate whatever curate's outcome (trigger rule all_done): a table that failed to curate
kept its last good version, which sync registers unchanged, and every other table is registered with its new
schema. The run still fails when curate did (the pipeline_outcome task).

Parsing costs the same for 10 or 10,000 tables: the DAG reads no contract. Curate covers every contract of the
release's conf/contracts, and the tables are listed by `Main status` / the curate report, not in the DAG.

Airflow Variables per environment (set them once per deployment; they hold no secrets):
    cdclake_<env>_emr_cluster_id   id of the running EMR cluster (j-...)            (EMR on EC2)
    cdclake_<env>_emr_app_id       id of the EMR Serverless application              (EMR Serverless)
    cdclake_<env>_release_uri      s3:// release folder printed by deploy/emr/build-and-upload.sh
    cdclake_<env>_lake_bucket      bucket of the lake zones (CDC_LAKE_BUCKET of conf/<env>.json)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Optional

import airflow
from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator, EmrServerlessStartJobOperator

LAUNCHER = "cdclake-submit.sh"
APP_JAR = "cdclake-app-emr.jar"
MAIN_CLASS = "io.cdclake.app.Main"
CONF_ALIAS = "cdclake-conf"


@dataclass(frozen=True)
class EnvironmentSettings:
    """What differs between environments. Account-specific values stay in Airflow Variables."""

    environment: str
    region: str
    schedule: str
    start_date: datetime
    sla: timedelta
    maintenance_schedule: str = "30 3 * * *"
    retries: int = 2
    retry_delay: timedelta = timedelta(minutes=5)
    execution_timeout: timedelta = timedelta(hours=2)
    aws_conn_id: str = "aws_default"
    execution_role_arn: Optional[str] = None
    # EMR runtime role per job (command -> role ARN), over execution_role_arn: e.g. {"curate": "arn:...:role/
    # cdclake-curate", "catalog-sync": "arn:...:role/cdclake-catalog"} with the policies of deploy/emr/iam.
    execution_roles: dict = field(default_factory=dict)
    # Wait for steps on the triggerer instead of a worker slot (Amazon provider with deferrable EMR operators).
    deferrable: bool = False
    step_poll_seconds: int = 60
    # Where the jobs run: "emr-ec2" (steps on the long-running cluster) or "emr-serverless" (job runs of an
    # application). One DAG per environment either way, so two runtimes never curate the same tables at once.
    runtime: str = "emr-ec2"
    owner: str = "data-platform"
    email: tuple = ()
    tags: tuple = ("cdclake",)

    def role_for(self, command: str) -> Optional[str]:
        return self.execution_roles.get(command, self.execution_role_arn)

    def variable(self, name: str) -> str:
        """Jinja reference to the environment's Airflow Variable, resolved when the task runs."""
        return "{{ var.value.cdclake_%s_%s }}" % (self.environment, name)


def emr_step(settings: EnvironmentSettings, command: str) -> dict:
    """One EMR step running the release's launcher; the boto3 form of deploy/emr/steps/*.json."""
    release = settings.variable("release_uri")
    return {
        "Name": "cdclake-%s-%s" % (command, settings.environment),
        "ActionOnFailure": "CONTINUE",
        "HadoopJarStep": {
            "Jar": "s3://%s.elasticmapreduce/libs/script-runner/script-runner.jar" % settings.region,
            "Args": [
                "%s/%s" % (release, LAUNCHER), command,
                "--env", settings.environment,
                "--release", release,
                "--app-env", "CDC_LAKE_BUCKET=%s" % settings.variable("lake_bucket"),
                "--app-env", "AWS_REGION=%s" % settings.region,
            ],
        },
    }


def _default_args(settings: EnvironmentSettings) -> dict:
    return {
        "owner": settings.owner,
        "retries": settings.retries,
        "retry_delay": settings.retry_delay,
        "retry_exponential_backoff": True,
        "execution_timeout": settings.execution_timeout,
        "email": list(settings.email),
        "email_on_failure": bool(settings.email),
        "email_on_retry": False,
    }


def _supports_sla() -> bool:
    # Task SLAs exist up to Airflow 2; Airflow 3 replaced them with deadline alerts.
    return int(airflow.__version__.split(".")[0]) < 3


def _waiting_task_kwargs(settings: EnvironmentSettings, sla: Optional[timedelta], task_kwargs: dict) -> dict:
    """What both runtimes' job tasks share: wait for the job in the task (so a retry resubmits), the SLA."""
    poll = settings.step_poll_seconds
    kwargs = dict(task_kwargs)
    kwargs.update(
        wait_for_completion=True,
        deferrable=settings.deferrable,
        waiter_delay=poll,
        waiter_max_attempts=max(1, int(settings.execution_timeout.total_seconds() // poll)),
    )
    if sla is not None and _supports_sla():
        kwargs["sla"] = sla
    return kwargs


def _step_task(dag: DAG, settings: EnvironmentSettings, command: str, doc: str, sla: Optional[timedelta],
               **task_kwargs):
    """One task that adds the job's step and waits for it, so that a retry of the task adds the step again."""
    kwargs = _waiting_task_kwargs(settings, sla, task_kwargs)
    role = settings.role_for(command)
    if role:
        kwargs["execution_role_arn"] = role
    return EmrAddStepsOperator(
        task_id=command.replace("-", "_"),
        job_flow_id=settings.variable("emr_cluster_id"),
        steps=[emr_step(settings, command)],
        aws_conn_id=settings.aws_conn_id,
        doc_md="Adds the `%s` step to the EMR cluster and waits for it; fails when the step fails (its stderr is"
               " in the EMR console), and a retry adds a new step.\n\n%s" % (command, doc),
        dag=dag,
        **kwargs,
    )


def _job_task(dag: DAG, settings: EnvironmentSettings, command: str, doc: str, sla: Optional[timedelta],
              **task_kwargs):
    if settings.runtime == "emr-ec2":
        return _step_task(dag, settings, command, doc, sla, **task_kwargs)
    if settings.runtime == "emr-serverless":
        return _serverless_task(dag, settings, command, doc, sla, **task_kwargs)
    raise ValueError("cdclake: runtime is %r, expected 'emr-ec2' or 'emr-serverless'" % settings.runtime)


def _outcome(dag: DAG, upstream: list) -> EmptyOperator:
    """Fails the run when any job failed, even one whose downstream ran anyway (trigger rule all_done)."""
    outcome = EmptyOperator(task_id="pipeline_outcome", trigger_rule="all_success", dag=dag,
                            doc_md="Succeeds only when every job of the run did.")
    for task in upstream:
        task >> outcome
    return outcome


CURATE_DOC = ("Curate applies the new raw changes of every table the release's conf/contracts holds, each table"
              " alone: one failing table fails the step after the others are done, and its unfinished batch is"
              " replayed by the next run.")
SYNC_DOC = ("Catalog sync registers every curated table in the Glue Data Catalog (idempotent); it runs even when"
            " curate failed, so the tables that did curate are queryable with their new schema.")


def build_pipeline_dag(settings: EnvironmentSettings) -> DAG:
    """Curate every contracted table, then register the curated tables in the Glue Data Catalog."""
    dag = DAG(
        dag_id="cdclake_%s_curate_catalog" % settings.environment,
        description="cdclake %s: apply new raw changes to the curated Delta tables, then sync the catalog"
                    % settings.environment,
        schedule=settings.schedule,
        start_date=settings.start_date,
        catchup=False,
        # Two curate runs on the same Delta tables would conflict; an overdue run is simply picked up late.
        max_active_runs=1,
        dagrun_timeout=settings.execution_timeout * 2,
        default_args=_default_args(settings),
        tags=list(settings.tags) + [settings.environment],
        doc_md="## cdclake %s: curate, then catalog sync\n\nCurate is incremental and idempotent: a failed run"
               " is caught up by the next one.\n\n%s\n\n%s" % (settings.environment, CURATE_DOC, SYNC_DOC),
    )
    curate = _job_task(dag, settings, "curate", CURATE_DOC, None)
    sync = _job_task(dag, settings, "catalog-sync", SYNC_DOC, settings.sla, trigger_rule="all_done")
    curate >> sync
    _outcome(dag, [curate, sync])
    return dag


def build_maintenance_dag(settings: EnvironmentSettings) -> DAG:
    """Daily OPTIMIZE and VACUUM of the curated tables."""
    dag = DAG(
        dag_id="cdclake_%s_maintenance" % settings.environment,
        description="cdclake %s: compact and vacuum the curated Delta tables" % settings.environment,
        schedule=settings.maintenance_schedule,
        start_date=settings.start_date,
        catchup=False,
        max_active_runs=1,
        default_args=_default_args(settings),
        tags=list(settings.tags) + [settings.environment],
        doc_md="## cdclake %s: table maintenance\n\nOPTIMIZE, tombstone pruning and VACUUM of every curated table"
               " (`Main maintain`)." % settings.environment,
    )
    _job_task(dag, settings, "maintain", "Compacts and vacuums every curated table.", None)
    return dag


def serverless_job_driver(settings: EnvironmentSettings, command: str) -> dict:
    """The EMR Serverless form of a job: the release's application jar with Main's command line."""
    release = settings.variable("release_uri")
    return {
        "sparkSubmit": {
            "entryPoint": "%s/%s" % (release, APP_JAR),
            "entryPointArguments": [command, "--env", settings.environment, "--conf-dir", CONF_ALIAS],
            "sparkSubmitParameters": " ".join([
                "--class", MAIN_CLASS,
                # The same conf.zip the EMR steps unpack (deploy/emr/cdclake-submit.sh), under the same alias.
                "--archives", "%s/conf.zip#%s" % (release, CONF_ALIAS),
                "--conf", "spark.emr-serverless.driverEnv.CDC_LAKE_BUCKET=%s" % settings.variable("lake_bucket"),
                "--conf", "spark.executorEnv.CDC_LAKE_BUCKET=%s" % settings.variable("lake_bucket"),
                "--conf", "spark.emr-serverless.driverEnv.AWS_REGION=%s" % settings.region,
            ]),
        }
    }


def _serverless_task(dag: DAG, settings: EnvironmentSettings, command: str, doc: str, sla: Optional[timedelta],
                     **task_kwargs):
    kwargs = _waiting_task_kwargs(settings, sla, task_kwargs)
    role = settings.role_for(command)
    if not role:
        raise ValueError("cdclake: EMR Serverless needs an execution role for %s: set execution_roles or"
                         " execution_role_arn in the %s settings" % (command, settings.environment))
    return EmrServerlessStartJobOperator(
        task_id=command.replace("-", "_"),
        application_id=settings.variable("emr_app_id"),
        execution_role_arn=role,
        job_driver=serverless_job_driver(settings, command),
        configuration_overrides={},
        name="cdclake-%s-%s" % (command, settings.environment),
        aws_conn_id=settings.aws_conn_id,
        doc_md="Starts the `%s` job run on the EMR Serverless application and waits for it; a retry starts a new"
               " job run.\n\n%s" % (command, doc),
        dag=dag,
        **kwargs,
    )
