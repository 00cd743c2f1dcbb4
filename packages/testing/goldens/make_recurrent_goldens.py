"""Golden cases for the recurrent layers, computed independently with numpy (float64).

SimpleRNNCell, LSTMCell, GRUCell (resetAfter true and false), RNN and AttentionWrapper (bahdanau;
luong with dot / general / concat scores) are implemented below as plain loops over time (and over
the batch), written from docs/layers.md ("Masks", "Recurrent cells and RNN",
"AttentionWrapper") and the Keras masking semantics of the RNN loop, not from the TypeScript layers:

- a cell built alone is one step: inputs `input`, `state_h` (+ `state_c`), outputs `output`,
  `state_h` (+ `state_c`);
- RNN walks the time steps (from the end with goBackwards, returning the sequence in walking order);
  a masked step keeps the previous states and repeats the previous output, and the previous output
  before the first step is zeros (even with an initial state); without returnSequences the output
  is the last walked step's output;
- AttentionWrapper: bahdanau scores with h_{t-1} and feeds [x_t ; ctx_t] to the cell, output h_t;
  luong feeds [x_t ; attn_{t-1}] (attn_0 = 0), scores with the new h_t and outputs
  attn_t = tanh([ctx_t ; h_t] @ Wc). Masked memory positions get exactly zero weight, a fully masked
  memory row gives zero weights and a zero context. A masked time step keeps the cell states (and
  luong's attn_{t-1}), repeats the previous output and the previous attention row (zeros before the
  first step).

All inputs and weights are rounded to float32 values first, so the TypeScript engine sees exactly
the same numbers; the math is then done in float64.

Output: packages/testing/src/goldens/recurrent_*.json, run on every backend by
packages/testing/src/goldens.test.ts. The case format and the file writing are shared
with make_goldens.py (golden_io.py).

Rerun (from the repository root):

    python3 packages/testing/goldens/make_recurrent_goldens.py

The script is deterministic (fixed seed), so rerunning rewrites identical files.
"""

import math

import numpy as np

from golden_io import case, f32, seeded, softmax_allowed, write_goldens

_, randn = seeded(20240917)


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


# ----------------------------------------------------------------------------------------------
# cells: one step on one batch element (x (Din,), states dict of (u,) vectors)
# ----------------------------------------------------------------------------------------------

def cell_spec(class_name, **config):
    return {"className": class_name, "config": config}


def cell_units(spec):
    return spec["config"]["units"]


def cell_state_names(spec):
    return ["h", "c"] if spec["className"] == "LSTMCell" else ["h"]


def cell_uses_bias(spec):
    return spec["config"].get("useBias", True)


def cell_weights(spec, din, prefix=""):
    """Random weights in the Keras 3 layout (kernel, recurrent_kernel, bias), float32 values."""
    u = cell_units(spec)
    k = {"SimpleRNNCell": 1, "LSTMCell": 4, "GRUCell": 3}[spec["className"]]
    w = {
        prefix + "kernel": randn(din, k * u, scale=0.5),
        prefix + "recurrent_kernel": randn(u, k * u, scale=0.5),
    }
    if cell_uses_bias(spec):
        if spec["className"] == "GRUCell" and spec["config"].get("resetAfter", True):
            w[prefix + "bias"] = randn(2, 3 * u, scale=0.3)
        else:
            w[prefix + "bias"] = randn(k * u, scale=0.3)
    return w


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


# ----------------------------------------------------------------------------------------------
# RNN
# ----------------------------------------------------------------------------------------------

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


# ----------------------------------------------------------------------------------------------
# AttentionWrapper
# ----------------------------------------------------------------------------------------------

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


