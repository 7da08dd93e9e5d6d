"""Reusable widgets of the Marginalia screens."""
