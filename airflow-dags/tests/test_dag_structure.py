"""Structure and retry behaviour of the cdclake DAGs, checked without Airflow installed.

The airflow modules the DAG files import are replaced by small fakes that record operators, their arguments
and their dependencies; CI also loads the same files with a real Airflow and the Amazon provider (the
'airflow-dags' workflow job). The retry tests run a DAG through a tiny scheduler (trigger rules, retries) whose
EMR operator fake behaves as the provider's does with wait_for_completion: each execution adds a step and fails
when that step fails.

    python3 -m unittest discover -s airflow-dags/tests -t airflow-dags
"""

import importlib
import re
import sys
import types
import unittest
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

DAGS_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = DAGS_DIR.parent


class FakeDag:
    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = []

    def task(self, task_id):
        return next(t for t in self.tasks if t.task_id == task_id)


class FakeOperator:
    def __init__(self, task_id, dag, trigger_rule="all_success", **kwargs):
        self.task_id = task_id
        self.dag = dag
        self.trigger_rule = trigger_rule
        self.kwargs = kwargs
        self.downstream = []
        self.upstream = []
        dag.tasks.append(self)

    def __rshift__(self, other):
        self.downstream.append(other)
        other.upstream.append(self)
        return other

    def effective(self, name):
        """An argument as Airflow would see it: the task's own, else the DAG's default_args."""
        return self.kwargs.get(name, self.dag.kwargs.get("default_args", {}).get(name))

    def execute(self, emr):
        pass


class EmrAddStepsOperator(FakeOperator):
    def execute(self, emr):
        """As the provider's: add the steps; with wait_for_completion, wait and fail when a step fails."""
        ids = [emr.add_step(step) for step in self.kwargs["steps"]]
        if self.kwargs.get("wait_for_completion"):
            for step_id in ids:
                if emr.state(step_id) != "COMPLETED":
                    raise RuntimeError("step %s failed" % step_id)
        return ids


class EmrServerlessStartJobOperator(EmrAddStepsOperator):
    def execute(self, emr):
        run = emr.add_step({"Name": self.kwargs["name"]})
        if self.kwargs.get("wait_for_completion") and emr.state(run) != "COMPLETED":
            raise RuntimeError("job run %s failed" % run)
        return run


class EmptyOperator(FakeOperator):
    pass


class FakeEmr:
    """Steps by name; the first `failures[name]` submissions of a step fail."""

    def __init__(self, failures=None):
        self.failures = dict(failures or {})
        self.submitted = []
        self.states = {}

    def add_step(self, step):
        name = step["Name"]
        step_id = "s-%d" % (len(self.submitted) + 1)
        self.submitted.append(name)
        failing = self.failures.get(name, 0) > 0
        if failing:
            self.failures[name] -= 1
        self.states[step_id] = "FAILED" if failing else "COMPLETED"
        return step_id

    def state(self, step_id):
        return self.states[step_id]


def run_dag(dag, emr):
    """Runs every task once in dependency order, with its retries, under Airflow's trigger rules."""
    states = {}
    pending = list(dag.tasks)
    while pending:
        task = next(t for t in pending if all(u.task_id in states for u in t.upstream))
        pending.remove(task)
        upstream = [states[u.task_id] for u in task.upstream]
        if task.trigger_rule == "all_success" and any(s != "success" for s in upstream):
            states[task.task_id] = "upstream_failed"
            continue
        attempts = 1 + (task.effective("retries") or 0)
        for _ in range(attempts):
            try:
                task.execute(emr)
                states[task.task_id] = "success"
                break
            except RuntimeError:
                states[task.task_id] = "failed"
    leaves = [t for t in dag.tasks if not t.downstream]
    run_state = "success" if all(states[t.task_id] == "success" for t in leaves) else "failed"
    return states, run_state


