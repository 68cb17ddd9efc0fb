"""Golden data for the transformer layers (transformer.json): torch.nn.TransformerEncoderLayer, TransformerDecoderLayer,
TransformerEncoder and Transformer in eval mode with identical weights. Each case's inputs are the data tensors (masks
included), the upstream gradient, then every parameter in state_dict order (torch's initialisation plus noise, so
biases and norm weights are not trivial). Its output is one flat tensor: the module's output, the gradients of the
data inputs named in `grads` and the gradients of every parameter, all from one backward pass with that upstream
gradient. The root object also lists each case's state_dict keys, which the Nabla modules must reproduce.
Run: /usr/bin/python3 generate_transformer.py
"""
import json
import os
import torch
import torch.nn as nn
import torch.nn.functional as F
from golden_common import case, write, randn, mask, fixed

E, H, FF = 8, 2, 16
KEYS = {}


def causal(n): return nn.Transformer.generate_square_subsequent_mask(n)


def bool_causal(n): return torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)


def padding(n, s, pads):
    """(n, s) Bool key padding mask; row i masks its last pads[i] positions."""
    m = torch.zeros(n, s, dtype=torch.bool)
    for i, p in enumerate(pads):
        if p: m[i, s - p:] = True
    return m


def module_case(name, module, data, grads, forward, grad_shape):
    """data: specs of the data inputs; grads: how many leading data inputs get gradients; forward(module, *data)."""
    module.eval()
    with torch.no_grad():
        for p in module.parameters(): p.add_(0.2 * torch.randn_like(p))
    names = list(module.state_dict().keys())
    KEYS[name] = names
    params = [fixed(v.tolist()) for v in module.state_dict().values()]

    def run(*inputs):
        xs = [x.detach().clone() for x in inputs[:len(data)]]
        for x in xs[:grads]: x.requires_grad_()
        g = inputs[len(data)].detach()
        with torch.no_grad():
            for p, v in zip(module.state_dict().values(), inputs[len(data) + 1:]): p.copy_(v)
        module.zero_grad()
        y = forward(module, *xs)
        y.backward(g)
        parts = [y.flatten()] + [x.grad.flatten() for x in xs[:grads]] + [p.grad.flatten() for p in module.parameters()]
        return torch.cat(parts).detach()

    case(name, run, *data, randn(*grad_shape), *params, rtol=1e-4, atol=2e-5)


def enc_layer(**kw): return nn.TransformerEncoderLayer(E, H, FF, **kw)


def dec_layer(**kw): return nn.TransformerDecoderLayer(E, H, FF, **kw)


KPM = padding(2, 5, [0, 2])
# Encoder layer: post-norm and pre-norm, ReLU and GELU, causal and key padding masks.
module_case("enc_layer_post_relu_causal", enc_layer(), [randn(5, 2, E)], 1,
            lambda m, x: m(x, src_mask=causal(5)), (5, 2, E))
module_case("enc_layer_pre_relu_padding", enc_layer(norm_first=True), [randn(5, 2, E)], 1,
            lambda m, x: m(x, src_key_padding_mask=KPM), (5, 2, E))
module_case("enc_layer_post_gelu_causal_padding_batch_first", enc_layer(activation="gelu", batch_first=True), [randn(2, 5, E)], 1,
            lambda m, x: m(x, src_mask=bool_causal(5), src_key_padding_mask=KPM), (2, 5, E))
module_case("enc_layer_pre_gelu_is_causal", enc_layer(activation="gelu", norm_first=True), [randn(5, 2, E)], 1,
            lambda m, x: m(x, src_mask=causal(5)), (5, 2, E))
module_case("enc_layer_post_relu_float_mask_3d", enc_layer(), [randn(5, 2, E), randn(2 * H, 5, 5)], 1,
            lambda m, x, a: m(x, src_mask=a), (5, 2, E))
module_case("enc_layer_post_gelu_tanh_padding", enc_layer(activation=lambda x: F.gelu(x, approximate="tanh")), [randn(5, 2, E)], 1,
            lambda m, x: m(x, src_key_padding_mask=KPM), (5, 2, E))
module_case("enc_layer_pre_gelu_unbatched", enc_layer(activation="gelu", norm_first=True), [randn(5, E)], 1,
            lambda m, x: m(x, src_key_padding_mask=torch.tensor([False, False, False, False, True])), (5, E))
# Decoder layer: causal target mask, padding of target and memory, a float memory mask, pre-norm.
module_case("dec_layer_post_relu_causal_padding", dec_layer(), [randn(4, 2, E), randn(5, 2, E)], 2,
            lambda m, t, s: m(t, s, tgt_mask=causal(4), tgt_key_padding_mask=padding(2, 4, [1, 0]), memory_key_padding_mask=KPM),
            (4, 2, E))
module_case("dec_layer_pre_gelu_memory_mask_batch_first", dec_layer(activation="gelu", norm_first=True, batch_first=True),
            [randn(2, 4, E), randn(2, 5, E), randn(4, 5)], 2,
            lambda m, t, s, mm: m(t, s, tgt_mask=bool_causal(4), memory_mask=mm), (2, 4, E))
# Stacks: a two-layer encoder with a final norm, and the full model end to end.
module_case("encoder_two_layers_norm_padding", nn.TransformerEncoder(enc_layer(), 2, nn.LayerNorm(E)), [randn(5, 2, E)], 1,
            lambda m, x: m(x, src_key_padding_mask=KPM), (5, 2, E))
module_case("transformer_two_layers", nn.Transformer(E, H, 2, 2, FF), [randn(5, 2, E), randn(4, 2, E)], 2,
            lambda m, s, t: m(s, t, tgt_mask=causal(4), src_key_padding_mask=KPM, memory_key_padding_mask=KPM,
                              tgt_key_padding_mask=padding(2, 4, [0, 1])), (4, 2, E))
module_case("transformer_two_layers_pre_gelu_batch_first",
            nn.Transformer(E, H, 2, 2, FF, activation="gelu", norm_first=True, batch_first=True),
            [randn(2, 5, E), randn(2, 4, E)], 2,
            lambda m, s, t: m(s, t, tgt_mask=causal(4)), (2, 4, E))

write("transformer.json", "generate_transformer.py")
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "transformer.json")
with open(path) as f: data = json.load(f)
data["state_dict_keys"] = KEYS
with open(path, "w") as f:
    json.dump(data, f, indent=None, separators=(",", ":"))
    f.write("\n")
