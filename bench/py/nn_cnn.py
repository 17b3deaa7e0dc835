"""Reference for bench/nn.bench.ts: the UFLDL CNN in PyTorch float64, the same model,
data, batches and optimizer settings as the gradlab side.

  conv 20 filters 9x9 -> sigmoid -> 2x2 mean pooling -> linear 2000 -> 10, cross-entropy;
  SGD with momentum; the learning rate multiplied by GAMMA after each epoch.

Usage: nn_cnn.py DATA [BATCH LR MOMENTUM GAMMA]   (defaults 256 0.05 0.9 0.5)
  DATA is a file written by the benchmark: a JSON header line {"train": n, "test": m,
  "epochs": e, "init": state dict}, then float64 pixels ((n+m) x 784), int32 labels (n+m)
  and int32 sample orders (e x n), little-endian. Both sides start from the same weights
  and see the same batches, so their losses agree as well as their work.
Prints {"epoch_seconds": [...], "test_accuracy": a, "peak_rss_mb": m, "threads": t}.
"""
import json, resource, sys, time
import numpy as np
import torch

def main():
    path = sys.argv[1]
    with open(path, "rb") as f:
        head = json.loads(f.readline())
        n, m, epochs = head["train"], head["test"], head["epochs"]
        pix = np.frombuffer(f.read(8 * 784 * (n + m)), dtype="<f8").reshape(n + m, 1, 28, 28)
        lab = np.frombuffer(f.read(4 * (n + m)), dtype="<i4")
        orders = np.frombuffer(f.read(4 * epochs * n), dtype="<i4").reshape(epochs, n).astype(np.int64)
    torch.manual_seed(0)
    torch.set_default_dtype(torch.float64)
    x, y = torch.from_numpy(pix[:n].copy()), torch.from_numpy(lab[:n].astype(np.int64))
    xt, yt = torch.from_numpy(pix[n:].copy()), torch.from_numpy(lab[n:].astype(np.int64))
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 20, 9), torch.nn.Sigmoid(), torch.nn.AvgPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(2000, 10))
    model.load_state_dict({k: torch.tensor(v["data"]).reshape(v["shape"]) for k, v in head["init"].items()})
    batch, lr, mom, gamma = (int(sys.argv[2]), *map(float, sys.argv[3:6])) if len(sys.argv) > 5 else (256, 0.05, 0.9, 0.5)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=mom)
    sched = torch.optim.lr_scheduler.StepLR(opt, 1, gamma)
    loss_fn = torch.nn.CrossEntropyLoss()
    times, losses = [], []
    for e in range(epochs):
        t0 = time.perf_counter()
        perm = torch.from_numpy(orders[e])
        total = 0.0
        for s in range(0, n, batch):
            idx = perm[s:s + batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        sched.step()
        losses.append(total / n)
        times.append(time.perf_counter() - t0)
    acc = None
    if m > 0:
        with torch.no_grad():
            acc = (model(xt).argmax(1) == yt).double().mean().item()
    print(json.dumps({"epoch_seconds": times, "test_accuracy": acc, "train_loss": losses, "threads": torch.get_num_threads(),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))

if __name__ == "__main__":
    main()
