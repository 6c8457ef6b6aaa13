"""Builds the cdclake Airflow DAGs of one environment from the pipeline's data contracts.

Each environment has a small file (cdclake_<env>.py) that calls build_pipeline_dag / build_maintenance_dag with
its schedule and SLA. The DAGs add steps to the environment's long-running EMR cluster; every step runs the
release's deploy/emr/cdclake-submit.sh through script-runner.jar, the same launcher operators use by hand, so a
job is launched one way only.

The data contracts (conf/contracts/*.json) are read when the DAG file is parsed: the curate step covers every
contracted table, and the task documentation lists them, so adding a table needs a contract and no DAG edit.

Airflow Variables per environment (set them once per deployment; they hold no secrets):
    cdclake_<env>_emr_cluster_id   id of the running EMR cluster (j-...)
    cdclake_<env>_release_uri      s3:// release folder printed by deploy/emr/build-and-upload.sh
    cdclake_<env>_lake_bucket      bucket of the lake zones (CDC_LAKE_BUCKET of conf/<env>.json)
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Optional

import airflow
from airflow import DAG
from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator
from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor

CONF_DIR_VARIABLE = "CDCLAKE_CONF_DIR"
LAUNCHER = "cdclake-submit.sh"


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
    owner: str = "data-platform"
    email: tuple = ()
    tags: tuple = ("cdclake",)

    def variable(self, name: str) -> str:
        """Jinja reference to the environment's Airflow Variable, resolved when the task runs."""
        return "{{ var.value.cdclake_%s_%s }}" % (self.environment, name)


@dataclass(frozen=True)
class Contract:
    """The parts of a data contract the DAG shows; conf/contract.schema.json documents the full format."""

    file: str
    source_schema: str
    source_table: str
    curated_table: str
    owner: str
    protected: tuple = field(default_factory=tuple)

    @property
    def source_id(self) -> str:
        return "%s.%s" % (self.source_schema, self.source_table)


def default_conf_dir() -> Path:
    """CDCLAKE_CONF_DIR, else cdclake-conf/ next to the DAG files (deployed), else the repository's conf/."""
    configured = os.environ.get(CONF_DIR_VARIABLE)
    if configured:
        return Path(configured)
    here = Path(__file__).resolve().parent
    for candidate in (here / "cdclake-conf", here.parent / "conf"):
        if (candidate / "contracts").is_dir():
            return candidate
    raise FileNotFoundError(
        "cdclake: no data contracts found; copy the repository's conf/ to %s or set %s"
        % (here / "cdclake-conf", CONF_DIR_VARIABLE))


def _strip_comments(text: str) -> str:
    """Removes // and /* */ comments outside strings (the pipeline's loader accepts them in contracts)."""
    out = []
    i, n, in_string = 0, len(text), False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
            out.append(c)
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


def load_contracts(conf_dir: Path) -> list:
    """Every conf/contracts/*.json, in file-name order (the order the pipeline loads them in)."""
    contracts_dir = Path(conf_dir) / "contracts"
    files = sorted(contracts_dir.glob("*.json"))
    if not files:
        raise FileNotFoundError("cdclake: %s holds no data contracts" % contracts_dir)
    contracts = []
    for f in files:
        try:
            doc = json.loads(_strip_comments(f.read_text(encoding="utf-8")))
            schema, table = doc["source"]["schema"], doc["source"]["table"]
        except (ValueError, KeyError, TypeError) as e:
            raise ValueError("cdclake: %s is not a valid data contract (%s); see conf/contract.schema.json"
                             % (f, e)) from e
        curated = doc.get("curated") or {}
        protected = tuple("%s (%s)" % (c["name"], c["protect"])
                          for c in doc.get("columns") or [] if c.get("protect"))
        contracts.append(Contract(
            file=f.name,
            source_schema=schema,
            source_table=table,
            curated_table=curated.get("table") or ("%s_%s" % (schema, table)).lower(),
            owner=doc.get("owner", "unknown"),
            protected=protected,
        ))
    return contracts


def tables_doc(contracts: list) -> str:
    """Markdown table of the contracted tables, for DAG and task documentation."""
    lines = ["| source table | curated table | owner | protected columns |", "|---|---|---|---|"]
    for c in contracts:
        lines.append("| `%s` | `%s` | %s | %s |" % (
            c.source_id, c.curated_table, c.owner, ", ".join(c.protected) or "none"))
    return "\n".join(lines)


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


def _step_tasks(dag: DAG, settings: EnvironmentSettings, command: str, doc: str, sla: Optional[timedelta]):
    """Adds the step, then waits for it; returns (add task, sensor)."""
    name = command.replace("-", "_")
    add_kwargs = {}
    if settings.execution_role_arn:
        add_kwargs["execution_role_arn"] = settings.execution_role_arn
    add = EmrAddStepsOperator(
        task_id="add_%s_step" % name,
        job_flow_id=settings.variable("emr_cluster_id"),
        steps=[emr_step(settings, command)],
        aws_conn_id=settings.aws_conn_id,
        doc_md="Adds the `%s` step to the EMR cluster.\n\n%s" % (command, doc),
        dag=dag,
        **add_kwargs,
    )
    sensor_kwargs = {"sla": sla} if sla is not None and _supports_sla() else {}
    watch = EmrStepSensor(
        task_id="watch_%s_step" % name,
        job_flow_id=settings.variable("emr_cluster_id"),
        step_id="{{ task_instance.xcom_pull(task_ids='%s', key='return_value')[0] }}" % add.task_id,
        aws_conn_id=settings.aws_conn_id,
        mode="reschedule",
        poke_interval=60,
        timeout=settings.execution_timeout.total_seconds(),
        doc_md="Waits for the `%s` step; fails when the step fails (see its stderr in the EMR console)."
               "\n\n%s" % (command, doc),
        dag=dag,
        **sensor_kwargs,
    )
    add >> watch
    return add, watch


def build_pipeline_dag(settings: EnvironmentSettings, conf_dir: Optional[Path] = None) -> DAG:
    """Curate every contracted table, then register the curated tables in the Glue Data Catalog."""
    contracts = load_contracts(conf_dir or default_conf_dir())
    tables = tables_doc(contracts)
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
               " is caught up by the next one. %d contracted tables (conf/contracts):\n\n%s"
               % (settings.environment, len(contracts), tables),
    )
    _, curated = _step_tasks(dag, settings, "curate", tables, None)
    add_sync, _ = _step_tasks(dag, settings, "catalog-sync", tables, settings.sla)
    curated >> add_sync
    return dag


def build_maintenance_dag(settings: EnvironmentSettings, conf_dir: Optional[Path] = None) -> DAG:
    """Daily OPTIMIZE and VACUUM of the curated tables."""
    contracts = load_contracts(conf_dir or default_conf_dir())
    tables = tables_doc(contracts)
    dag = DAG(
        dag_id="cdclake_%s_maintenance" % settings.environment,
        description="cdclake %s: compact and vacuum the curated Delta tables" % settings.environment,
        schedule=settings.maintenance_schedule,
        start_date=settings.start_date,
        catchup=False,
        max_active_runs=1,
        default_args=_default_args(settings),
        tags=list(settings.tags) + [settings.environment],
        doc_md="## cdclake %s: table maintenance\n\n%s" % (settings.environment, tables),
    )
    _step_tasks(dag, settings, "maintain", tables, None)
    return dag
