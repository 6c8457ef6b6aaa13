"""cdclake in production (conf/prod.json): curate then catalog sync every hour, maintenance nightly.

The DAGs themselves are built by cdclake_dag_factory from the data contracts; this file only says when and how
strictly. Another environment is a copy of this file with its own name, schedule and SLA (and a
conf/<env>.json).
"""

from datetime import datetime, timedelta

from cdclake_dag_factory import EnvironmentSettings, build_maintenance_dag, build_pipeline_dag

SETTINGS = EnvironmentSettings(
    environment="prod",
    region="eu-west-1",
    # Hourly, a quarter past: the ingest stream has flushed the previous hour's changes by then.
    schedule="15 * * * *",
    start_date=datetime(2025, 1, 1),
    # Catalog sync done within 75 minutes of the scheduled time, or an SLA miss is raised.
    sla=timedelta(minutes=75),
    maintenance_schedule="30 3 * * *",
    retries=2,
    # One EMR runtime role per job (policies in deploy/emr/iam); the ARNs are Airflow Variables of the account.
    execution_roles={
        "curate": "{{ var.value.cdclake_prod_curate_role_arn }}",
        "maintain": "{{ var.value.cdclake_prod_curate_role_arn }}",
        "catalog-sync": "{{ var.value.cdclake_prod_catalog_role_arn }}",
    },
    owner="payments-data",
    tags=("cdclake", "pci"),
)

pipeline = build_pipeline_dag(SETTINGS)
maintenance = build_maintenance_dag(SETTINGS)
