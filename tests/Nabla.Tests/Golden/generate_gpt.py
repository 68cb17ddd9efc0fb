"""Golden data for the GPT model (gpt.json): a 2-layer, 2-head nanoGPT of width 8 (vocabulary 11, block 8) written
by hand with every parameter passed as an input, in the state-dict order of nanoGPT (transformer.wte.weight,
transformer.wpe.weight, transformer.h.0.ln_1.weight, ..., transformer.ln_f.bias, lm_head.weight), so every parameter
gradient is compared. PyTorch 1.13 has no F.scaled_dot_product_attention, so the attention is nanoGPT's explicit
masked softmax. Run: /usr/bin/python3 generate_gpt.py
"""
import math

import torch
import torch.nn.functional as F
from golden_common import case, write, randn, unit, pos, ints

VOCAB, BLOCK, LAYERS, HEADS, WIDTH = 11, 8, 2, 2, 8
BATCH, LENGTH = 2, 6
PER_BLOCK = 12


def block_params():
    d = WIDTH
    return (pos(d), unit(d), unit(3 * d, d), unit(3 * d), unit(d, d), unit(d),
            pos(d), unit(d), unit(4 * d, d), unit(4 * d), unit(d, 4 * d), unit(d))


def params():
    specs = [randn(VOCAB, WIDTH), randn(BLOCK, WIDTH)]
    for _ in range(LAYERS):
        specs += block_params()
    return specs + [pos(WIDTH), unit(WIDTH), unit(VOCAB, WIDTH)]


def attention(x, w, b, pw, pb):
    n, t, c = x.shape
    q, k, v = F.linear(x, w, b).split(c, dim=2)
    q = q.view(n, t, HEADS, c // HEADS).transpose(1, 2)
    k = k.view(n, t, HEADS, c // HEADS).transpose(1, 2)
    v = v.view(n, t, HEADS, c // HEADS).transpose(1, 2)
    att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
    mask = torch.tril(torch.ones(t, t)).view(1, 1, t, t)
    att = F.softmax(att.masked_fill(mask == 0, float("-inf")), dim=-1)
    y = (att @ v).transpose(1, 2).contiguous().view(n, t, c)
    return F.linear(y, pw, pb)


def gpt(idx, *p):
    wte, wpe = p[0], p[1]
    x = F.embedding(idx, wte) + F.embedding(torch.arange(idx.shape[1]), wpe)
    for i in range(LAYERS):
        ln1w, ln1b, aw, ab, pw, pb, ln2w, ln2b, fw, fb, mw, mb = p[2 + PER_BLOCK * i: 2 + PER_BLOCK * (i + 1)]
        x = x + attention(F.layer_norm(x, (WIDTH,), ln1w, ln1b), aw, ab, pw, pb)
        x = x + F.linear(F.gelu(F.linear(F.layer_norm(x, (WIDTH,), ln2w, ln2b), fw, fb)), mw, mb)
    lnfw, lnfb, head = p[-3:]
    return F.linear(F.layer_norm(x, (WIDTH,), lnfw, lnfb), head)


def loss(idx, targets, *p):
    logits = gpt(idx, *p)
    return F.cross_entropy(logits.reshape(-1, VOCAB), targets.reshape(-1))


case("gpt_logits", gpt, ints(0, VOCAB, BATCH, LENGTH), *params(), rtol=1e-4, atol=1e-5)
case("gpt_loss", loss, ints(0, VOCAB, BATCH, LENGTH), ints(0, VOCAB, BATCH, LENGTH), *params(), rtol=1e-4, atol=1e-5)

write("gpt.json", "generate_gpt.py")
