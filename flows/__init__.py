"""Prefect flows, Delta commits and the `muster` command line."""
