"""What every benchmark shares: the data set, percentiles, and the JSON line it prints."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / ".data"


@dataclass(frozen=True)
class Run:
    scale: str
    db: Path
    repeat: int


def emit(
    name: str,
    run: Run,
    value: float,
    unit: str,
    limit: float,
    *,
    target: str | None = None,
    **extra: object,
) -> dict[str, object]:
    """Print one result: the app's figure, the limit measured beside it, and their ratio."""
    record: dict[str, object] = {
        "name": name,
        "scale": run.scale,
        "value": round(value, 4),
        "unit": unit,
        "limit": round(limit, 4),
        "ratio": round(value / limit, 3) if limit else None,
    }
    if target:
        record["target"] = target
    record.update(extra)
    print(json.dumps(record, ensure_ascii=False), flush=True)
    return record


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    position = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[position]


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def timed(action: Callable[[], object]) -> float:
    """Milliseconds one call takes."""
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def offscreen_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def run_process(args: Sequence[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall-clock seconds of a child process, and its stdout; fails loudly if it fails."""
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, done.stdout


PYTHON = sys.executable
