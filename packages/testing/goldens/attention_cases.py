"""The golden cases of ScaledDotProductAttention, MultiHeadAttention and SequenceAttention.

Each case function draws its inputs and weights from `randn` (and masks from `rand_mask`), in a fixed
order: make_goldens.py passes the generators of its one seeded stream, so rerunning rewrites identical files.
"""

import numpy as np

from attention_math import mha, sdpa, seq_attention
from golden_io import case, f32


def sdpa_cases(randn, rand_mask):
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


def mha_weights(randn, dq, dk_in, dv_in, H, key_dim, value_dim, dout, use_bias=True):
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


def mha_cases(randn, rand_mask):
    L = "MultiHeadAttention"
    cases = []

    def add(name, config, query, value, key=None, mask=None, build=None, input_types=None):
        H, kd = config["numHeads"], config["keyDim"]
        vd = config.get("valueDim", kd)
        dout = config.get("outputShape", query.shape[2])
        kin = value if key is None else key
        w = mha_weights(randn, query.shape[2], kin.shape[2], value.shape[2], H, kd, vd, dout, config.get("useBias", True))
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


def seq_cases(randn):
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
