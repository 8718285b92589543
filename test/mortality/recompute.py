"""Recompute a pair's success probability and deaths from the grids `crossway run` writes, with
scipy alone (no crossway code): the chain as README.md ("Recomputing it") defines it.

usage: recompute.py RESISTANCE.tif MORTALITY.tif CORES.tif NEIGHBOURS A B
prints JSON {"success": P(a reaches b before dying), "deaths": expected deaths per walker}
"""
import json
import sys

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
import tifffile

res_path, q_path, cores_path, nb, a, b = sys.argv[1:7]
r = tifffile.imread(res_path).astype(np.float64)
q = tifffile.imread(q_path).astype(np.float64)
cores = tifffile.imread(cores_path).astype(np.float64)
nb, a, b = int(nb), int(a), int(b)
h, w = r.shape
on = np.isfinite(r) & (r > 0) & (r != -9999)
# node per cell: each core one node, every other on-graph cell its own
node = -np.ones(h * w, dtype=np.int64)
ids = sorted(int(v) for v in np.unique(cores[np.isfinite(cores)]) if v > 0)
core_node = {}
n = 0
for cid in ids:
    core_node[cid] = n
    n += 1
flat_core = np.where(np.isfinite(cores), cores, 0).ravel().astype(np.int64)
flat_on = on.ravel()
for i in range(h * w):
    if not flat_on[i]:
        continue
    node[i] = core_node[flat_core[i]] if flat_core[i] > 0 else n
    if flat_core[i] <= 0:
        n += 1
c = np.where(on, 1.0 / np.where(on, r, 1.0), 0.0).ravel()
steps = [(0, 1, 1.0), (1, 0, 1.0)] + ([(1, 1, 2 ** -0.5), (1, -1, 2 ** -0.5)] if nb == 8 else [])
rows, cols, vals = [], [], []
for dr, dc, f in steps:
    for rr in range(h - dr):
        for cc in range(max(0, -dc), min(w, w - dc)):
            i = rr * w + cc
            j = (rr + dr) * w + cc + dc
            if node[i] < 0 or node[j] < 0 or node[i] == node[j]:
                continue
            g = (c[i] + c[j]) / 2 * f
            rows += [node[i], node[j]]
            cols += [node[j], node[i]]
            vals += [g, g]
C = sp.csr_matrix((vals, (rows, cols)), shape=(n, n))
deg = np.asarray(C.sum(axis=1)).ravel()
# q per node: 0 on cores, the cell's q elsewhere
qn = np.zeros(n)
qf = q.ravel()
for i in range(h * w):
    if node[i] >= 0 and flat_core[i] <= 0:
        qn[node[i]] = qf[i]
k = qn / (1 - qn) * deg
A = (sp.diags(deg + k) - C).tocsr()
na, nbn = core_node[a], core_node[b]
keep = np.array([u for u in range(n) if u != nbn])
rhs = np.zeros(n)
rhs[na] = 1
V = np.zeros(n)
V[keep] = spla.spsolve(A[keep][:, keep].tocsc(), rhs[keep])
success = float(C[nbn].dot(V)[0])
deaths = float((k * V).sum())
print(json.dumps({"success": success, "deaths": deaths}))
