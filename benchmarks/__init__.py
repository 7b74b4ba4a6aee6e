"""Timing and memory runs at scale; `python -m benchmarks --help`."""
