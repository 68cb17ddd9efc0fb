"""Golden data for layers and losses (layers.json): functional forms with parameters as inputs, so their gradients
are compared too. Targets that PyTorch does not differentiate are detached on both sides. Run: /usr/bin/python3 generate_layers.py
"""
import torch
import torch.nn.functional as F
from golden_common import case, write, randn, pos, ints, fixed

W3 = [0.5, 2.0, 1.5]
W5 = [1.0, 0.5, 2.0, 1.5, 0.25]


def bn_running(x):
    rm, rv = torch.zeros(3), torch.ones(3)
    F.batch_norm(x.detach(), rm, rv, training=True, momentum=0.3)
    F.batch_norm(x.detach() * 2 + 1, rm, rv, training=True, momentum=0.3)
    return torch.cat([rm, rv])


case("linear", lambda x, w, b: F.linear(x, w, b), randn(3, 4), randn(5, 4), randn(5))
case("linear_3d_no_bias", lambda x, w: F.linear(x, w), randn(2, 3, 4), randn(2, 4))
case("batch_norm_train_4d", lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), randn(4, 3, 2, 2), randn(3), randn(3))
case("batch_norm_train_3d", lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True, eps=1e-3), randn(4, 3, 5), randn(3), randn(3))
case("batch_norm_eval", lambda x, rm, rv, w, b: F.batch_norm(x, rm.detach(), rv.detach(), w, b, training=False),
     randn(4, 3, 2), randn(3), pos(3), randn(3), randn(3))
case("batch_norm_running_stats", bn_running, randn(5, 3, 2))
case("layer_norm", lambda x, w, b: F.layer_norm(x, (3, 4), w, b), randn(2, 3, 4), randn(3, 4), randn(3, 4))
case("layer_norm_no_affine", lambda x: F.layer_norm(x, (5,), eps=1e-3), randn(3, 5))
case("local_response_norm", lambda x: F.local_response_norm(x, 3), randn(2, 5, 3))
case("local_response_norm_4d", lambda x: F.local_response_norm(x, 4, alpha=0.1, beta=0.5, k=2.0), randn(1, 6, 2, 2))
case("embedding", lambda i, w: F.embedding(i, w), ints(0, 6, 2, 3), randn(6, 4))
case("embedding_padding", lambda i, w: F.embedding(i, w, padding_idx=1), ints(0, 4, 7), randn(4, 3))
case("module_leaky_relu", lambda x: torch.nn.LeakyReLU(0.2)(x), randn(3, 4))
case("module_elu", lambda x: torch.nn.ELU(0.5)(x), randn(3, 4))
case("module_gelu", lambda x: torch.nn.GELU()(x), randn(3, 4))
case("module_softplus", lambda x: torch.nn.Softplus(2.0, 5.0)(x * 3), randn(3, 4))
case("module_softmax", lambda x: torch.nn.Softmax(1)(x), randn(3, 4))
case("module_log_softmax", lambda x: torch.nn.LogSoftmax(0)(x), randn(3, 4))

case("cross_entropy", lambda x, t: F.cross_entropy(x, t), randn(4, 5), ints(0, 5, 4))
case("cross_entropy_weight", lambda x, t: F.cross_entropy(x, t, weight=torch.tensor(W5)), randn(4, 5), ints(0, 5, 4))
case("cross_entropy_ignore_index", lambda x: F.cross_entropy(x, torch.tensor([1, -100, 3, 0])), randn(4, 5))
case("cross_entropy_label_smoothing", lambda x, t: F.cross_entropy(x, t, label_smoothing=0.1), randn(4, 5), ints(0, 5, 4))
case("cross_entropy_all_options", lambda x: F.cross_entropy(x, torch.tensor([2, 7, 0, 1, 7]), weight=torch.tensor(W3),
                                                              ignore_index=7, label_smoothing=0.25), randn(5, 3))
case("cross_entropy_sum", lambda x, t: F.cross_entropy(x, t, reduction="sum"), randn(4, 5), ints(0, 5, 4))
case("cross_entropy_none_smoothing", lambda x, t: F.cross_entropy(x, t, reduction="none", label_smoothing=0.3), randn(4, 5), ints(0, 5, 4))
case("cross_entropy_spatial", lambda x, t: F.cross_entropy(x, t), randn(2, 3, 4), ints(0, 3, 2, 4))
case("cross_entropy_spatial_none", lambda x, t: F.cross_entropy(x, t, reduction="none"), randn(2, 3, 2, 2), ints(0, 3, 2, 2, 2))
case("cross_entropy_probabilities", lambda x, t: F.cross_entropy(x, t.detach().softmax(1)), randn(3, 4), randn(3, 4))
case("cross_entropy_probabilities_weight_smoothing", lambda x, t: F.cross_entropy(
    x, t.detach().softmax(1), weight=torch.tensor(W3), label_smoothing=0.2), randn(4, 3), randn(4, 3))