def install_fake_airflow(version="2.10.5"):
    names = ["airflow", "airflow.operators", "airflow.operators.empty", "airflow.providers",
             "airflow.providers.amazon", "airflow.providers.amazon.aws", "airflow.providers.amazon.aws.operators",
             "airflow.providers.amazon.aws.operators.emr"]
    modules = {n: types.ModuleType(n) for n in names}
    modules["airflow"].__version__ = version
    modules["airflow"].DAG = FakeDag
    modules["airflow.operators.empty"].EmptyOperator = EmptyOperator
    emr = modules["airflow.providers.amazon.aws.operators.emr"]
    emr.EmrAddStepsOperator = EmrAddStepsOperator
    emr.EmrServerlessStartJobOperator = EmrServerlessStartJobOperator
    sys.modules.update(modules)


def load(module_name, version="2.10.5"):
    install_fake_airflow(version)
    if str(DAGS_DIR) not in sys.path:
        sys.path.insert(0, str(DAGS_DIR))
    for name in ("cdclake_dag_factory", module_name):
        sys.modules.pop(name, None)
    return importlib.import_module(module_name)


class PipelineDagTest(unittest.TestCase):
    def setUp(self):
        self.module = load("cdclake_prod")
        self.dag = self.module.pipeline
        self.factory = sys.modules["cdclake_dag_factory"]

    def test_one_task_per_job_that_adds_its_step_and_waits_for_it(self):
        self.assertEqual(["curate", "catalog_sync", "pipeline_outcome"], [t.task_id for t in self.dag.tasks])
        for job in ("curate", "catalog_sync"):
            task = self.dag.task(job)
            self.assertIsInstance(task, EmrAddStepsOperator)
            self.assertTrue(task.kwargs["wait_for_completion"], "a retry must resubmit, not re-poll")
            self.assertEqual("{{ var.value.cdclake_prod_emr_cluster_id }}", task.kwargs["job_flow_id"])
            self.assertGreaterEqual(task.kwargs["waiter_delay"] * task.kwargs["waiter_max_attempts"],
                                    timedelta(hours=2).total_seconds() - task.kwargs["waiter_delay"])
        self.assertEqual(["catalog_sync", "pipeline_outcome"],
                         [d.task_id for d in self.dag.task("curate").downstream])
        self.assertEqual("all_done", self.dag.task("catalog_sync").trigger_rule)
        self.assertEqual("all_success", self.dag.task("pipeline_outcome").trigger_rule)

    def test_a_curate_step_that_fails_once_is_resubmitted_by_the_retry(self):
        emr = FakeEmr(failures={"cdclake-curate-prod": 1})
        states, run = run_dag(self.dag, emr)
        self.assertEqual(["cdclake-curate-prod", "cdclake-curate-prod", "cdclake-catalog-sync-prod"], emr.submitted)
        self.assertEqual({"curate": "success", "catalog_sync": "success", "pipeline_outcome": "success"}, states)
        self.assertEqual("success", run)

    def test_catalog_sync_runs_when_curate_keeps_failing_and_the_run_still_fails(self):
        emr = FakeEmr(failures={"cdclake-curate-prod": 99})
        states, run = run_dag(self.dag, emr)
        self.assertEqual(3, emr.submitted.count("cdclake-curate-prod"), "the first attempt and two retries")
        self.assertEqual("success", states["catalog_sync"], "the tables that did curate are registered")
        self.assertEqual("upstream_failed", states["pipeline_outcome"])
        self.assertEqual("failed", run)

    def test_schedule_retries_and_sla(self):
        self.assertEqual("15 * * * *", self.dag.kwargs["schedule"])
        self.assertEqual(1, self.dag.kwargs["max_active_runs"], "curate runs must never overlap")
        self.assertFalse(self.dag.kwargs["catchup"])
        for job in ("curate", "catalog_sync"):
            task = self.dag.task(job)
            self.assertGreaterEqual(task.effective("retries"), 1, job)
            self.assertIsInstance(task.effective("retry_delay"), timedelta)
        self.assertEqual(timedelta(minutes=75), self.dag.task("catalog_sync").kwargs["sla"])

    def test_each_job_runs_under_its_own_runtime_role(self):
        self.assertEqual("{{ var.value.cdclake_prod_curate_role_arn }}",
                         self.dag.task("curate").kwargs["execution_role_arn"])
        self.assertEqual("{{ var.value.cdclake_prod_catalog_role_arn }}",
                         self.dag.task("catalog_sync").kwargs["execution_role_arn"])

    def test_steps_run_the_released_launcher_with_the_environment(self):
        for job, command in (("curate", "curate"), ("catalog_sync", "catalog-sync")):
            steps = self.dag.task(job).kwargs["steps"]
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

    def test_parsing_reads_no_contract(self):
        # The parse cost is the same for 10 or 10,000 tables: the factory opens no file at all.
        self.assertFalse(hasattr(self.factory, "load_contracts"))
        opened = []
        real_open = open

        def spy(*args, **kwargs):
            opened.append(args[0])
            return real_open(*args, **kwargs)

        import builtins
        builtins.open = spy
        try:
            self.factory.build_pipeline_dag(self.module.SETTINGS)
        finally:
            builtins.open = real_open
        self.assertEqual([], opened)
        for task in self.dag.tasks:
            self.assertLess(len(task.kwargs.get("doc_md", "")), 2000, task.task_id)


