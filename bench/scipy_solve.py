#!/usr/bin/env python3
"""Times SciPy's sparse direct solve on a system written by the C# benchmark harness.

Usage: scipy_solve.py FILE

FILE (little-endian) holds: the 8 bytes b"CLLNSYS1", int32 n, int32 nnz, int32 minimum runs,
float64 time budget in seconds, int32[n + 1] row starts, int32[nnz] columns, float64[nnz] values
(compressed sparse rows of the full matrix), float64[n] right-hand side.

Runs scipy.sparse.linalg.spsolve with its defaults (SuperLU, COLAMD ordering) at least the minimum
number of times and until the time budget is spent, then prints one JSON object to stdout (versions,
every run's seconds, best, median, and SuperLU's nonzeros in L and U) and writes the solution of the
last run to FILE.solution as float64[n].
"""
import json
import statistics
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sparse
import scipy.sparse.linalg as linalg

MAGIC = b"CLLNSYS1"


def read_system(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != MAGIC:
        sys.exit(f"{path}: not a system file (bad magic)")
    n, nnz, min_runs = np.frombuffer(data, dtype="<i4", count=3, offset=8)
    (budget,) = np.frombuffer(data, dtype="<f8", count=1, offset=20)
    offset = 28
    row_start = np.frombuffer(data, dtype="<i4", count=n + 1, offset=offset)
    offset += 4 * (n + 1)
    columns = np.frombuffer(data, dtype="<i4", count=nnz, offset=offset)
    offset += 4 * nnz
    values = np.frombuffer(data, dtype="<f8", count=nnz, offset=offset)
    offset += 8 * nnz
    rhs = np.frombuffer(data, dtype="<f8", count=n, offset=offset)
    offset += 8 * n
    if offset != len(data):
        sys.exit(f"{path}: {len(data) - offset} bytes left over after the right-hand side")
    matrix = sparse.csr_matrix((values, columns, row_start), shape=(n, n))
    return matrix, np.array(rhs), int(min_runs), float(budget)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: scipy_solve.py FILE")
    path = sys.argv[1]
    matrix, rhs, min_runs, budget = read_system(path)

    times = []
    solution = None
    started = time.perf_counter()
    while len(times) < min_runs or (time.perf_counter() - started < budget and len(times) < 1000):
        t0 = time.perf_counter()
        solution = linalg.spsolve(matrix, rhs)
        times.append(time.perf_counter() - t0)

    # Fill of SuperLU's factors, for comparison with nnz(L) of the Cholesky factor (not timed).
    lu = linalg.splu(matrix.tocsc())
    solution.astype("<f8").tofile(path + ".solution")
    print(json.dumps({
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "runs": times,
        "best": min(times),
        "median": statistics.median(times),
        "lu_nonzeros": int(lu.L.nnz + lu.U.nnz),
    }))


if __name__ == "__main__":
    main()
