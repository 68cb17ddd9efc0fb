"""PyTorch side of the ``lstm`` workload: a character LSTM language model on the fortunes corpus, 30 steps of
batch 32 (windows of 100 characters at random offsets) after 3 warm-up steps."""
import os
import time

import torch

import common

FORTUNES = "/usr/share/games/fortunes"
SEQUENCE_LENGTH = 100
BATCH = 32


def load_fortunes():
    """Every plain file under the fortunes directory except ``*.dat``, ``*.u8`` and links, concatenated in sorted
    name order, as Nabla's FortunesCorpus reads it."""
    parts = []
    for name in sorted(os.listdir(FORTUNES)):
        path = os.path.join(FORTUNES, name)
        if name.endswith(".dat") or name.endswith(".u8") or os.path.islink(path) or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            parts.append(f.read())
    return "".join(parts)


class CharLstm(torch.nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocab, 64)
        self.lstm = torch.nn.LSTM(64, 256, num_layers=2, batch_first=True)
        self.head = torch.nn.Linear(256, vocab)

    def forward(self, x):
        out, _ = self.lstm(self.embedding(x))
        return self.head(out)


def train_steps(model, optimizer, tokens, steps, generator):
    loss_fn = torch.nn.CrossEntropyLoss()
    offsets_count = tokens.shape[0] - SEQUENCE_LENGTH
    span = torch.arange(SEQUENCE_LENGTH + 1)
    for _ in range(steps):
        offsets = torch.randint(0, offsets_count, (BATCH,), generator=generator)
        windows = tokens[offsets.unsqueeze(1) + span]
        inputs, targets = windows[:, :-1], windows[:, 1:]
        optimizer.zero_grad()
        logits = model(inputs)
        loss = loss_fn(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()


def main():
    common.setup(__doc__)
    torch.manual_seed(0)
    text = load_fortunes()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    tokens = torch.tensor([index[c] for c in text], dtype=torch.long)
    model = CharLstm(len(chars))
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    generator = torch.Generator().manual_seed(0)
    train_steps(model, optimizer, tokens, 3, generator)
    start = time.perf_counter()
    train_steps(model, optimizer, tokens, 30, generator)
    common.emit({"steps30_s": time.perf_counter() - start})


if __name__ == "__main__":
    main()
