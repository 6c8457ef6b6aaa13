"""Structure of the cdclake DAGs, checked without Airflow installed.

The airflow modules the DAG files import are replaced by small fakes that record operators, their arguments
and their dependencies; CI also loads the same files with a real Airflow (the 'airflow-dags' workflow job).

    python3 -m unittest discover -s airflow-dags/tests
"""

import importlib
import json
import re
import sys
import tempfile
import types
import unittest
from datetime import timedelta
from pathlib import Path

DAGS_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = DAGS_DIR.parent
CONF_DIR = REPO_ROOT / "conf"


class FakeDag:
    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = []

    def task(self, task_id):
        return next(t for t in self.tasks if t.task_id == task_id)


class FakeOperator:
    def __init__(self, task_id, dag, **kwargs):
        self.task_id = task_id
        self.dag = dag
        self.kwargs = kwargs
        self.downstream = []
        dag.tasks.append(self)

    def __rshift__(self, other):
        self.downstream.append(other)
        return other

    def effective(self, name):
        """An argument as Airflow would see it: the task's own, else the DAG's default_args."""
        return self.kwargs.get(name, self.dag.kwargs.get("default_args", {}).get(name))


class EmrAddStepsOperator(FakeOperator):
    pass


class EmrStepSensor(FakeOperator):
    pass


def install_fake_airflow(version="2.10.5"):
    modules = {
        "airflow": types.ModuleType("airflow"),
        "airflow.providers": types.ModuleType("airflow.providers"),
        "airflow.providers.amazon": types.ModuleType("airflow.providers.amazon"),
        "airflow.providers.amazon.aws": types.ModuleType("airflow.providers.amazon.aws"),
        "airflow.providers.amazon.aws.operators": types.ModuleType("airflow.providers.amazon.aws.operators"),
        "airflow.providers.amazon.aws.operators.emr": types.ModuleType("airflow.providers.amazon.aws.operators.emr"),
        "airflow.providers.amazon.aws.sensors": types.ModuleType("airflow.providers.amazon.aws.sensors"),
        "airflow.providers.amazon.aws.sensors.emr": types.ModuleType("airflow.providers.amazon.aws.sensors.emr"),
    }
    modules["airflow"].__version__ = version
    modules["airflow"].DAG = FakeDag
    modules["airflow.providers.amazon.aws.operators.emr"].EmrAddStepsOperator = EmrAddStepsOperator
    modules["airflow.providers.amazon.aws.sensors.emr"].EmrStepSensor = EmrStepSensor
    sys.modules.update(modules)


def load(module_name, version="2.10.5"):
    install_fake_airflow(version)
    if str(DAGS_DIR) not in sys.path:
        sys.path.insert(0, str(DAGS_DIR))
    for name in ("cdclake_dag_factory", module_name):
        sys.modules.pop(name, None)
    return importlib.import_module(module_name)


def repository_contracts():
    """Source and curated names of every contract, read independently of the DAG code."""
    out = []
    for f in sorted((CONF_DIR / "contracts").glob("*.json")):
        doc = json.loads(f.read_text(encoding="utf-8"))
        source = "%s.%s" % (doc["source"]["schema"], doc["source"]["table"])
        out.append((source, doc["curated"].get("table", source.replace(".", "_").lower())))
    return out


