"""The version of the text pipeline's output."""

PIPELINE_VERSION = 20
"""Bumped whenever the output for the same input changes (invalidates caches)."""