def attention_weights(spec, mechanism, score, din, dm, units):
    u = cell_units(spec)
    cell_in = din + (dm if mechanism == "bahdanau" else u)
    w = cell_weights(spec, cell_in, prefix="cell/")
    if mechanism == "bahdanau" or score == "concat":
        w["attention/memory_kernel"] = randn(dm, units, scale=0.5)
        w["attention/query_kernel"] = randn(u, units, scale=0.5)
        w["attention/bias"] = randn(units, scale=0.3)
        w["attention/v"] = randn(units)
    if mechanism == "luong" and score == "general":
        w["attention/kernel"] = randn(u, dm, scale=0.5)
    if mechanism == "luong":
        w["attention/output_kernel"] = randn(dm + u, u, scale=0.5)
    return w


# ----------------------------------------------------------------------------------------------
# cases
# ----------------------------------------------------------------------------------------------

CELL_SPECS = {
    "SimpleRNN tanh": cell_spec("SimpleRNNCell", units=4, activation="tanh"),
    "SimpleRNN relu": cell_spec("SimpleRNNCell", units=3, activation="relu"),
    "SimpleRNN sigmoid": cell_spec("SimpleRNNCell", units=3, activation="sigmoid"),
    "SimpleRNN linear": cell_spec("SimpleRNNCell", units=3, activation="linear"),
    "LSTM": cell_spec("LSTMCell", units=3),
    "GRU resetAfter": cell_spec("GRUCell", units=3, resetAfter=True),
    "GRU resetAfter=false": cell_spec("GRUCell", units=4, resetAfter=False),
}


def cell_cases():
    cases = []

    def add(name, spec, B=2, din=3, input_types=None):
        u = cell_units(spec)
        w = cell_weights(spec, din)
        x = randn(B, din)
        states = {s: randn(B, u, scale=0.8) for s in cell_state_names(spec)}
        out, new = cell_batch(spec, w, x, states)
        inputs = {"input": (x, "float32")}
        for s in cell_state_names(spec):
            inputs["state_" + s] = (states[s], "float32")
        outputs = {"output": out}
        for s in cell_state_names(spec):
            outputs["state_" + s] = new[s]
        cases.append(case(name, spec["className"], spec["config"], inputs, w, outputs, input_types))

    for label, spec in CELL_SPECS.items():
        add(f"cell {label}", spec)
    add("cell SimpleRNN tanh useBias=false", cell_spec("SimpleRNNCell", units=3, activation="tanh", useBias=False))
    add("cell LSTM useBias=false", cell_spec("LSTMCell", units=4, useBias=False))
    add("cell LSTM unitForgetBias=false", cell_spec("LSTMCell", units=3, unitForgetBias=False))
    add("cell GRU resetAfter useBias=false", cell_spec("GRUCell", units=3, resetAfter=True, useBias=False))
    add("cell GRU resetAfter=false useBias=false", cell_spec("GRUCell", units=3, resetAfter=False, useBias=False))
    add("cell GRU resetAfter symbolic batch", cell_spec("GRUCell", units=3, resetAfter=True), B=3,
        input_types={"input": ["batch", 3], "state_h": ["batch", 3]})
    add("cell LSTM symbolic batch", cell_spec("LSTMCell", units=3), B=3,
        input_types={"input": ["batch", 3], "state_h": ["batch", 3], "state_c": ["batch", 3]})
    return cases


# masks: middle steps masked, masked at the start (and the end), fully masked
MASK_3x5 = np.array([
    [True, False, False, True, True],
    [False, False, True, False, True],
    [False, False, False, False, False],
])
MASK_2x4 = np.array([
    [False, True, True, False],
    [True, False, True, True],
])


def add_state_io(spec, inputs, outputs, init, seq_mask, final):
    """Adds the initial states and the sequence mask (when given) to a case's inputs, the final states
    (when given) to its outputs, in the order the layer declares them."""
    if init is not None:
        for s in cell_state_names(spec):
            inputs["initial_state_" + s] = (init[s], "float32")
    if seq_mask is not None:
        inputs["sequence_mask"] = (seq_mask, "bool")
    if final is not None:
        for s in cell_state_names(spec):
            outputs["state_" + s] = final[s]


