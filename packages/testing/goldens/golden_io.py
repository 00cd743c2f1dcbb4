"""What the golden scripts share: float32 rounding, the JSON case format and the file writing.

make_goldens.py, make_recurrent_goldens.py and their case modules import it (Python puts the running
script's folder on sys.path). The case format is the one read by packages/testing/src/golden-data.ts:
inputs and weights as exact float32 values, expected outputs as float64 rounded to 12 digits.
"""

import json
import math
import os

import numpy as np

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "goldens")


def seeded(seed):
    """A script's random generator and its `randn`: normal values (times scale, plus shift) rounded to float32."""
    rng = np.random.default_rng(seed)

    def randn(*shape, scale=1.0, shift=0.0):
        return f32(rng.standard_normal(shape) * scale + shift)

    return rng, randn


def f32(x):
    """Round to float32 values, keep float64 storage."""
    return np.asarray(x, dtype=np.float64).astype(np.float32).astype(np.float64)


def softmax_allowed(logits_row, allowed_row):
    """Softmax of one row over the allowed entries; a row with nothing allowed is all zeros."""
    n = logits_row.shape[0]
    out = np.zeros(n)
    if not allowed_row.any():
        return out
    m = max(logits_row[j] for j in range(n) if allowed_row[j])
    total = 0.0
    for j in range(n):
        if allowed_row[j]:
            out[j] = math.exp(logits_row[j] - m)
            total += out[j]
    return out / total


def f32_list(a):
    """Shortest decimal of each float32 value; checked to parse back (via float64) exactly."""
    vals = np.asarray(a, dtype=np.float64).ravel()
    out = []
    for v in vals:
        x = np.float32(v)
        assert float(x) == v, "value is not a float32"
        txt = repr(float(x)) if not np.isfinite(x) else np.format_float_positional(x, unique=True, trim="-")
        parsed = float(txt)
        assert float(np.float32(parsed)) == v, (txt, v)
        out.append(parsed)
    return out


def host(a, dtype="float32"):
    a = np.asarray(a)
    if dtype == "bool":
        return {"dtype": "bool", "shape": list(a.shape), "data": [int(bool(v)) for v in a.ravel()]}
    return {"dtype": dtype, "shape": list(a.shape), "data": f32_list(a)}


def expected(a):
    a = np.asarray(a, dtype=np.float64)
    assert np.all(np.isfinite(a))
    return {"shape": list(a.shape), "data": [float(f"{v:.12g}") + 0.0 for v in a.ravel()]}


def case(name, layer, config, inputs, weights, outputs, input_types=None, build_options=None):
    """inputs: name -> (array, dtype); input_types: name -> symbolic shape override."""
    input_types = input_types or {}
    return {
        "name": name,
        "layer": layer,
        "config": config,
        "buildOptions": build_options or {},
        "inputTypes": {
            n: {"dtype": dt, "shape": input_types.get(n, list(np.asarray(a).shape))}
            for n, (a, dt) in inputs.items()
        },
        "inputs": {n: host(a, dt) for n, (a, dt) in inputs.items()},
        "weights": {n: host(a) for n, a in weights.items()},
        "expected": {n: expected(a) for n, a in outputs.items()},
    }


def write_goldens(groups, max_total_bytes=300_000):
    """groups: file name -> cases; writes each file to OUT_DIR and prints its size."""
    os.makedirs(OUT_DIR, exist_ok=True)
    total = 0
    for fname, cases in groups.items():
        names = [c["name"] for c in cases]
        assert len(names) == len(set(names)), fname
        path = os.path.join(OUT_DIR, fname)
        with open(path, "w") as f:
            json.dump(cases, f, separators=(",", ":"))
            f.write("\n")
        size = os.path.getsize(path)
        total += size
        print(f"{fname}: {len(cases)} cases, {size} bytes")
    print(f"total {total} bytes")
    assert total < max_total_bytes
