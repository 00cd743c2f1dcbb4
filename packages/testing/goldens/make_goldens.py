"""Golden cases for the attention and normalization layers, computed independently with numpy (float64).

Every layer is a direct, loop-clear implementation of docs/layers.md
(Masks, ScaledDotProductAttention, MultiHeadAttention, LayerNormalization,
RMSNormalization, SequenceAttention), written from that spec alone, not from the
TypeScript layers (attention_math.py, normalization.py); the cases are in
attention_cases.py and normalization.py. All inputs and weights are rounded to float32
values first, so the TypeScript engine sees exactly the same numbers; the math is then
done in float64.

Output: one JSON file per layer in packages/testing/src/goldens/, run on every backend by
packages/testing/src/goldens.test.ts.

Rerun (from the repository root):

    python3 packages/testing/goldens/make_goldens.py

The script is deterministic (fixed seed), so rerunning rewrites identical files.
"""

from attention_cases import mha_cases, sdpa_cases, seq_cases
from golden_io import seeded, write_goldens
from normalization import ln_cases, rms_cases

rng, randn = seeded(20240611)


def rand_mask(*shape, p=0.7):
    return rng.random(shape) < p


def main():
    # One seeded stream, drawn from in this order: each file depends on the ones before it.
    write_goldens({
        "scaled_dot_product_attention.json": sdpa_cases(randn, rand_mask),
        "multi_head_attention.json": mha_cases(randn, rand_mask),
        "layer_normalization.json": ln_cases(randn),
        "rms_normalization.json": rms_cases(randn),
        "sequence_attention.json": seq_cases(randn),
    })


if __name__ == "__main__":
    main()