def rnn_cases():
    cases = []

    def add(name, spec, x, return_sequences=False, return_state=False, go_backwards=False, initial=False,
            mask=None, input_types=None, weights=None):
        B, T, D = x.shape
        u = cell_units(spec)
        w = weights if weights is not None else cell_weights(spec, D)
        init = {s: randn(B, u, scale=0.8) for s in cell_state_names(spec)} if initial else None
        out, final = rnn(spec, w, x, initial=init, mask=mask, return_sequences=return_sequences,
                         go_backwards=go_backwards)
        config = {"cell": spec, "returnSequences": return_sequences, "returnState": return_state,
                  "goBackwards": go_backwards}
        inputs = {"inputs": (x, "float32")}
        outputs = {"output": out}
        add_state_io(spec, inputs, outputs, init, mask, final if return_state else None)
        cases.append(case(name, "RNN", config, inputs, w, outputs, input_types))
        return out, final, w

    B, T, D = 2, 4, 3
    for label, spec in CELL_SPECS.items():
        x = randn(B, T, D)
        add(f"rnn {label} last output", spec, x)
        add(f"rnn {label} sequences + state", spec, x, return_sequences=True, return_state=True)
        add(f"rnn {label} goBackwards sequences + state", spec, randn(B, T, D), return_sequences=True,
            return_state=True, go_backwards=True)

    lstm, gru, gru0, srnn = (CELL_SPECS["LSTM"], CELL_SPECS["GRU resetAfter"], CELL_SPECS["GRU resetAfter=false"],
                             CELL_SPECS["SimpleRNN tanh"])
    # initial states
    add("rnn LSTM initial state h,c + state", lstm, randn(B, T, D), return_sequences=True, return_state=True,
        initial=True)
    add("rnn GRU initial state, last output", gru, randn(B, T, D), initial=True, return_state=True)
    add("rnn SimpleRNN initial state goBackwards", srnn, randn(B, T, D), initial=True, go_backwards=True,
        return_sequences=True)
    add("rnn SimpleRNN useBias=false", cell_spec("SimpleRNNCell", units=3, useBias=False), randn(B, T, D),
        return_sequences=True, return_state=True)
    add("rnn LSTM useBias=false", cell_spec("LSTMCell", units=3, useBias=False), randn(B, T, D),
        return_sequences=True)

    # sequence masks (B = 3: middle masked, start+end masked, fully masked row)
    x5 = randn(3, 5, D)
    for label, spec in [("SimpleRNN tanh", srnn), ("LSTM", lstm), ("GRU resetAfter", gru),
                        ("GRU resetAfter=false", gru0)]:
        out, final, _ = add(f"rnn {label} sequence_mask sequences + state", spec, x5, return_sequences=True,
                            return_state=True, mask=MASK_3x5)
        assert np.all(out[2] == 0) and np.all(out[1, 0:2] == 0)
        assert np.all(out[0, 1] == out[0, 0]) and np.all(out[1, 3] == out[1, 2])
        add(f"rnn {label} sequence_mask last output", spec, x5, mask=MASK_3x5)
    out, final, _ = add("rnn LSTM sequence_mask + initial state + state", lstm, x5, return_sequences=True,
                        return_state=True, mask=MASK_3x5, initial=True)
    assert np.all(out[2] == 0)
    add("rnn GRU sequence_mask + goBackwards + state", gru, x5, return_sequences=True, return_state=True,
        mask=MASK_3x5, go_backwards=True)
    # goBackwards, not sequences: the last walked step is t = 0, masked in rows 1 and 2
    out, _, _ = add("rnn SimpleRNN sequence_mask + goBackwards last output", srnn, x5, mask=MASK_3x5,
                    go_backwards=True, initial=True, return_state=True)
    assert np.all(out[2] == 0)
    add("rnn GRU resetAfter=false sequence_mask + initial + goBackwards", gru0, x5, return_sequences=True,
        return_state=True, mask=MASK_3x5, go_backwards=True, initial=True)

    # symbolic dims
    sym = {"inputs": ["batch", "time", D], "sequence_mask": ["batch", "time"],
           "initial_state_h": ["batch", 3], "initial_state_c": ["batch", 3]}
    add("rnn LSTM symbolic dims + mask + initial state", lstm, x5, return_sequences=True, return_state=True,
        mask=MASK_3x5, initial=True, input_types=sym)
    add("rnn GRU symbolic dims goBackwards", gru, randn(B, 5, D), return_sequences=True, return_state=True,
        go_backwards=True, input_types={"inputs": ["batch", "time", D]})
    add("rnn SimpleRNN relu symbolic dims + mask, last output", CELL_SPECS["SimpleRNN relu"],
        randn(B, 4, D), mask=MASK_2x4, input_types={"inputs": ["batch", "time", D],
                                                    "sequence_mask": ["batch", "time"]})
    add("rnn T=1", gru0, randn(B, 1, D), return_sequences=True, return_state=True)
    return cases


