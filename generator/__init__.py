"""Fact-check briefing generator: YAML content → validated model → Markdown → MkDocs site."""

__version__ = "0.1.0"
