"""The golden cases of AttentionWrapper (bahdanau; luong with dot / general / concat scores).

The case function draws its inputs and weights from `randn` in a fixed order: make_recurrent_goldens.py
passes the generator of its one seeded stream, so rerunning rewrites an identical file.
"""

import numpy as np

from golden_io import case
from recurrent_cases import add_state_io, cell_weights
from recurrent_math import attention_wrapper, cell_spec, cell_state_names, cell_units


def attention_weights(randn, spec, mechanism, score, din, dm, units):
    u = cell_units(spec)
    cell_in = din + (dm if mechanism == "bahdanau" else u)
    w = cell_weights(randn, spec, cell_in, prefix="cell/")
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


def attention_cases(randn):
    cases = []

    def add(name, spec, x, memory=None, memory_mask=None, mechanism="bahdanau", score=None, units=None,
            return_sequences=True, return_state=False, return_attention=False, initial=False, seq_mask=None,
            input_types=None):
        B, T, din = x.shape
        mem = x if memory is None else memory
        dm = mem.shape[2]
        u = cell_units(spec)
        att_units = units if units is not None else u
        w = attention_weights(randn, spec, mechanism, score, din, dm, att_units)
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
