"""The golden cases of the recurrent cells (one step) and of RNN, and the helpers AttentionWrapper's
cases share with them (cell weights, state inputs and outputs).

Each case function draws its inputs and weights from `randn` in a fixed order: make_recurrent_goldens.py
passes the generator of its one seeded stream, so rerunning rewrites identical files.
"""

import numpy as np

from golden_io import case
from recurrent_math import cell_batch, cell_spec, cell_state_names, cell_units, cell_uses_bias, rnn


def cell_weights(randn, spec, din, prefix=""):
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


CELL_SPECS = {
    "SimpleRNN tanh": cell_spec("SimpleRNNCell", units=4, activation="tanh"),
    "SimpleRNN relu": cell_spec("SimpleRNNCell", units=3, activation="relu"),
    "SimpleRNN sigmoid": cell_spec("SimpleRNNCell", units=3, activation="sigmoid"),
    "SimpleRNN linear": cell_spec("SimpleRNNCell", units=3, activation="linear"),
    "LSTM": cell_spec("LSTMCell", units=3),
    "GRU resetAfter": cell_spec("GRUCell", units=3, resetAfter=True),
    "GRU resetAfter=false": cell_spec("GRUCell", units=4, resetAfter=False),
}


def cell_cases(randn):
    cases = []

    def add(name, spec, B=2, din=3, input_types=None):
        u = cell_units(spec)
        w = cell_weights(randn, spec, din)
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


def rnn_cases(randn):
    cases = []

    def add(name, spec, x, return_sequences=False, return_state=False, go_backwards=False, initial=False,
            mask=None, input_types=None, weights=None):
        B, T, D = x.shape
        u = cell_units(spec)
        w = weights if weights is not None else cell_weights(randn, spec, D)
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
