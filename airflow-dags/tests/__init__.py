"""Tests of the cdclake Airflow DAGs (stdlib unittest, no Airflow needed)."""
