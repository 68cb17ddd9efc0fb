"""Golden data for the recurrent cells and layers (rnn.json). The torch modules run with their parameters replaced by
the case's inputs (functional_call), so the gradients of every weight are compared as well as those of the input and
initial states. Each case returns output, h_n (and c_n) flattened and concatenated. Run: /usr/bin/python3 generate_rnn.py
"""
import torch
from torch.nn.utils.stateless import functional_call
from golden_common import case, write, randn, unit

KINDS = {"rnn_tanh": (torch.nn.RNN, {"nonlinearity": "tanh"}), "rnn_relu": (torch.nn.RNN, {"nonlinearity": "relu"}),
         "lstm": (torch.nn.LSTM, {}), "gru": (torch.nn.GRU, {})}
CELLS = {"rnn_tanh": (torch.nn.RNNCell, {"nonlinearity": "tanh"}), "rnn_relu": (torch.nn.RNNCell, {"nonlinearity": "relu"}),
         "lstm": (torch.nn.LSTMCell, {}), "gru": (torch.nn.GRUCell, {})}


def layer_case(kind, suffix, inp, hidden, steps, batch, layers=1, bidirectional=False, batch_first=False, bias=True, state=False, proj=0):
    cls, extra = KINDS[kind]
    if proj: extra = {**extra, "proj_size": proj}
    m = cls(inp, hidden, num_layers=layers, bias=bias, batch_first=batch_first, bidirectional=bidirectional, **extra)
    shapes = [tuple(p.shape) for p in m._flat_weights]
    lstm = kind == "lstm"
    n_states = (2 if lstm else 1) if state else 0
    dirs = 2 if bidirectional else 1
    x_shape = (steps, inp) if not batch else (batch, steps, inp) if batch_first else (steps, batch, inp)

    def fn(x, *rest):
        states, weights = rest[:n_states], rest[n_states:]
        hx = None
        if state:
            hx = (states[0], states[1]) if lstm else states[0]
        # RNN modules read the cached _flat_weights list, which functional_call does not replace.
        m._flat_weights = list(weights)
        out, hn = m(x, hx)
        parts = [out, *hn] if lstm else [out, hn]
        return torch.cat([p.reshape(-1) for p in parts])

    state_specs = [randn(layers * dirs, batch, proj or hidden), randn(layers * dirs, batch, hidden)][:n_states]
    specs = [randn(*x_shape)] + state_specs + [unit(*s) for s in shapes]
    case(f"{kind}_{suffix}", fn, *specs, rtol=1e-4, atol=1e-5)


def cell_case(kind, suffix, inp, hidden, batch, bias=True, state=True):
    cls, extra = CELLS[kind]
    m = cls(inp, hidden, bias=bias, **extra)
    names = [n for n, _ in m.named_parameters()]
    shapes = [tuple(p.shape) for _, p in m.named_parameters()]
    lstm = kind == "lstm"
    n_states = 2 if lstm else 1
    lead = (batch,) if batch else ()

    def fn(x, *rest):
        states, weights = rest[:n_states], rest[n_states:]
        hx = (states[0], states[1]) if lstm else states[0]
        y = functional_call(m, dict(zip(names, weights)), (x, hx))
        return torch.cat([p.reshape(-1) for p in y]) if lstm else y

    specs = [randn(*lead, inp)] + [randn(*lead, hidden)] * n_states + [unit(*s) for s in shapes]
    case(f"{kind}_cell_{suffix}", fn, *specs, rtol=1e-4, atol=1e-5)


for kind in KINDS:
    cell_case(kind, "batched", 3, 4, 2)
    cell_case(kind, "unbatched_no_bias", 2, 3, 0, bias=False)
    layer_case(kind, "basic", 3, 4, 5, 2)
    layer_case(kind, "two_layers_state", 3, 4, 4, 2, layers=2, state=True)
    layer_case(kind, "bidirectional_batch_first", 2, 3, 4, 2, bidirectional=True, batch_first=True)
    layer_case(kind, "two_layers_bidirectional_state_no_bias", 3, 2, 3, 2, layers=2, bidirectional=True, bias=False, state=True)
    layer_case(kind, "unbatched", 3, 2, 4, 0)

layer_case("lstm", "projection", 3, 4, 3, 2, proj=2)
layer_case("lstm", "projection_two_layers_bidirectional_state_no_bias", 2, 3, 3, 2, layers=2, bidirectional=True, bias=False, state=True, proj=2)

write("rnn.json", "generate_rnn.py")
