"""PyTorch side of the model-ladder accuracy table: trains one of the curriculum's models (the same architecture,
default initialisation, Adam, batch size, epochs and shuffling as `nabla train`) on Fashion-MNIST and prints its
test accuracy and training time as JSON.

usage: /usr/bin/python3 bench/reference/ladder.py MODEL [--epochs N] [--batch-size N] [--lr X] [--seed N] [--threads N]
"""
import argparse
import json
import time

import torch
import torch.nn as nn

import common


def create(name):
    if name == "lr":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    if name == "mlp":
        return common.mlp_model()
    if name == "cnn_cf":
        return nn.Sequential(nn.Conv2d(1, 64, 5, padding="same"), nn.ReLU(), nn.Flatten(), nn.Linear(64 * 28 * 28, 10))
    if name in ("cnn_cpcpff", "cnn_cpcpfd"):
        layers = [nn.Conv2d(1, 32, 5, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
                  nn.Conv2d(32, 64, 5, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
                  nn.Flatten(), nn.Linear(64 * 7 * 7, 1024), nn.ReLU()]
        if name == "cnn_cpcpfd":
            layers.append(nn.Dropout(0.5))
        return nn.Sequential(*layers, nn.Linear(1024, 10))
    if name == "lenet5":
        return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.Tanh(), nn.AvgPool2d(2),
                             nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2),
                             nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))
    raise ValueError(name)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x, y, tx, ty = common.load_fashion_mnist()
    model = create(args.model)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    generator = torch.Generator().manual_seed(args.seed)
    start = time.perf_counter()
    common.train_steps(model, optimizer, x, y, args.batch_size, args.epochs * (x.shape[0] // args.batch_size), generator)
    seconds = time.perf_counter() - start
    print(json.dumps({"model": args.model, "test_accuracy": common.accuracy(model, tx, ty), "train_s": seconds}))


if __name__ == "__main__":
    main()
