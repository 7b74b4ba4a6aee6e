"""Matchning: the matching agent's desktop tool."""

__version__ = "0.1.0"
