"""Float64 references of the recurrent layers, written from docs/layers.md ("Masks", "Recurrent cells
and RNN", "AttentionWrapper") and the Keras masking semantics of the RNN loop, not from the
TypeScript layers; make_recurrent_goldens.py says what they compute. Plain loops over time and
over the batch.
"""

import math

import numpy as np

from golden_io import softmax_allowed


def sigmoid(v):
    v = np.asarray(v, dtype=np.float64)
    return np.array([1.0 / (1.0 + math.exp(-a)) if a >= 0 else math.exp(a) / (1.0 + math.exp(a))
                     for a in v.ravel()]).reshape(v.shape)


ACTIVATIONS = {
    "tanh": np.tanh,
    "relu": lambda v: np.maximum(v, 0.0),
    "sigmoid": sigmoid,
    "linear": lambda v: v,
}


def cell_spec(class_name, **config):
    return {"className": class_name, "config": config}


def cell_units(spec):
    return spec["config"]["units"]


def cell_state_names(spec):
    return ["h", "c"] if spec["className"] == "LSTMCell" else ["h"]


def cell_uses_bias(spec):
    return spec["config"].get("useBias", True)


def cell_step(spec, w, x, states, prefix=""):
    """Returns (output, new_states)."""
    u = cell_units(spec)
    K = w[prefix + "kernel"]
    R = w[prefix + "recurrent_kernel"]
    use_bias = cell_uses_bias(spec)
    h = states["h"]
    name = spec["className"]
    if name == "SimpleRNNCell":
        b = w[prefix + "bias"] if use_bias else np.zeros(u)
        act = ACTIVATIONS[spec["config"].get("activation", "tanh")]
        h_new = act(x @ K + h @ R + b)
        return h_new, {"h": h_new}
    if name == "LSTMCell":
        b = w[prefix + "bias"] if use_bias else np.zeros(4 * u)
        c = states["c"]
        z = x @ K + h @ R + b
        zi, zf, zc, zo = z[0:u], z[u:2 * u], z[2 * u:3 * u], z[3 * u:4 * u]
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zc), sigmoid(zo)
        c_new = f * c + i * g
        h_new = o * np.tanh(c_new)
        return h_new, {"h": h_new, "c": c_new}
    if name == "GRUCell":
        if spec["config"].get("resetAfter", True):
            b = w[prefix + "bias"] if use_bias else np.zeros((2, 3 * u))
            xp = x @ K + b[0]
            hp = h @ R + b[1]
            xz, xr, xh = xp[0:u], xp[u:2 * u], xp[2 * u:3 * u]
            hz, hr, hh = hp[0:u], hp[u:2 * u], hp[2 * u:3 * u]
            z = sigmoid(xz + hz)
            r = sigmoid(xr + hr)
            cand = np.tanh(xh + r * hh)
        else:
            b = w[prefix + "bias"] if use_bias else np.zeros(3 * u)
            xp = x @ K + b
            xz, xr, xh = xp[0:u], xp[u:2 * u], xp[2 * u:3 * u]
            Rz, Rr, Rh = R[:, 0:u], R[:, u:2 * u], R[:, 2 * u:3 * u]
            z = sigmoid(xz + h @ Rz)
            r = sigmoid(xr + h @ Rr)
            cand = np.tanh(xh + (r * h) @ Rh)
        h_new = z * h + (1.0 - z) * cand
        return h_new, {"h": h_new}
    raise ValueError(name)


def cell_batch(spec, w, x, states):
    """A cell built alone: x (B, Din), states name -> (B, u)."""
    B = x.shape[0]
    u = cell_units(spec)
    out = np.zeros((B, u))
    new = {s: np.zeros((B, u)) for s in states}
    for b in range(B):
        o, st = cell_step(spec, w, x[b], {s: states[s][b] for s in states})
        out[b] = o
        for s in st:
            new[s][b] = st[s]
    return out, new