case("cross_entropy_probabilities_none", lambda x, t: F.cross_entropy(x, t.detach().softmax(1), reduction="none"), randn(2, 3, 2), randn(2, 3, 2))
case("cross_entropy_huge_logits", lambda x: F.cross_entropy(x * 1e4, torch.tensor([0, 1, 2])), randn(3, 3))
case("nll_loss", lambda x, t: F.nll_loss(x, t), randn(4, 5), ints(0, 5, 4))
case("nll_loss_weight_ignore", lambda x: F.nll_loss(x, torch.tensor([2, 1, 2, 0]), weight=torch.tensor(W3), ignore_index=1), randn(4, 3))
case("nll_loss_spatial_sum", lambda x, t: F.nll_loss(x, t, reduction="sum"), randn(2, 3, 4), ints(0, 3, 2, 4))
case("bce", lambda x, t: F.binary_cross_entropy(torch.sigmoid(x), t.detach()), randn(2, 3), fixed([[0.0, 0.3, 1.0], [0.9, 0.5, 0.1]]))
case("bce_weight_sum", lambda x, t: F.binary_cross_entropy(torch.sigmoid(x), t.detach(), weight=torch.tensor([0.5, 2.0, 1.0]), reduction="sum"),
     randn(2, 3), fixed([[1.0, 0.2, 0.0], [0.4, 0.5, 1.0]]))
case("bce_exact_zero_one", lambda p, t: F.binary_cross_entropy(p, t.detach(), reduction="none"),
     fixed([0.0, 1.0, 0.0, 1.0, 0.5]), fixed([1.0, 0.0, 0.0, 1.0, 1.0]), rtol=1e-4)
case("bce_with_logits", lambda x, t: F.binary_cross_entropy_with_logits(x, t.detach()), randn(3, 4), fixed([[0.0, 1.0, 0.5, 0.2]] * 3))
case("bce_with_logits_pos_weight", lambda x, t: F.binary_cross_entropy_with_logits(
    x, t.detach(), weight=torch.tensor([1.0, 0.5, 2.0]), pos_weight=torch.tensor([3.0, 0.5, 1.0]), reduction="sum"),
     randn(2, 3), fixed([[1.0, 0.0, 0.7], [0.2, 1.0, 0.0]]))
case("bce_with_logits_huge", lambda x, t: F.binary_cross_entropy_with_logits(x, t.detach(), reduction="none"),
     fixed([-200.0, 200.0, 150.0, -150.0, 0.5]), fixed([1.0, 0.0, 1.0, 0.0, 0.5]))
case("mse", lambda x, y: F.mse_loss(x, y), randn(3, 4), randn(3, 4))
case("mse_sum", lambda x, y: F.mse_loss(x, y, reduction="sum"), randn(3, 4), randn(3, 4))
case("l1", lambda x, y: F.l1_loss(x, y), randn(3, 4), randn(3, 4))
case("l1_none", lambda x, y: F.l1_loss(x, y, reduction="none"), randn(3, 4), randn(3, 4))
case("smooth_l1", lambda x, y: F.smooth_l1_loss(x, y), randn(3, 4), randn(3, 4))
case("smooth_l1_beta", lambda x, y: F.smooth_l1_loss(x, y, beta=0.5, reduction="sum"), randn(3, 4), randn(3, 4))
case("huber", lambda x, y: F.huber_loss(x, y), randn(3, 4), randn(3, 4))
case("huber_delta", lambda x, y: F.huber_loss(x, y, delta=0.6, reduction="none"), randn(3, 4), randn(3, 4))
case("multi_margin", lambda x, t: F.multi_margin_loss(x, t), randn(4, 5), ints(0, 5, 4))
case("multi_margin_p2_weight", lambda x, t: F.multi_margin_loss(x, t, p=2, margin=0.7, weight=torch.tensor(W5), reduction="sum"),
     randn(4, 5), ints(0, 5, 4))
case("multi_margin_none", lambda x, t: F.multi_margin_loss(x, t, reduction="none"), randn(3, 4), ints(0, 4, 3))
case("kl_div_batchmean", lambda x, t: F.kl_div(x.log_softmax(1), t.detach().softmax(1), reduction="batchmean"), randn(3, 4), randn(3, 4))
case("kl_div_mean", lambda x, t: F.kl_div(x, t.detach(), reduction="mean"), randn(3, 4), fixed([[0.0, 0.2, 0.3, 0.5]] * 3))
case("kl_div_sum_log_target", lambda x, t: F.kl_div(x, t.detach(), reduction="sum", log_target=True), randn(3, 4), randn(3, 4))
case("kl_div_none", lambda x, t: F.kl_div(x, t.detach(), reduction="none"), randn(2, 3), fixed([[0.0, 0.5, 0.5], [0.1, 0.2, 0.7]]))

write("layers.json", "generate_layers.py")
