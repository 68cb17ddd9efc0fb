"""Golden data for attention (attention.json): torch.nn.functional.multi_head_attention_forward (the body of
torch.nn.MultiheadAttention) with every weight passed as an input, so parameter gradients are compared too. Each case
returns the output and the head-averaged weights flattened into one tensor. Run: /usr/bin/python3 generate_attention.py
"""
import torch
import torch.nn.functional as F
from golden_common import case, write, randn

E = 6
KPM = torch.tensor([[False, False, False, True, True], [False, False, False, False, True]])
CAUSAL = torch.triu(torch.ones(4, 4, dtype=torch.bool), diagonal=1)


def mha(q, k, v, heads, w, b, ow, ob, kpm=None, mask=None, need_weights=True):
    out, weights = F.multi_head_attention_forward(q, k, v, E, heads, w, b, None, None, False, 0.0, ow, ob,
                                                   training=False, key_padding_mask=kpm, need_weights=need_weights, attn_mask=mask)
    return out.flatten() if weights is None else torch.cat([out.flatten(), weights.flatten()])


def params(): return (randn(3 * E, E), randn(3 * E), randn(E, E), randn(E))


case("mha_self", lambda x, w, b, ow, ob: mha(x, x, x, 2, w, b, ow, ob), randn(4, 2, E), *params(), rtol=1e-4, atol=1e-5)
case("mha_cross_key_padding", lambda q, k, v, w, b, ow, ob: mha(q, k, v, 3, w, b, ow, ob, kpm=KPM),
     randn(3, 2, E), randn(5, 2, E), randn(5, 2, E), *params(), rtol=1e-4, atol=1e-5)
case("mha_causal_no_weights", lambda x, w, b, ow, ob: mha(x, x, x, 2, w, b, ow, ob, mask=CAUSAL, need_weights=False),
     randn(4, 2, E), *params(), rtol=1e-4, atol=1e-5)
case("mha_causal_weights", lambda x, w, b, ow, ob: mha(x, x, x, 3, w, b, ow, ob, mask=CAUSAL),
     randn(4, 2, E), *params(), rtol=1e-4, atol=1e-5)
case("mha_float_mask_3d_padding", lambda q, k, m, w, b, ow, ob: mha(q, k, k, 2, w, b, ow, ob, kpm=KPM, mask=m),
     randn(3, 2, E), randn(5, 2, E), randn(4, 3, 5), *params(), rtol=1e-4, atol=1e-5)
case("mha_unbatched_no_bias", lambda x, w, ow: mha(x, x, x, 1, w, None, ow, None), randn(3, E), randn(3 * E, E), randn(E, E),
     rtol=1e-4, atol=1e-5)

write("attention.json", "generate_attention.py")
