"""PyTorch side of the ``cnn`` workload: the benchmark CNN on Fashion-MNIST, 200 Adam steps of batch 64 after 20 warm-up steps."""
import time

import torch
import torch.nn as nn

import common


def main():
    common.setup(__doc__)
    torch.manual_seed(0)
    x, y, _, _ = common.load_fashion_mnist()
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(0)
    common.train_steps(model, optimizer, x, y, 64, 20, generator)
    start = time.perf_counter()
    common.train_steps(model, optimizer, x, y, 64, 200, generator)
    common.emit({"steps200_s": time.perf_counter() - start})


if __name__ == "__main__":
    main()
