"""Golden cases for the attention and normalization layers, computed independently with numpy (float64).

Every layer below is a direct, loop-clear implementation of docs/layers.md
(Masks, ScaledDotProductAttention, MultiHeadAttention, LayerNormalization,
RMSNormalization, SequenceAttention), written from that spec alone, not from the
TypeScript layers. All inputs and weights are rounded to float32 values first, so the
TypeScript engine sees exactly the same numbers; the math is then done in float64.

Output: one JSON file per layer in packages/testing/src/goldens/, run on every backend by
packages/testing/src/goldens.test.ts.

Rerun (from the repository root):

    python3 packages/testing/goldens/make_goldens.py

The script is deterministic (fixed seed), so rerunning rewrites identical files.
"""

import math

import numpy as np

from golden_io import case, f32, seeded, softmax_allowed, write_goldens

rng, randn = seeded(20240611)


def rand_mask(*shape, p=0.7):
    return rng.random(shape) < p


def causal_allowed(tq, tk, causal):
    allowed = np.ones((tq, tk), dtype=bool)
    if causal is False or causal is None:
        return allowed
    offset = 0 if causal in (True, "upperLeft") else tk - tq  # 'lowerRight'
    for i in range(tq):
        for j in range(tk):
            allowed[i, j] = j <= i + offset
    return allowed


# ----------------------------------------------------------------------------------------------
# ScaledDotProductAttention
# ----------------------------------------------------------------------------------------------

def sdpa_2d(q, k, v, allowed, bias, scale, softcap):
    """One attention problem: q (Tq, dk), k (Tk, dk), v (Tk, dv); allowed/bias (Tq, Tk)."""
    tq, dk = q.shape
    tk = k.shape[0]
    logits = np.zeros((tq, tk))
    for i in range(tq):
        for j in range(tk):
            s = 0.0
            for d in range(dk):
                s += q[i, d] * k[j, d]
            logits[i, j] = scale * s
    if softcap is not None:
        logits = softcap * np.tanh(logits / softcap)
    if bias is not None:
        logits = logits + bias
    weights = np.zeros((tq, tk))
    for i in range(tq):
        weights[i] = softmax_allowed(logits[i], allowed[i])
    out = np.zeros((tq, v.shape[1]))
    for i in range(tq):
        for j in range(tk):
            out[i] += weights[i, j] * v[j]
    return out, weights


