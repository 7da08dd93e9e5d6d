"""Marginalia's terminal interface: the Textual app, its screens and the CLI."""
