#!/usr/bin/python3
"""One benchmark workload in PyTorch, the peer of io.descent.bench.DescentWorkload (run by BenchRunner).

  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 torch_workload.py mlp-adam --warmup 30 --steps 300 --threads 2

Adapted from /work/shared/peers (mlp_fmnist.py, logreg_fmnist.py, cnn_fmnist.py, common.py): the same data
(Fashion-MNIST, both splits loaded, pixels / 255 as float32), the same models and optimizers, batch 128,
reshuffled every epoch.
The timed region is `steps` training steps after `warmup` untimed ones: shuffle, batch gather, forward,
backward, optimizer step and loss.item(), exactly the peers' epoch loop. Inference (mlp-inference) runs the
MLP in eval mode under no_grad on consecutive slices of 1000 test images.

Prints one line that BenchRunner reads:
  RESULT samples_per_s=<float> peak_rss_mb=<float> loss=<float> seconds=<float> samples=<int>
peak_rss_mb is VmHWM of this process (/proc/self/status) at the end, in MiB, as the Descent side measures it.
"""
import argparse
import ctypes
import gzip
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

FMNIST_DIR = os.environ.get("FMNIST_DIR", "/usr/share/datasets/fashion-mnist")
WORKLOADS = ("logreg-adam", "mlp-adam", "mlp-bn-sgd-nesterov", "cnn-adam", "mlp-inference")


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    _, _, ndim = struct.unpack(">HBB", data[:4])
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def find(name):
    for p in (os.path.join(FMNIST_DIR, name + ".gz"), os.path.join(FMNIST_DIR, name)):
        if os.path.isfile(p):
            return p
    sys.exit(f"Fashion-MNIST file {name} not found in {FMNIST_DIR}")


def load(prefix, flat):
    x = read_idx(find(prefix + "-images-idx3-ubyte"))
    y = read_idx(find(prefix + "-labels-idx1-ubyte"))
    x = torch.from_numpy(x.astype(np.float32) / np.float32(255.0))
    x = x.reshape(x.shape[0], -1) if flat else x.reshape(x.shape[0], 1, 28, 28)
    return x, torch.from_numpy(y.astype(np.int64))


def load_fmnist(flat):
    """Both splits, as the shared peers (common.load_fmnist) and Descent's FashionMnist.load() do. This also
    matters for speed: freeing the test set's 31 MB temporaries raises glibc's mmap threshold, after which the
    tensors of each step come from the heap instead of fresh mmap'd pages (PyTorch's MLP is twice as fast)."""
    return load("train", flat) + load("t10k", flat)


def set_threads(n):
    """torch's intra-op pool and OpenBLAS's own pool (Debian's torch calls sgemm_ of libopenblas)."""
    torch.set_num_threads(n)
    try:
        ctypes.CDLL("libopenblas.so.0").openblas_set_num_threads(n)
    except OSError:
        pass


def mlp(bn):
    layers, d = [], 784
    for h in (1000, 1000):
        layers.append(nn.Linear(d, h))
        if bn:
            layers.append(nn.BatchNorm1d(h))
        layers.append(nn.ReLU())
        d = h
    layers.append(nn.Linear(d, 10))
    return nn.Sequential(*layers)


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 256), nn.ReLU(), nn.Linear(256, 10))


def build(workload):
    if workload == "logreg-adam":
        model = nn.Linear(784, 10)
    elif workload == "cnn-adam":
        model = cnn()
    else:
        model = mlp(bn=workload == "mlp-bn-sgd-nesterov")
    if workload == "mlp-bn-sgd-nesterov":
        opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    return model, opt


def batches(x, y, bs, gen):
    """Shuffled minibatches, epoch after epoch, as the peers' loop draws them."""
    n = x.shape[0]
    while True:
        perm = torch.randperm(n, generator=gen)
        for i in range(0, n, bs):
            idx = perm[i:i + bs]
            yield x[idx], y[idx]


def train(model, opt, data, steps):
    loss_sum, samples = 0.0, 0
    for _ in range(steps):
        xb, yb = next(data)
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        opt.step()
        loss_sum += loss.item() * xb.shape[0]
        samples += xb.shape[0]
    return loss_sum / max(1, samples), samples


@torch.no_grad()
def infer(model, x, steps, bs=1000):
    model.eval()
    checksum, samples = 0.0, 0
    for s in range(steps):
        i = (s * bs) % x.shape[0]
        out = model(x[i:i + bs])
        checksum += out[0, 0].item()
        samples += bs
    return checksum, samples


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workload", choices=WORKLOADS)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    set_threads(a.threads)
    xtr, ytr, xte, _ = load_fmnist(flat=a.workload != "cnn-adam")   # data first, then the model, as the peers
    torch.manual_seed(a.seed)
    model, opt = build(a.workload)
    if a.workload == "mlp-inference":
        x = xte
        infer(model, x, a.warmup)
        t0 = time.perf_counter()
        loss, samples = infer(model, x, a.steps)
    else:
        data = batches(xtr, ytr, 128, torch.Generator().manual_seed(a.seed))
        train(model, opt, data, a.warmup)
        t0 = time.perf_counter()
        loss, samples = train(model, opt, data, a.steps)
    dt = time.perf_counter() - t0
    print(f"RESULT samples_per_s={samples / dt:.1f} peak_rss_mb={peak_rss_mb():.1f} loss={loss:.5f} "
          f"seconds={dt:.3f} samples={samples} threads={torch.get_num_threads()}", flush=True)


if __name__ == "__main__":
    main()
