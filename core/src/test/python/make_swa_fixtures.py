#!/usr/bin/python3
"""What torch.optim.swa_utils of PyTorch 1.13 computes, for Descent's weight-averaging tests.

Run with Debian's PyTorch 1.13 (python3-torch), from the repository root:

    /usr/bin/python3 core/src/test/python/make_swa_fixtures.py

It writes core/src/test/resources/fixtures/optim/swa.json (the tests read only that file), all in float64:

- "averaging": a Linear(3, 2) trained by full-batch SGD (lr 0.1, momentum 0.9) on MSELoss, with the weights
  after every step, and AveragedModel's parameters (equal weights, and an EMA avg_fn with decay 0.8) updated
  after each step from step 4 on;
- "update_bn": Sequential(Linear(3, 4), BatchNorm1d(4), ReLU, Linear(4, 2)) with its running statistics set to
  garbage, then update_bn over a loader of 10 rows in batches of 4 (4, 4, 2), unshuffled;
- "swalr": the learning rate after each SWALR step (lr 0.5 before, swa_lr 0.05), cos and linear, for
  anneal_epochs 0, 1 and 5.
"""
import json
import os

import torch
from torch.optim.swa_utils import AveragedModel, SWALR, update_bn

OUT = os.path.join("core", "src", "test", "resources", "fixtures", "optim", "swa.json")
torch.manual_seed(7)
torch.set_default_dtype(torch.float64)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def averaging():
    model = torch.nn.Linear(3, 2)
    x = torch.randn(8, 3)
    y = torch.randn(8, 2)
    out = {"x": flat(x), "y": flat(y), "weight": flat(model.weight), "bias": flat(model.bias),
           "lr": 0.1, "momentum": 0.9, "steps": 12, "start": 3, "decay": 0.8}
    equal = AveragedModel(model)
    decay = out["decay"]
    ema = AveragedModel(model, avg_fn=lambda avg, p, n: decay * avg + (1 - decay) * p)
    opt = torch.optim.SGD(model.parameters(), lr=out["lr"], momentum=out["momentum"], foreach=False)
    weights = []
    for step in range(1, out["steps"] + 1):
        opt.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        opt.step()
        weights.append(flat(model.weight) + flat(model.bias))
        if step > out["start"]:
            equal.update_parameters(model)
            ema.update_parameters(model)
    out["trajectory"] = weights
    out["equal"] = flat(equal.module.weight) + flat(equal.module.bias)
    out["ema"] = flat(ema.module.weight) + flat(ema.module.bias)
    out["n_averaged"] = int(equal.n_averaged)
    return out


def batch_norm():
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    with torch.no_grad():
        model[1].weight.copy_(torch.rand(4) + 0.5)
        model[1].bias.copy_(torch.randn(4))
        model[1].running_mean.fill_(3.0)
        model[1].running_var.fill_(7.0)
        model[1].num_batches_tracked.fill_(42)
    x = torch.randn(10, 3) * 2 + 1
    state = {k: flat(v) for k, v in model.state_dict().items() if k != "1.num_batches_tracked"}
    loader = torch.utils.data.DataLoader(x, batch_size=4, shuffle=False)
    update_bn(loader, model)
    return {"x": flat(x), "state": state, "running_mean": flat(model[1].running_mean),
            "running_var": flat(model[1].running_var), "num_batches_tracked": int(model[1].num_batches_tracked),
            "momentum_after": model[1].momentum}


def swalr():
    cases = []
    for strategy in ("cos", "linear"):
        for anneal in (0, 1, 5):
            p = torch.nn.Parameter(torch.zeros(1))
            opt = torch.optim.SGD([p], lr=0.5)
            sched = SWALR(opt, swa_lr=0.05, anneal_epochs=anneal, anneal_strategy=strategy)
            lrs = []
            for _ in range(8):
                opt.step()
                sched.step()
                lrs.append(opt.param_groups[0]["lr"])
            cases.append({"strategy": strategy, "anneal_epochs": anneal, "lr": 0.5, "swa_lr": 0.05, "lrs": lrs})
    return cases


def main():
    data = {"torch": torch.__version__, "averaging": averaging(), "update_bn": batch_norm(), "swalr": swalr()}
    with open(OUT, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