class PipelineDagTest(unittest.TestCase):
    def setUp(self):
        self.module = load("cdclake_prod")
        self.dag = self.module.pipeline

    def test_task_ids_and_order_curate_before_sync(self):
        ids = [t.task_id for t in self.dag.tasks]
        self.assertEqual(["add_curate_step", "watch_curate_step", "add_catalog_sync_step",
                          "watch_catalog_sync_step"], ids)
        chain = [(t.task_id, [d.task_id for d in t.downstream]) for t in self.dag.tasks]
        self.assertEqual([("add_curate_step", ["watch_curate_step"]),
                          ("watch_curate_step", ["add_catalog_sync_step"]),
                          ("add_catalog_sync_step", ["watch_catalog_sync_step"]),
                          ("watch_catalog_sync_step", [])], chain)

    def test_operator_types_and_sensor_follows_its_own_step(self):
        for task in self.dag.tasks:
            expected = EmrAddStepsOperator if task.task_id.startswith("add_") else EmrStepSensor
            self.assertIsInstance(task, expected, task.task_id)
        for job in ("curate", "catalog_sync"):
            sensor = self.dag.task("watch_%s_step" % job)
            self.assertIn("task_ids='add_%s_step'" % job, sensor.kwargs["step_id"])
            self.assertEqual("reschedule", sensor.kwargs["mode"])
            self.assertEqual(self.dag.task("add_%s_step" % job).kwargs["job_flow_id"], sensor.kwargs["job_flow_id"])
        self.assertEqual("{{ var.value.cdclake_prod_emr_cluster_id }}",
                         self.dag.task("add_curate_step").kwargs["job_flow_id"])

    def test_schedule_retries_and_sla(self):
        self.assertEqual("15 * * * *", self.dag.kwargs["schedule"])
        self.assertEqual(1, self.dag.kwargs["max_active_runs"], "curate runs must never overlap")
        self.assertFalse(self.dag.kwargs["catchup"])
        for task in self.dag.tasks:
            self.assertGreaterEqual(task.effective("retries"), 1, task.task_id)
            self.assertIsInstance(task.effective("retry_delay"), timedelta)
        self.assertEqual(timedelta(minutes=75), self.dag.task("watch_catalog_sync_step").kwargs["sla"])

    def test_steps_run_the_released_launcher_with_the_environment(self):
        for job, command in (("curate", "curate"), ("catalog_sync", "catalog-sync")):
            steps = self.dag.task("add_%s_step" % job).kwargs["steps"]
            self.assertEqual(1, len(steps))
            step = steps[0]
            self.assertEqual("cdclake-%s-prod" % command, step["Name"])
            jar = step["HadoopJarStep"]["Jar"]
            self.assertEqual("s3://eu-west-1.elasticmapreduce/libs/script-runner/script-runner.jar", jar)
            args = step["HadoopJarStep"]["Args"]
            self.assertEqual("{{ var.value.cdclake_prod_release_uri }}/cdclake-submit.sh", args[0])
            self.assertEqual(command, args[1])
            self.assertEqual("prod", args[args.index("--env") + 1])
            self.assertIn("CDC_LAKE_BUCKET={{ var.value.cdclake_prod_lake_bucket }}", args)
            self.assertFalse(any("HASH_KEY" in a for a in args), "no PCI key in step arguments")

    def test_launcher_accepts_every_command_the_dags_run(self):
        launcher = (REPO_ROOT / "deploy" / "emr" / "cdclake-submit.sh").read_text(encoding="utf-8")
        accepted = re.search(r"^\s*([a-z| -]+)\) shift ;;$", launcher, re.M)
        self.assertIsNotNone(accepted, "command list of cdclake-submit.sh not found")
        commands = {c.strip() for c in accepted.group(1).split("|")}
        dags = (self.dag, self.module.maintenance)
        used = {t.kwargs["steps"][0]["HadoopJarStep"]["Args"][1] for d in dags for t in d.tasks
                if isinstance(t, EmrAddStepsOperator)}
        self.assertEqual({"curate", "catalog-sync", "maintain"}, used)
        self.assertTrue(used <= commands, "%s not accepted by the launcher (%s)" % (used - commands, commands))

    def test_every_contract_is_documented_on_the_dag_and_the_curate_task(self):
        contracts = repository_contracts()
        self.assertTrue(contracts)
        for source, curated in contracts:
            for doc in (self.dag.kwargs["doc_md"], self.dag.task("add_curate_step").kwargs["doc_md"]):
                self.assertIn("`%s`" % source, doc)
                self.assertIn("`%s`" % curated, doc)
        self.assertIn("pan (hash)", self.dag.kwargs["doc_md"], "protected columns are shown, never values")

    def test_a_new_contract_needs_no_dag_edit(self):
        factory = sys.modules["cdclake_dag_factory"]
        with tempfile.TemporaryDirectory() as tmp:
            contracts = Path(tmp) / "contracts"
            contracts.mkdir()
            for f in (CONF_DIR / "contracts").glob("*.json"):
                (contracts / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
            (contracts / "payments.refunds.json").write_text(
                '// comments are allowed, as in the pipeline\n'
                '{"source": {"schema": "payments", "table": "refunds"}, "primaryKey": ["refund_id"],'
                ' "curated": {}, "owner": "payments-data@example.com"}', encoding="utf-8")
            dag = factory.build_pipeline_dag(self.module.SETTINGS, conf_dir=Path(tmp))
        self.assertIn("`payments.refunds`", dag.kwargs["doc_md"])
        self.assertIn("`payments_refunds`", dag.task("add_curate_step").kwargs["doc_md"])
        self.assertEqual([t.task_id for t in self.dag.tasks], [t.task_id for t in dag.tasks])

    def test_bad_contract_fails_the_parse_with_its_file_name(self):
        factory = sys.modules["cdclake_dag_factory"]
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "contracts").mkdir()
            (Path(tmp) / "contracts" / "broken.json").write_text('{"source": {}}', encoding="utf-8")
            with self.assertRaises(ValueError) as raised:
                factory.build_pipeline_dag(self.module.SETTINGS, conf_dir=Path(tmp))
        self.assertIn("broken.json", str(raised.exception))


class MaintenanceDagTest(unittest.TestCase):
    def test_nightly_maintain_step(self):
        dag = load("cdclake_prod").maintenance
        self.assertEqual("cdclake_prod_maintenance", dag.dag_id)
        self.assertEqual("30 3 * * *", dag.kwargs["schedule"])
        self.assertEqual(["add_maintain_step", "watch_maintain_step"], [t.task_id for t in dag.tasks])
        self.assertEqual("maintain", dag.tasks[0].kwargs["steps"][0]["HadoopJarStep"]["Args"][1])


class AirflowThreeTest(unittest.TestCase):
    def test_no_sla_argument_where_airflow_has_none(self):
        dag = load("cdclake_prod", version="3.0.2").pipeline
        self.assertNotIn("sla", dag.task("watch_catalog_sync_step").kwargs)


if __name__ == "__main__":
    unittest.main()