def attention_cases():
    cases = []

    def add(name, spec, x, memory=None, memory_mask=None, mechanism="bahdanau", score=None, units=None,
            return_sequences=True, return_state=False, return_attention=False, initial=False, seq_mask=None,
            input_types=None):
        B, T, din = x.shape
        mem = x if memory is None else memory
        dm = mem.shape[2]
        u = cell_units(spec)
        att_units = units if units is not None else u
        w = attention_weights(spec, mechanism, score, din, dm, att_units)
        init = {s: randn(B, u, scale=0.8) for s in cell_state_names(spec)} if initial else None
        out, final, att = attention_wrapper(spec, w, x, memory=memory, memory_mask=memory_mask, initial=init,
                                            seq_mask=seq_mask, mechanism=mechanism, score=score or "dot",
                                            return_sequences=return_sequences)
        config = {"cell": spec, "mechanism": mechanism}
        if units is not None:
            config["units"] = units
        if score is not None:
            config["score"] = score
        config.update({"returnSequences": return_sequences, "returnState": return_state,
                       "returnAttention": return_attention})
        inputs = {"inputs": (x, "float32")}
        if memory is not None:
            inputs["memory"] = (memory, "float32")
        if memory_mask is not None:
            inputs["memory_mask"] = (memory_mask, "bool")
        outputs = {"output": out}
        add_state_io(spec, inputs, outputs, init, seq_mask, final if return_state else None)
        if return_attention:
            outputs["attention"] = att
        cases.append(case(name, "AttentionWrapper", config, inputs, w, outputs, input_types))
        return out, final, att

    lstm = cell_spec("LSTMCell", units=4)
    gru = cell_spec("GRUCell", units=3, resetAfter=True)
    gru0 = cell_spec("GRUCell", units=4, resetAfter=False)
    srnn = cell_spec("SimpleRNNCell", units=4, activation="tanh")
    B, T, din, L, dm = 2, 4, 3, 5, 4
    x = randn(B, T, din)
    mem = randn(B, L, dm)
    mmask = np.array([[True, False, True, True, False], [False] * L])  # batch row 1 fully masked
    smask = np.array([[True, False, True, True], [False, True, False, True]])

    # bahdanau
    _, _, att = add("bahdanau LSTM memory + attention + state", lstm, x, memory=mem, units=5,
                    return_state=True, return_attention=True)
    assert np.max(np.abs(att[:, 1] - att[:, 0])) > 1e-4
    add("bahdanau GRU memory + attention + state", gru, x, memory=mem, units=5, return_state=True,
        return_attention=True)
    add("bahdanau GRU resetAfter=false, units default", gru0, x, memory=mem, return_attention=True)
    add("bahdanau SimpleRNN memory", srnn, x, memory=mem, units=3, return_attention=True)
    add("bahdanau LSTM memory defaults to inputs", lstm, randn(B, 5, din), units=3, return_attention=True,
        return_state=True)
    add("bahdanau GRU memory defaults to inputs, last output", gru, randn(B, 5, din), return_sequences=False)
    _, _, att = add("bahdanau LSTM memory_mask (fully masked batch row)", lstm, x, memory=mem,
                    memory_mask=mmask, units=5, return_attention=True, return_state=True)
    assert np.all(att[1] == 0) and np.all(att[0][:, [1, 4]] == 0)
    add("bahdanau GRU memory_mask (fully masked batch row)", gru, x, memory=mem, memory_mask=mmask,
        return_attention=True)
    add("bahdanau LSTM initial state", lstm, x, memory=mem, units=5, initial=True, return_state=True,
        return_attention=True)
    add("bahdanau GRU initial state, last output", gru, x, memory=mem, initial=True, return_state=True,
        return_sequences=False)
    _, _, att = add("bahdanau LSTM sequence_mask + initial state", lstm, x, memory=mem, units=5, initial=True,
                    seq_mask=smask, return_state=True, return_attention=True)
    assert np.all(att[1, 0] == 0) and np.all(att[0, 1] == att[0, 0])
    add("bahdanau GRU sequence_mask + memory_mask, last output", gru, x, memory=mem, memory_mask=mmask,
        seq_mask=np.array([[True, True, True, False], [True, False, True, True]]), return_sequences=False,
        return_state=True, return_attention=True)

    # luong
    mem_u4 = randn(B, L, 4)  # dot needs u == Dm
    add("luong dot LSTM", lstm, x, memory=mem_u4, mechanism="luong", score="dot", return_attention=True,
        return_state=True)
    add("luong dot GRU resetAfter=false memory_mask", gru0, x, memory=mem_u4, memory_mask=mmask,
        mechanism="luong", score="dot", return_attention=True, return_state=True)
    add("luong general LSTM", lstm, x, memory=mem, mechanism="luong", score="general", return_attention=True,
        return_state=True)
    add("luong general GRU memory_mask", gru, x, memory=mem, memory_mask=mmask, mechanism="luong",
        score="general", return_attention=True)
    add("luong concat LSTM", lstm, x, memory=mem, mechanism="luong", score="concat", units=5,
        return_attention=True, return_state=True)
    add("luong concat GRU memory_mask, units default", gru, x, memory=mem, memory_mask=mmask, mechanism="luong",
        score="concat", return_attention=True)
    add("luong general SimpleRNN memory defaults to inputs", cell_spec("SimpleRNNCell", units=3), randn(B, 5, din),
        mechanism="luong", score="general", return_attention=True)
    _, _, att = add("luong dot LSTM sequence_mask + initial state", lstm, x, memory=mem_u4, mechanism="luong",
                    score="dot", seq_mask=smask, initial=True, return_state=True, return_attention=True)
    assert np.all(att[1, 0] == 0)
    add("luong concat GRU sequence_mask + memory_mask, last output", gru, x, memory=mem, memory_mask=mmask,
        mechanism="luong", score="concat", units=4, seq_mask=smask, return_sequences=False, return_state=True)
    add("luong general LSTM initial state, last output", lstm, x, memory=mem, mechanism="luong",
        score="general", initial=True, return_sequences=False, return_attention=True)

    # symbolic dims
    add("bahdanau LSTM symbolic dims", lstm, x, memory=randn(B, 6, dm), memory_mask=np.array(
        [[True, True, False, True, True, True], [False, True, True, False, False, True]]), units=4,
        seq_mask=smask, initial=True, return_state=True, return_attention=True,
        input_types={"inputs": ["batch", "time", din], "memory": ["batch", "mem", dm],
                     "memory_mask": ["batch", "mem"], "sequence_mask": ["batch", "time"],
                     "initial_state_h": ["batch", 4], "initial_state_c": ["batch", 4]})
    add("luong concat GRU symbolic dims", gru, x, memory=randn(B, 3, dm), mechanism="luong", score="concat",
        units=3, return_attention=True, return_state=True,
        input_types={"inputs": ["batch", "time", din], "memory": ["batch", "mem", dm]})
    return cases


def main():
    write_goldens({
        "recurrent_cells.json": cell_cases(),
        "recurrent_rnn.json": rnn_cases(),
        "recurrent_attention_wrapper.json": attention_cases(),
    })


if __name__ == "__main__":
    main()
