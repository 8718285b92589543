#!/usr/bin/env python3
"""Run ../shared/bench/reference.py unchanged, and count pyamg's CG iterations of each solve.

KNOWN WRONG: with accel="cg" the counts come out as ~2 per solve (the residuals list is not filled per
CG iteration); to be fixed with a callback on the Krylov method. pyamg's MultilevelSolver.solve is
wrapped to pass a residuals list (one entry per iteration, plus
the initial residual); the reference's JSON line gets an "iterations" list and the process's CPU seconds ("cpu_s") added.
  python3 reference-iterations.py REFERENCE.py circuit RES FOCAL [reference.py's options]
"""
import contextlib, io, json, resource, runpy, sys

import pyamg.multilevel as ml

path = sys.argv[1]

counts = []
inner = ml.MultilevelSolver.solve

def counted(self, b, *args, **kwargs):
    res = []
    kwargs["residuals"] = res
    x = inner(self, b, *args, **kwargs)
    counts.append(max(0, len(res) - 1))
    return x

ml.MultilevelSolver.solve = counted
sys.argv = [path] + sys.argv[2:]
out = io.StringIO()
with contextlib.redirect_stdout(out):
    runpy.run_path(path, run_name="__main__")
line = out.getvalue().strip().splitlines()[-1]
obj = json.loads(line)
obj["iterations"] = counts
ru = resource.getrusage(resource.RUSAGE_SELF)
obj["cpu_s"] = ru.ru_utime + ru.ru_stime  # the whole process, Python's start and imports included
print(json.dumps(obj))
