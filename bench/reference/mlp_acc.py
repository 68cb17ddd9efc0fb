"""PyTorch side of the ``mlp_acc`` workload: the mlp model trained 5 epochs from a seed; test accuracy and time."""
import time

import torch

import common


def main():
    common.setup(__doc__)
    torch.manual_seed(0)
    x, y, tx, ty = common.load_fashion_mnist()
    model = common.mlp_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(0)
    start = time.perf_counter()
    common.train_steps(model, optimizer, x, y, 32, 5 * (x.shape[0] // 32), generator)
    train_s = time.perf_counter() - start
    common.emit({"test_acc_5ep": common.accuracy(model, tx, ty), "train_s": train_s})


if __name__ == "__main__":
    main()