def rnn(spec, w, x, initial=None, mask=None, return_sequences=False, go_backwards=False):
    """x (B, T, D); initial: name -> (B, u); mask bool (B, T). Returns (output, final states)."""
    B, T, _ = x.shape
    u = cell_units(spec)
    names = cell_state_names(spec)
    order = list(range(T - 1, -1, -1)) if go_backwards else list(range(T))
    seq = np.zeros((B, T, u))
    final = {s: np.zeros((B, u)) for s in names}
    last = np.zeros((B, u))
    for b in range(B):
        states = {s: (initial[s][b].copy() if initial is not None and s in initial else np.zeros(u))
                  for s in names}
        prev_out = np.zeros(u)  # Keras: the output before the first step is zeros
        for k, t in enumerate(order):
            if mask is None or mask[b, t]:
                out, states = cell_step(spec, w, x[b, t], states)
                prev_out = out
            seq[b, k] = prev_out  # walking order
        last[b] = prev_out
        for s in names:
            final[s][b] = states[s]
    return (seq if return_sequences else last), final


def additive_scores(w, memory_b, query_vec):
    """e[l] = v . tanh(memory_l @ Wm + query @ Wq + b)."""
    Wm, Wq, bias, v = (w["attention/memory_kernel"], w["attention/query_kernel"], w["attention/bias"],
                       w["attention/v"])
    L = memory_b.shape[0]
    e = np.zeros(L)
    q = query_vec @ Wq
    for l in range(L):
        e[l] = float(np.dot(v, np.tanh(memory_b[l] @ Wm + q + bias)))
    return e


def attention_wrapper(spec, w, x, memory=None, memory_mask=None, initial=None, seq_mask=None,
                      mechanism="bahdanau", score="dot", return_sequences=True):
    """Returns (output, final states, attention (B, T, L))."""
    if memory is None:
        memory = x
    B, T, _ = x.shape
    L, Dm = memory.shape[1], memory.shape[2]
    u = cell_units(spec)
    names = cell_state_names(spec)
    seq = np.zeros((B, T, u))
    att = np.zeros((B, T, L))
    final = {s: np.zeros((B, u)) for s in names}
    for b in range(B):
        allowed = np.ones(L, dtype=bool) if memory_mask is None else memory_mask[b]
        mem = memory[b]
        states = {s: (initial[s][b].copy() if initial is not None and s in initial else np.zeros(u))
                  for s in names}
        attn_state = np.zeros(u)  # luong's attn_{t-1}, attn_0 = 0
        prev_out = np.zeros(u)
        prev_alpha = np.zeros(L)
        for t in range(T):
            if seq_mask is not None and not seq_mask[b, t]:
                seq[b, t] = prev_out
                att[b, t] = prev_alpha
                continue
            if mechanism == "bahdanau":
                e = additive_scores(w, mem, states["h"])  # h_{t-1}
                alpha = softmax_allowed(e, allowed)
                ctx = np.zeros(Dm)
                for l in range(L):
                    ctx += alpha[l] * mem[l]
                out, states = cell_step(spec, w, np.concatenate([x[b, t], ctx]), states, prefix="cell/")
                output = out
            else:  # luong with input feeding
                h, states = cell_step(spec, w, np.concatenate([x[b, t], attn_state]), states, prefix="cell/")
                if score == "dot":
                    e = np.array([float(np.dot(h, mem[l])) for l in range(L)])
                elif score == "general":
                    Wa = w["attention/kernel"]  # (u, Dm)
                    e = np.array([float(np.dot(h, mem[l] @ Wa.T)) for l in range(L)])
                else:  # concat
                    e = additive_scores(w, mem, h)
                alpha = softmax_allowed(e, allowed)
                ctx = np.zeros(Dm)
                for l in range(L):
                    ctx += alpha[l] * mem[l]
                attn_state = np.tanh(np.concatenate([ctx, h]) @ w["attention/output_kernel"])
                output = attn_state
            seq[b, t] = output
            att[b, t] = alpha
            prev_out = output
            prev_alpha = alpha
        for s in names:
            final[s][b] = states[s]
    out = seq if return_sequences else seq[:, T - 1]
    return out, final, att