def sdpa(query, key, value, mask=None, bias=None, scale=None, softcap=None, causal=False):
    """query (..., Tq, dk), key (..., Tk, dk), value (..., Tk, dv). Grouped-query for 4-D inputs."""
    tq, dk = query.shape[-2:]
    tk = key.shape[-2]
    if scale is None:
        scale = 1.0 / math.sqrt(dk)
    if query.ndim == 4 and key.shape[1] != query.shape[1]:
        hq, hkv = query.shape[1], key.shape[1]
        group = hq // hkv
        key = np.stack([key[:, h // group] for h in range(hq)], axis=1)
        value = np.stack([value[:, h // group] for h in range(hq)], axis=1)
    lead = query.shape[:-2]
    full = lead + (tq, tk)
    allowed = np.broadcast_to(causal_allowed(tq, tk, causal), full)
    if mask is not None:
        allowed = allowed & np.broadcast_to(mask, full)
    bias_full = None if bias is None else np.broadcast_to(bias, full)
    out = np.zeros(lead + (tq, value.shape[-1]))
    weights = np.zeros(full)
    for idx in np.ndindex(*lead):
        o, w = sdpa_2d(query[idx], key[idx], value[idx], allowed[idx],
                       None if bias_full is None else bias_full[idx], scale, softcap)
        out[idx] = o
        weights[idx] = w
    return out, weights


# ----------------------------------------------------------------------------------------------
# MultiHeadAttention
# ----------------------------------------------------------------------------------------------

def mha(query, value, w, num_heads, key_dim, value_dim, key=None, mask=None, use_causal_mask=False):
    if key is None:
        key = value
    B, Tq, _ = query.shape
    Tv = value.shape[1]
    H = num_heads
    dout = w["attention_output/kernel"].shape[2]

    def bias(name, shape):
        return w[name] if name in w else np.zeros(shape)

    out = np.zeros((B, Tq, dout))
    scores = np.zeros((B, H, Tq, Tv))
    for b in range(B):
        for h in range(H):
            q = query[b] @ w["query/kernel"][:, h, :] + bias("query/bias", (H, key_dim))[h]
            k = key[b] @ w["key/kernel"][:, h, :] + bias("key/bias", (H, key_dim))[h]
            v = value[b] @ w["value/kernel"][:, h, :] + bias("value/bias", (H, value_dim))[h]
            allowed = causal_allowed(Tq, Tv, True if use_causal_mask else False)
            if mask is not None:
                allowed = allowed & np.broadcast_to(mask, (B, Tq, Tv))[b]
            o, a = sdpa_2d(q, k, v, allowed, None, 1.0 / math.sqrt(key_dim), None)
            scores[b, h] = a
            for t in range(Tq):
                for e in range(value_dim):
                    out[b, t] += o[t, e] * w["attention_output/kernel"][h, e, :]
        out[b] += bias("attention_output/bias", (dout,))
    return out, scores


# ----------------------------------------------------------------------------------------------
# LayerNormalization / RMSNormalization
# ----------------------------------------------------------------------------------------------

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


# ----------------------------------------------------------------------------------------------
# SequenceAttention
# ----------------------------------------------------------------------------------------------

def seq_attention(query, value, w, score, key=None, value_mask=None, query_mask=None,
                  use_scale=False, attentional_units=None, causal=False):
    if key is None:
        key = value
    B, Tq, Dq = query.shape
    Tv, Dv = value.shape[1], value.shape[2]
    s = np.zeros((B, Tq, Tv))
    for b in range(B):
        for i in range(Tq):
            for j in range(Tv):
                q, k = query[b, i], key[b, j]
                if score == "dot":
                    val = float(np.dot(q, k))
                elif score == "general":
                    val = float(np.dot(q, k @ w["general/kernel"].T))
                else:  # concat
                    hidden = np.tanh(q @ w["concat/query_kernel"] + k @ w["concat/key_kernel"] + w["concat/bias"])
                    val = float(np.dot(w["concat/v"], hidden))
                if use_scale:
                    val *= float(w["scale"])
                s[b, i, j] = val
    alpha = np.zeros((B, Tq, Tv))
    for b in range(B):
        allowed = causal_allowed(Tq, Tv, bool(causal))
        if value_mask is not None:
            allowed = allowed & value_mask[b][None, :]
        for i in range(Tq):
            alpha[b, i] = softmax_allowed(s[b, i], allowed[i])
    context = np.zeros((B, Tq, Dv))
    for b in range(B):
        for i in range(Tq):
            for j in range(Tv):
                context[b, i] += alpha[b, i, j] * value[b, j]
    if attentional_units is not None:
        out = np.zeros((B, Tq, attentional_units))
        for b in range(B):
            for i in range(Tq):
                cat = np.concatenate([context[b, i], query[b, i]])
                out[b, i] = np.tanh(cat @ w["combine/kernel"] + w["combine/bias"])
    else:
        out = context
    if query_mask is not None:
        for b in range(B):
            for i in range(Tq):
                if not query_mask[b, i]:
                    out[b, i] = 0.0
    return out, alpha


# ----------------------------------------------------------------------------------------------
# cases
# ----------------------------------------------------------------------------------------------

def sdpa_cases():
    L = "ScaledDotProductAttention"
    cases = []

    def add(name, config, q, k, v, mask=None, bias=None, input_types=None, scores=True, mask_shape_kw=None):
        inputs = {"query": (q, "float32"), "key": (k, "float32"), "value": (v, "float32")}
        if mask is not None:
            inputs["attention_mask"] = (mask, "bool")
        if bias is not None:
            inputs["attention_bias"] = (bias, "float32")
        causal = config.get("causal", False)
        out, w = sdpa(q, k, v, mask=mask, bias=bias, scale=config.get("scale"),
                      softcap=config.get("softcap"), causal=causal)
        outputs = {"output": out}
        if scores:
            outputs["attention_scores"] = w
        cases.append(case(name, L, config, inputs, {}, outputs, input_types,
                          {"returnAttentionScores": True} if scores else {}))
        return out, w

    B, Tq, Tk, dk, dv = 2, 4, 5, 4, 3
    q, k, v = randn(B, Tq, dk), randn(B, Tk, dk), randn(B, Tk, dv)
    add("sdpa plain 3-D", {}, q, k, v)
    add("sdpa plain 3-D, output only", {}, q, k, v, scores=False)
    add("sdpa dropout ignored at inference", {"dropout": 0.5}, q, k, v)

    mask = rand_mask(1, Tq, Tk)
    mask[0, :, 0] = True
    add("sdpa bool mask (1,Tq,Tk)", {}, q, k, v, mask=mask)
    mask_k = np.array([True, False, True, True, False])
    add("sdpa bool mask (Tk,)", {}, q, k, v, mask=mask_k)
    mask_b = rand_mask(B, 1, Tk)
    mask_b[:, :, 1] = True
    add("sdpa bool mask (B,1,Tk)", {}, q, k, v, mask=mask_b)

    bias = randn(B, Tq, Tk, scale=2.0)
    add("sdpa float bias (B,Tq,Tk)", {}, q, k, v, bias=bias)
    add("sdpa float bias (Tq,Tk) + mask (Tk,)", {}, q, k, v, bias=randn(Tq, Tk, scale=2.0), mask=mask_k)

    # causal
    q5, k3, v3 = randn(B, 5, dk), randn(B, 3, dk), randn(B, 3, dv)
    add("sdpa causal upperLeft Tq<Tk", {"causal": "upperLeft"}, q, k, v)
    add("sdpa causal true Tq<Tk", {"causal": True}, q, k, v)
    add("sdpa causal upperLeft Tq>Tk", {"causal": "upperLeft"}, q5, k3, v3)
    add("sdpa causal lowerRight Tq<Tk", {"causal": "lowerRight"}, q, k, v)
    _, w = add("sdpa causal lowerRight Tq>Tk (first rows fully masked)", {"causal": "lowerRight"}, q5, k3, v3)
    assert np.all(w[:, :2] == 0)
    mask_c = rand_mask(B, Tq, Tk)
    mask_c[:, :, 0] = True
    add("sdpa mask AND causal upperLeft", {"causal": "upperLeft"}, q, k, v, mask=mask_c)
    mask_c2 = rand_mask(B, Tq, Tk)
    mask_c2[:, :, 2] = True
    add("sdpa mask AND causal lowerRight", {"causal": "lowerRight"}, q, k, v, mask=mask_c2)
    # mask and causal that are each satisfiable but whose AND leaves row 0 empty
    mask_and = np.ones((Tq, Tk), dtype=bool)
    mask_and[0, 0] = False
    _, w = add("sdpa mask AND causal empties a row", {"causal": True}, q, k, v, mask=mask_and)
    assert np.all(w[:, 0] == 0)

    # fully masked query rows
    mask_f = rand_mask(B, Tq, Tk)
    mask_f[:, :, 3] = True
    mask_f[0, 1, :] = False
    mask_f[1, 3, :] = False
    out, w = add("sdpa fully masked query row", {}, q, k, v, mask=mask_f, bias=randn(B, Tq, Tk))
    assert np.all(out[0, 1] == 0) and np.all(w[1, 3] == 0)

    # huge logits: |logits| ~ 1e4
    qh, kh = randn(B, 3, 4, scale=30.0, shift=100.0), randn(B, 5, 4, scale=30.0, shift=100.0)
    kh[:, :, 1] = -kh[:, :, 1]
    out, w = add("sdpa logits ~1e4 (one-hot weights)", {}, qh, kh, randn(B, 5, dv))
    assert np.max(np.abs(np.einsum("bqd,bkd->bqk", qh, kh))) / 2 > 5e3
    assert np.all(w.max(axis=-1) > 0.999999)  # one-hot-like rows
    mask_h = np.ones((B, 3, 5), dtype=bool)
    mask_h[0, 0, :] = False
    mask_h[1, :, 2] = False
    add("sdpa logits ~1e4 with mask + fully masked row", {"causal": "lowerRight"}, qh, kh, randn(B, 5, dv),
        mask=mask_h)
    qn = randn(B, 3, 4, scale=30.0, shift=-100.0)
    add("sdpa logits ~1e4, negative query", {}, qn, kh, randn(B, 5, dv))

    # softcap / scale
    add("sdpa softcap", {"softcap": 2.5}, randn(B, Tq, dk, scale=2.0), randn(B, Tk, dk, scale=2.0), v)
    add("sdpa softcap + bias + causal", {"softcap": 3.0, "causal": True},
        randn(B, Tq, dk, scale=2.0), randn(B, Tk, dk, scale=2.0), v, bias=randn(Tq, Tk, scale=3.0))
    add("sdpa custom scale", {"scale": 0.375}, q, k, v)
    add("sdpa custom scale + softcap", {"scale": 1.25, "softcap": 1.5}, q, k, v)
    add("sdpa default scale dk=8", {}, randn(B, 3, 8), randn(B, 4, 8), randn(B, 4, 5))

    # leading dims (B, H, T, d), same heads
    add("sdpa 4-D equal heads", {}, randn(2, 3, 4, 4), randn(2, 3, 5, 4), randn(2, 3, 5, 2),
        mask=rand_mask(2, 1, 4, 5) | np.eye(4, 5, dtype=bool))
    # grouped query
    add("sdpa grouped query Hq=4 Hkv=2", {}, randn(2, 4, 3, 4), randn(2, 2, 5, 4), randn(2, 2, 5, 3))
    add("sdpa grouped query Hq=4 Hkv=1", {}, randn(2, 4, 3, 4), randn(2, 1, 5, 4), randn(2, 1, 5, 3))
    m = rand_mask(2, 1, 3, 5)
    m[..., 4] = True
    m[1, 0, 2, :] = False
    add("sdpa grouped query Hq=4 Hkv=2 + mask + causal lowerRight", {"causal": "lowerRight"},
        randn(2, 4, 3, 4), randn(2, 2, 5, 4), randn(2, 2, 5, 3), mask=m)

    # symbolic dims
    sym = {"query": ["batch", "tq", dk], "key": ["batch", "tk", dk], "value": ["batch", "tk", dv]}
    add("sdpa symbolic batch/seq", {}, q, k, v, input_types=sym)
    add("sdpa symbolic + causal lowerRight + mask", {"causal": "lowerRight"}, q, k, v, mask=mask_c2,
        input_types={**sym, "attention_mask": ["batch", "tq", "tk"]})
    add("sdpa symbolic grouped query", {"causal": True}, randn(2, 4, 3, 4), randn(2, 2, 3, 4), randn(2, 2, 3, 3),
        input_types={"query": ["batch", 4, "seq", 4], "key": ["batch", 2, "seq", 4], "value": ["batch", 2, "seq", 3]})
    return cases


def mha_weights(dq, dk_in, dv_in, H, key_dim, value_dim, dout, use_bias=True):
    w = {}
    w["query/kernel"] = randn(dq, H, key_dim, scale=0.5)
    if use_bias:
        w["query/bias"] = randn(H, key_dim, scale=0.2)
    w["key/kernel"] = randn(dk_in, H, key_dim, scale=0.5)
    if use_bias:
        w["key/bias"] = randn(H, key_dim, scale=0.2)
    w["value/kernel"] = randn(dv_in, H, value_dim, scale=0.5)
    if use_bias:
        w["value/bias"] = randn(H, value_dim, scale=0.2)
    w["attention_output/kernel"] = randn(H, value_dim, dout, scale=0.5)
    if use_bias:
        w["attention_output/bias"] = randn(dout, scale=0.2)
    return w


def attention_inputs(query, value, key, **masks):
    """query, value (and key when given) as float32 inputs, then each given mask as a bool input, in order."""
    inputs = {"query": (query, "float32"), "value": (value, "float32")}
    if key is not None:
        inputs["key"] = (key, "float32")
    for name, mask in masks.items():
        if mask is not None:
            inputs[name] = (mask, "bool")
    return inputs


def mha_cases():
    L = "MultiHeadAttention"
    cases = []

    def add(name, config, query, value, key=None, mask=None, build=None, input_types=None):
        H, kd = config["numHeads"], config["keyDim"]
        vd = config.get("valueDim", kd)
        dout = config.get("outputShape", query.shape[2])
        kin = value if key is None else key
        w = mha_weights(query.shape[2], kin.shape[2], value.shape[2], H, kd, vd, dout, config.get("useBias", True))
        build = build or {}
        out, scores = mha(query, value, w, H, kd, vd, key=key, mask=mask,
                          use_causal_mask=build.get("useCausalMask", False))
        inputs = attention_inputs(query, value, key, attention_mask=mask)
        outputs = {"output": out}
        if build.get("returnAttentionScores"):
            outputs["attention_scores"] = scores
        cases.append(case(name, L, config, inputs, w, outputs, input_types, build))

    B = 2
    scores = {"returnAttentionScores": True}
    add("mha basic", {"numHeads": 2, "keyDim": 3}, randn(B, 4, 6), randn(B, 5, 6), build=scores)
    add("mha basic, output only", {"numHeads": 2, "keyDim": 3}, randn(B, 4, 6), randn(B, 5, 6))
    add("mha valueDim != keyDim, outputShape", {"numHeads": 3, "keyDim": 2, "valueDim": 4, "outputShape": 5},
        randn(B, 3, 6), randn(B, 4, 7), build=scores)
    add("mha key given", {"numHeads": 2, "keyDim": 4, "valueDim": 3}, randn(B, 3, 5), randn(B, 4, 6),
        key=randn(B, 4, 8), build=scores)
    mask = rand_mask(B, 4, 5)
    mask[:, :, 0] = True
    mask[1, 2, :] = False
    add("mha mask with fully masked query row", {"numHeads": 2, "keyDim": 3}, randn(B, 4, 6), randn(B, 5, 6),
        mask=mask, build=scores)
    add("mha useCausalMask (self attention)", {"numHeads": 2, "keyDim": 3}, randn(B, 5, 6), randn(B, 5, 6),
        build={"useCausalMask": True, "returnAttentionScores": True})
    m2 = rand_mask(B, 4, 6)
    m2[:, :, 0] = True
    m2[0, 3, :] = False
    add("mha useCausalMask + mask, Tq<Tv", {"numHeads": 2, "keyDim": 2, "valueDim": 3}, randn(B, 4, 5),
        randn(B, 6, 4), mask=m2, build={"useCausalMask": True, "returnAttentionScores": True})
    add("mha useBias false", {"numHeads": 2, "keyDim": 3, "useBias": False}, randn(B, 4, 6), randn(B, 5, 6),
        build=scores)
    add("mha symbolic batch+seq", {"numHeads": 2, "keyDim": 3, "valueDim": 2, "outputShape": 4},
        randn(B, 4, 6), randn(B, 5, 5), key=randn(B, 5, 7),
        mask=rand_mask(B, 4, 5) | np.eye(4, 5, dtype=bool)[None],
        build={"useCausalMask": True, "returnAttentionScores": True},
        input_types={"query": ["batch", "tq", 6], "value": ["batch", "tv", 5], "key": ["batch", "tv", 7],
                     "attention_mask": ["batch", "tq", "tv"]})
    add("mha single head, large inputs", {"numHeads": 1, "keyDim": 4}, randn(B, 3, 4, scale=20.0),
        randn(B, 4, 4, scale=20.0), build=scores)
    return cases


def norm_case(layer, name, config, x, input_types):
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


def norm_cases(layer, first_names, more):
    """The sweep both normalization layers share (axis -1, the default config, axes [1, 2]; its three case
    names given), then the layer's own cases from `more(add, x)`, drawing in that order."""
    cases = []

    def add(name, config, x, input_types=None):
        cases.append(norm_case(layer, name, config, x, input_types))

    x = randn(2, 3, 6, scale=2.0, shift=0.5)
    last_axis, default, two_axes = first_names
    add(last_axis, {"axis": -1}, x)
    add(default, {}, randn(2, 5))
    add(two_axes, {"axis": [1, 2]}, x)
    more(add, x)
    return cases


def ln_cases():
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
    return norm_cases("LayerNormalization", names, more)


def rms_cases():
    def more(add, x):
        add("rmsnorm axes [1] of rank 3 (non-trailing)", {"axis": [1]}, x)
        add("rmsnorm axes [0,2]", {"axis": [0, 2]}, randn(2, 3, 4))
        add("rmsnorm scale off", {"axis": -1, "scale": False}, x)
        add("rmsnorm custom epsilon", {"axis": -1, "epsilon": 0.5}, randn(2, 3, 4, scale=0.5))
        xz = randn(2, 3, 4)
        xz[1, 1, :] = 0.0
        add("rmsnorm zero row", {"axis": -1}, xz)
        add("rmsnorm symbolic batch/seq", {"axis": -1}, x, input_types={"input": ["batch", "seq", 6]})

    return norm_cases("RMSNormalization", ("rmsnorm axis -1", "rmsnorm default config", "rmsnorm axes [1,2]"), more)


def seq_cases():
    L = "SequenceAttention"
    cases = []

    def add(name, config, query, value, key=None, value_mask=None, query_mask=None, input_types=None, scores=True):
        score = config.get("score", "dot")
        kin = value if key is None else key
        Dq, Dk, Dv = query.shape[2], kin.shape[2], value.shape[2]
        w = {}
        if score == "general":
            w["general/kernel"] = randn(Dq, Dk, scale=0.5)
        if score == "concat":
            u = config["units"]
            w["concat/query_kernel"] = randn(Dq, u, scale=0.5)
            w["concat/key_kernel"] = randn(Dk, u, scale=0.5)
            w["concat/bias"] = randn(u, scale=0.3)
            w["concat/v"] = randn(u)
        if config.get("useScale"):
            w["scale"] = f32(np.array(1.75))
        au = config.get("attentionalUnits")
        if au is not None:
            w["combine/kernel"] = randn(Dv + Dq, au, scale=0.5)
            w["combine/bias"] = randn(au, scale=0.3)
        out, alpha = seq_attention(query, value, w, score, key=key, value_mask=value_mask, query_mask=query_mask,
                                   use_scale=config.get("useScale", False), attentional_units=au,
                                   causal=config.get("causal", False))
        inputs = attention_inputs(query, value, key, value_mask=value_mask, query_mask=query_mask)
        outputs = {"output": out}
        if scores:
            outputs["attention_scores"] = alpha
        cases.append(case(name, L, config, inputs, w, outputs, input_types,
                          {"returnAttentionScores": True} if scores else {}))
        return out, alpha

    B = 2
    q, v = randn(B, 3, 4), randn(B, 5, 4)
    add("seqattn dot", {"score": "dot"}, q, v)
    add("seqattn dot, output only", {"score": "dot"}, q, v, scores=False)
    add("seqattn general", {"score": "general"}, q, v)
    add("seqattn concat", {"score": "concat", "units": 5}, q, v)
    add("seqattn dot useScale", {"score": "dot", "useScale": True}, q, v)
    add("seqattn general useScale", {"score": "general", "useScale": True}, q, v)
    add("seqattn concat useScale", {"score": "concat", "units": 3, "useScale": True}, q, v)
    add("seqattn dot attentionalUnits", {"score": "dot", "attentionalUnits": 6}, q, v)
    vm = np.array([[True, False, True, True, False], [False] * 5])
    _, a = add("seqattn dot value_mask with fully masked batch row", {"score": "dot"}, q, v, value_mask=vm)
    assert np.all(a[1] == 0)
    add("seqattn concat value_mask + attentionalUnits (masked batch row)",
        {"score": "concat", "units": 4, "attentionalUnits": 3}, q, v, value_mask=vm)
    qm = np.array([[True, False, True], [False, True, True]])
    add("seqattn dot query_mask", {"score": "dot"}, q, v, query_mask=qm)
    add("seqattn general query_mask + attentionalUnits", {"score": "general", "attentionalUnits": 5}, q, v,
        query_mask=qm)
    add("seqattn dot causal", {"score": "dot", "causal": True}, q, v)
    add("seqattn concat causal + value_mask", {"score": "concat", "units": 4, "causal": True}, q, v,
        value_mask=np.array([[False, True, True, True, True], [True, False, True, False, True]]))
    k6 = randn(B, 5, 6)
    v3 = randn(B, 5, 3)
    add("seqattn general key != value", {"score": "general"}, q, v3, key=k6)
    add("seqattn concat key != value", {"score": "concat", "units": 5}, q, v3, key=k6)
    add("seqattn dot key != value", {"score": "dot"}, q, v3, key=randn(B, 5, 4))
    add("seqattn everything", {"score": "general", "useScale": True, "attentionalUnits": 4, "causal": True},
        randn(B, 4, 5), v3, key=k6,
        value_mask=np.array([[True, True, False, True, True], [False, True, True, True, False]]),
        query_mask=np.array([[True, True, False, True], [True, True, True, False]]))
    add("seqattn symbolic dims", {"score": "concat", "units": 4, "useScale": True, "attentionalUnits": 3},
        q, v3, key=k6, value_mask=vm, query_mask=qm,
        input_types={"query": ["batch", "tq", 4], "value": ["batch", "tv", 3], "key": ["batch", "tv", 6],
                     "value_mask": ["batch", "tv"], "query_mask": ["batch", "tq"]})
    add("seqattn dot large scores", {"score": "dot"}, randn(B, 3, 4, scale=30.0, shift=60.0),
        randn(B, 5, 4, scale=30.0, shift=60.0))
    return cases


def main():
    write_goldens({
        "scaled_dot_product_attention.json": sdpa_cases(),
        "multi_head_attention.json": mha_cases(),
        "layer_normalization.json": ln_cases(),
        "rms_normalization.json": rms_cases(),
        "sequence_attention.json": seq_cases(),
    })


if __name__ == "__main__":
    main()
