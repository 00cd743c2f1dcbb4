"""LayerNormalization and RMSNormalization: float64 references written from docs/layers.md alone, and
their golden cases.

The case functions draw their inputs and weights from `randn` in a fixed order: make_goldens.py passes
the generator of its one seeded stream, so rerunning rewrites identical files.
"""

import math

import numpy as np

from golden_io import case, f32


def norm_axes(axis, rank):
    axes = [axis] if isinstance(axis, int) else list(axis)
    return sorted(a % rank for a in axes)


def normalize(x, axis, fn):
    """Applies fn(block) to every block of x spanned by the normalized axes (in increasing order)."""
    axes = norm_axes(axis, x.ndim)
    rest = [a for a in range(x.ndim) if a not in axes]
    moved = np.transpose(x, rest + axes)  # normalized axes last, in increasing axis order
    out = np.zeros_like(moved)
    for idx in np.ndindex(*moved.shape[:len(rest)]):
        out[idx] = fn(moved[idx])
    return np.transpose(out, np.argsort(rest + axes))


def layer_norm(x, axis, epsilon, gamma, beta):
    def fn(block):
        n = block.size
        mean = block.sum() / n
        var = ((block - mean) ** 2).sum() / n
        y = (block - mean) / math.sqrt(var + epsilon)
        if gamma is not None:
            y = y * gamma
        if beta is not None:
            y = y + beta
        return y
    return normalize(x, axis, fn)


def rms_norm(x, axis, epsilon, gamma):
    def fn(block):
        ms = (block ** 2).sum() / block.size
        y = block / math.sqrt(ms + epsilon)
        if gamma is not None:
            y = y * gamma
        return y
    return normalize(x, axis, fn)


def norm_case(randn, layer, name, config, x, input_types):
    """A LayerNormalization or RMSNormalization case: gamma near 1 and (LayerNorm only) beta near 0,
    drawn in that order, over the normalized axes."""
    centered = layer == "LayerNormalization"
    axis = config.get("axis", -1)
    eps = config.get("epsilon", 1e-3 if centered else 1e-6)
    wshape = tuple(x.shape[a] for a in norm_axes(axis, x.ndim))
    w = {}
    if config.get("scale", True):
        w["gamma"] = randn(*wshape, scale=0.5, shift=1.0)
    if centered and config.get("center", True):
        w["beta"] = randn(*wshape, scale=0.5)
    if centered:
        y = layer_norm(x, axis, eps, w.get("gamma"), w.get("beta"))
    else:
        y = rms_norm(x, axis, eps, w.get("gamma"))
    return case(name, layer, config, {"input": (x, "float32")}, w, {"output": y}, input_types)


def norm_cases(randn, layer, first_names, more):
    """The sweep both normalization layers share (axis -1, the default config, axes [1, 2]; its three case
    names given), then the layer's own cases from `more(add, x)`, drawing in that order."""
    cases = []

    def add(name, config, x, input_types=None):
        cases.append(norm_case(randn, layer, name, config, x, input_types))

    x = randn(2, 3, 6, scale=2.0, shift=0.5)
    last_axis, default, two_axes = first_names
    add(last_axis, {"axis": -1}, x)
    add(default, {}, randn(2, 5))
    add(two_axes, {"axis": [1, 2]}, x)
    more(add, x)
    return cases


def ln_cases(randn):
    def more(add, x):
        add("layernorm axis [1] of rank 3 (non-trailing)", {"axis": [1]}, randn(2, 4, 5, scale=3.0, shift=-1.0))
        add("layernorm axis 1 (number) of rank 3", {"axis": 1}, randn(2, 4, 3))
        add("layernorm axis [0,2] of rank 3", {"axis": [0, 2]}, randn(2, 3, 4))
        add("layernorm axis [-1,-3] of rank 4", {"axis": [-1, -3]}, randn(2, 3, 2, 4))
        add("layernorm center off", {"axis": -1, "center": False}, x)
        add("layernorm scale off", {"axis": -1, "scale": False}, x)
        add("layernorm center and scale off", {"axis": [1, 2], "center": False, "scale": False}, x)
        add("layernorm custom epsilon", {"axis": -1, "epsilon": 0.25}, randn(2, 3, 4, scale=0.5))
        xc = randn(2, 3, 5)
        xc[0, 1, :] = f32(1.7)
        xc[1, 2, :] = 0.0
        add("layernorm constant rows (variance 0)", {"axis": -1}, xc)
        add("layernorm constant rows, tiny epsilon", {"axis": -1, "epsilon": 1e-5}, xc)
        add("layernorm symbolic batch/seq", {"axis": -1, "epsilon": 1e-5}, x,
            input_types={"input": ["batch", "seq", 6]})
        add("layernorm large offset", {"axis": -1}, randn(2, 3, 4, scale=1.0, shift=1000.0))

    names = ("layernorm axis -1 (default eps)", "layernorm default config", "layernorm axis [1,2]")
    return norm_cases(randn, "LayerNormalization", names, more)


def rms_cases(randn):
    def more(add, x):
        add("rmsnorm axes [1] of rank 3 (non-trailing)", {"axis": [1]}, x)
        add("rmsnorm axes [0,2]", {"axis": [0, 2]}, randn(2, 3, 4))
        add("rmsnorm scale off", {"axis": -1, "scale": False}, x)
        add("rmsnorm custom epsilon", {"axis": -1, "epsilon": 0.5}, randn(2, 3, 4, scale=0.5))
        xz = randn(2, 3, 4)
        xz[1, 1, :] = 0.0
        add("rmsnorm zero row", {"axis": -1}, xz)
        add("rmsnorm symbolic batch/seq", {"axis": -1}, x, input_types={"input": ["batch", "seq", 6]})

    return norm_cases(randn, "RMSNormalization", ("rmsnorm axis -1", "rmsnorm default config", "rmsnorm axes [1,2]"), more)
