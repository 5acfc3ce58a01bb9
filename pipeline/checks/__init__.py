"""Runners for the real validators: each returns findings, never raises on a finding."""
