"""Run every benchmark script in bench/ one after the other and print all their tables.

Why one runner: a performance change is judged on all the figures at once (ingest,
extraction, API latency, page rendering), measured on the same machine in the same
session. Scripts run one at a time, never in parallel, so they do not steal each other's
cores. A script that is not there yet is listed as missing; a script that fails does not
stop the others, but makes the exit status 1.

Usage: ``python bench/run_all.py [--quick] [--only NAME ...] [--out DIR]``. With
``--quick`` a script that lists ``--quick`` in its ``--help`` gets that flag; one that does
not gets the small sizes in ``QUICK_FALLBACK`` (only the options its ``--help`` lists).
``--out DIR`` also saves each script's output to ``DIR/<name>.txt``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: Benchmark scripts, in running order, and who keeps each one.
SCRIPTS: list[tuple[str, str]] = [
    ("ingest_bench.py", "extraction vs raw spaCy, 1-2 processes, ingest, store write path"),
    ("extraction_speed.py", "extractor speed by stage (NLP)"),
    ("api_bench.py", "HTTP API latency and throughput on a synthetic graph"),
    ("page_bench.py", "explorer page build and render times"),
    ("long_docs.py", "one long document: extraction time and peak RSS by size"),
]

#: Small sizes for scripts without a ``--quick`` flag of their own: option -> value(s).
QUICK_FALLBACK: dict[str, dict[str, list[str]]] = {
    "extraction_speed.py": {"--words": ["10000"]},
    "api_bench.py": {"--entities": ["5000"], "--relations": ["50000"], "--queries": ["100"],
                     "--duration": ["3"]},
    "page_bench.py": {"--sizes": ["500", "2000"], "--runs": ["1"]},
}


def quick_args(path: Path) -> list[str]:
    """The arguments that make ``path`` a quick run (see module docstring)."""
    shown = subprocess.run([sys.executable, str(path), "--help"], capture_output=True,
                           text=True, cwd=HERE.parent, check=False, timeout=120).stdout
    if "--quick" in shown:
        return ["--quick"]
    args: list[str] = []
    for option, values in QUICK_FALLBACK.get(path.name, {}).items():
        if option in shown:
            args += [option, *values]
    return args


def run(name: str, quick: bool, out: Path | None) -> tuple[str, float, int | None]:
    """Run one script, streaming its output; return (status, seconds, exit code)."""
    path = HERE / name
    if not path.exists():
        return "missing", 0.0, None
    cmd = [sys.executable, str(path), *(quick_args(path) if quick else [])]
    print(f"\n===== {name}: {' '.join(cmd[1:])}", flush=True)
    t0 = time.perf_counter()
    lines: list[str] = []
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          cwd=HERE.parent, bufsize=1) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            print(line, end="", flush=True)
            lines.append(line)
        code = proc.wait()
    seconds = time.perf_counter() - t0
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{path.stem}.txt").write_text("".join(lines), encoding="utf-8")
    return ("ok" if code == 0 else "FAILED"), seconds, code


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    p.add_argument("--only", nargs="*", default=None, help="script names to run")
    p.add_argument("--out", type=Path, default=None, help="also save each output here")
    a = p.parse_args(argv)
    chosen = [(n, what) for n, what in SCRIPTS
              if a.only is None or n in a.only or Path(n).stem in a.only]
    results = [(n, what, *run(n, a.quick, a.out)) for n, what in chosen]
    print("\n===== summary" + (" (--quick)" if a.quick else ""))
    width = max(len(n) for n, *_ in results) if results else 10
    for name, what, status, seconds, code in results:
        extra = f" (exit {code})" if status == "FAILED" else ""
        print(f"{name.ljust(width)}  {status:<7}  {seconds:7.1f} s  {what}{extra}")
    return 1 if any(r[2] == "FAILED" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
