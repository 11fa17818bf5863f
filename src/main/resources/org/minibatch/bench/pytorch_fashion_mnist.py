"""PyTorch reference for `minibatch bench`: the same network and data on the CPU.

Prints one JSON object per epoch: {"epoch", "train_seconds", "test_accuracy"}; training time
excludes data loading and the test evaluation, as the Java side measures it. The network starts
as minibatch's does: He-normal weights, zero biases.
Usage: python3 pytorch_fashion_mnist.py DATA_DIR EPOCHS BATCH LR THREADS SEED [COSINE_STEPS]
With COSINE_STEPS > 0 the learning rate is annealed to zero over that many steps (one per
mini-batch, as our cosine(steps=N) schedule does); otherwise it stays constant.
"""
import gzip
import json
import sys
import time

import numpy as np
import torch


def load(data_dir, kind):
    with gzip.open(f"{data_dir}/{kind}-images-idx3-ubyte.gz") as f:
        x = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 784)
    with gzip.open(f"{data_dir}/{kind}-labels-idx1-ubyte.gz") as f:
        y = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
    return torch.tensor(x, dtype=torch.float32) / 255.0, torch.tensor(y, dtype=torch.int64)


def main():
    data_dir, epochs, batch, lr, threads, seed = sys.argv[1:7]
    cosine_steps = int(sys.argv[7]) if len(sys.argv) > 7 else 0
    torch.set_num_threads(int(threads))
    torch.manual_seed(int(seed))
    x_train, y_train = load(data_dir, "train")
    x_test, y_test = load(data_dir, "t10k")
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10))
    # minibatch's initialization for relu networks (he_normal, zero biases), so that the two
    # train the same model from the same kind of start; PyTorch's default, uniform with a sixth
    # of He's variance, trained to lower accuracy in 3 epochs
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            torch.nn.init.zeros_(layer.bias)
    optimizer = torch.optim.Adam(model.parameters(), lr=float(lr))
    schedule = (torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=cosine_steps)
                if cosine_steps > 0 else None)
    loss_fn = torch.nn.CrossEntropyLoss()
    batch = int(batch)
    train_seconds = 0.0
    for epoch in range(1, int(epochs) + 1):
        start = time.perf_counter()
        order = torch.randperm(x_train.shape[0])
        model.train()
        for i in range(0, x_train.shape[0], batch):
            idx = order[i:i + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
            if schedule is not None:
                schedule.step()
        train_seconds += time.perf_counter() - start
        model.eval()
        with torch.no_grad():
            accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
        print(json.dumps({"epoch": epoch, "train_seconds": train_seconds,
                          "test_accuracy": accuracy}), flush=True)


if __name__ == "__main__":
    main()
