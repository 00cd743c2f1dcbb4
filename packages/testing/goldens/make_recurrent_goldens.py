"""Golden cases for the recurrent layers, computed independently with numpy (float64).

SimpleRNNCell, LSTMCell, GRUCell (resetAfter true and false), RNN and AttentionWrapper (bahdanau;
luong with dot / general / concat scores) are implemented in recurrent_math.py as plain loops over time
(and over the batch), written from docs/layers.md ("Masks", "Recurrent cells and RNN",
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

The cases are in recurrent_cases.py (cells and RNN) and attention_wrapper_cases.py.

Output: packages/testing/src/goldens/recurrent_*.json, run on every backend by
packages/testing/src/goldens.test.ts. The case format and the file writing are shared
with make_goldens.py (golden_io.py).

Rerun (from the repository root):

    python3 packages/testing/goldens/make_recurrent_goldens.py

The script is deterministic (fixed seed), so rerunning rewrites identical files.
"""

from attention_wrapper_cases import attention_cases
from golden_io import seeded, write_goldens
from recurrent_cases import cell_cases, rnn_cases

_, randn = seeded(20240917)


def main():
    # One seeded stream, drawn from in this order: each file depends on the ones before it.
    write_goldens({
        "recurrent_cells.json": cell_cases(randn),
        "recurrent_rnn.json": rnn_cases(randn),
        "recurrent_attention_wrapper.json": attention_cases(randn),
    })


if __name__ == "__main__":
    main()
