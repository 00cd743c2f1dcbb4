"""Float64 references of the attention layers, written from docs/layers.md alone (Masks,
ScaledDotProductAttention, MultiHeadAttention, SequenceAttention) as plain loops, not from the
TypeScript layers. make_goldens.py computes its expected outputs with them.
"""

import math

import numpy as np

from golden_io import softmax_allowed


def causal_allowed(tq, tk, causal):
    allowed = np.ones((tq, tk), dtype=bool)
    if causal is False or causal is None:
        return allowed
    offset = 0 if causal in (True, "upperLeft") else tk - tq  # 'lowerRight'
    for i in range(tq):
        for j in range(tk):
            allowed[i, j] = j <= i + offset
    return allowed


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