class ServerlessDagTest(unittest.TestCase):
    def setUp(self):
        module = load("cdclake_prod")
        self.factory = sys.modules["cdclake_dag_factory"]
        self.settings = replace(module.SETTINGS, runtime="emr-serverless")

    def test_the_same_jobs_as_waited_for_job_runs(self):
        dag = self.factory.build_pipeline_dag(self.settings)
        self.assertEqual(["curate", "catalog_sync", "pipeline_outcome"], [t.task_id for t in dag.tasks])
        curate = dag.task("curate")
        self.assertIsInstance(curate, EmrServerlessStartJobOperator)
        self.assertTrue(curate.kwargs["wait_for_completion"])
        self.assertEqual("{{ var.value.cdclake_prod_emr_app_id }}", curate.kwargs["application_id"])
        self.assertEqual("{{ var.value.cdclake_prod_curate_role_arn }}", curate.kwargs["execution_role_arn"])
        submit = curate.kwargs["job_driver"]["sparkSubmit"]
        self.assertEqual("{{ var.value.cdclake_prod_release_uri }}/cdclake-app-emr.jar", submit["entryPoint"])
        self.assertEqual(["curate", "--env", "prod", "--conf-dir", "cdclake-conf"], submit["entryPointArguments"])
        self.assertIn("--class io.cdclake.app.Main", submit["sparkSubmitParameters"])
        self.assertIn("conf.zip#cdclake-conf", submit["sparkSubmitParameters"])
        self.assertEqual("all_done", dag.task("catalog_sync").trigger_rule)

        emr = FakeEmr(failures={"cdclake-curate-prod": 1})
        states, run = run_dag(dag, emr)
        self.assertEqual(2, emr.submitted.count("cdclake-curate-prod"), "a retry starts a new job run")
        self.assertEqual("success", run)

    def test_a_job_without_a_role_is_refused_at_parse_time(self):
        with self.assertRaises(ValueError) as raised:
            self.factory.build_pipeline_dag(replace(self.settings, execution_roles={}))
        self.assertIn("execution role", str(raised.exception))

    def test_an_unknown_runtime_is_refused(self):
        with self.assertRaises(ValueError):
            self.factory.build_pipeline_dag(replace(self.settings, runtime="emr-eks"))


class MaintenanceDagTest(unittest.TestCase):
    def test_nightly_maintain_step(self):
        dag = load("cdclake_prod").maintenance
        self.assertEqual("cdclake_prod_maintenance", dag.dag_id)
        self.assertEqual("30 3 * * *", dag.kwargs["schedule"])
        self.assertEqual(["maintain"], [t.task_id for t in dag.tasks])
        self.assertEqual("maintain", dag.tasks[0].kwargs["steps"][0]["HadoopJarStep"]["Args"][1])
        self.assertTrue(dag.tasks[0].kwargs["wait_for_completion"])


class AirflowThreeTest(unittest.TestCase):
    def test_no_sla_argument_where_airflow_has_none(self):
        dag = load("cdclake_prod", version="3.0.2").pipeline
        self.assertNotIn("sla", dag.task("catalog_sync").kwargs)


if __name__ == "__main__":
    unittest.main()
