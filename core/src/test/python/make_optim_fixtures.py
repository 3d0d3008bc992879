#!/usr/bin/python3
"""Trajectories of torch.optim on Beale, Rosenbrock and the saddle y^4 - x^4, for Descent's parity tests.

Run with Debian's PyTorch 1.13 (python3-torch), from the repository root:

    /usr/bin/python3 core/src/test/python/make_optim_fixtures.py

It writes core/src/test/resources/fixtures/optim/trajectories.json.gz and schedules.json. The tests read only
these files (CI has no PyTorch).

Every optimizer runs in float64 on a parameter of shape [2]. The gradient is not taken from autograd: it is
computed by the analytic formulas below, written with the same operations in the same order as the Java
objectives (io.descent.objective.Beale, Rosenbrock, Saddle), so that both sides feed bit-identical gradients
to the update rules and any difference comes from the optimizers alone. Each update rule runs on PyTorch's
single-tensor code path (foreach=False), the reference the Java code follows operation by operation.
"""
import gzip
import json
import os
import sys

import torch

STEPS = 300
OUT = os.path.join("core", "src", "test", "resources", "fixtures", "optim")


# ---------------------------------------------------------------- objectives: value and gradient, Python floats

def beale(x, y):
    y2 = y * y
    y3 = y2 * y
    a = 1.5 - x + x * y
    b = 2.25 - x + x * y2
    c = 2.625 - x + x * y3
    f = a * a + b * b + c * c
    gx = 2 * a * (y - 1) + 2 * b * (y2 - 1) + 2 * c * (y3 - 1)
    gy = 2 * a * x + 2 * b * (2 * x * y) + 2 * c * (3 * x * y2)
    return f, gx, gy


def rosenbrock(x, y):
    a, b = 1.0, 100.0
    d = y - x * x
    f = (a - x) * (a - x) + b * d * d
    gx = -2 * (a - x) - 4 * b * x * d
    gy = 2 * b * d
    return f, gx, gy


def saddle(x, y):
    f = y * y * y * y - x * x * x * x
    gx = -4 * x * x * x
    gy = 4 * y * y * y
    return f, gx, gy


FUNCTIONS = {
    "beale": (beale, [1.0, 1.5]),
    "rosenbrock": (rosenbrock, [-1.2, 1.0]),
    "saddle": (saddle, [1e-3, 1.0]),
}

# ---------------------------------------------------------------- configurations
# "lr" may be a dict by function: plain gradient steps must be small on Rosenbrock's steep walls.
SMALL = {"beale": 1e-3, "rosenbrock": 5e-4, "saddle": 1e-2}

CONFIGS = [
    ("sgd", "SGD", {"lr": SMALL}),
    ("sgd_momentum_dampening", "SGD", {"lr": SMALL, "momentum": 0.9, "dampening": 0.1}),
    ("sgd_nesterov_weight_decay", "SGD", {"lr": SMALL, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("sgd_clip_norm", "SGD", {"lr": SMALL, "momentum": 0.9}, {"clip_norm": 1.0}),
    ("adagrad", "Adagrad", {"lr": 0.1}),
    ("adagrad_decay", "Adagrad", {"lr": 0.3, "lr_decay": 0.01, "initial_accumulator_value": 0.1,
                                  "eps": 1e-8, "weight_decay": 0.01}),
    ("rmsprop", "RMSprop", {"lr": 0.01}),
    ("rmsprop_centered_momentum", "RMSprop", {"lr": 0.001, "alpha": 0.9, "eps": 1e-6, "momentum": 0.9,
                                              "centered": True, "weight_decay": 0.01}),
    ("adadelta", "Adadelta", {"lr": 1.0}),
    ("adadelta_weight_decay", "Adadelta", {"lr": 5.0, "rho": 0.8, "eps": 1e-5, "weight_decay": 0.01}),
    ("adam", "Adam", {"lr": 0.01}),
    ("adam_amsgrad_weight_decay", "Adam", {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-6, "amsgrad": True,
                                           "weight_decay": 0.01}),
    ("adam_clip_value", "Adam", {"lr": 0.01}, {"clip_value": 0.5}),
    ("adamw", "AdamW", {"lr": 0.01, "weight_decay": 0.1}),
    ("adamw_amsgrad", "AdamW", {"lr": 0.02, "betas": (0.85, 0.995), "amsgrad": True}),
    ("nadam", "NAdam", {"lr": 0.01}),
    ("nadam_weight_decay", "NAdam", {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.01,
                                     "momentum_decay": 0.008}),
    ("adamax", "Adamax", {"lr": 0.02}),
    ("adamax_weight_decay", "Adamax", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.01}),
    ("radam", "RAdam", {"lr": 0.01}),
    ("radam_weight_decay", "RAdam", {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.01}),
    ("lbfgs_strong_wolfe", "LBFGS", {"lr": 1.0, "max_iter": 1, "history_size": 10,
                                     "line_search_fn": "strong_wolfe"}),
    ("lbfgs_fixed_step", "LBFGS", {"lr": {"beale": 0.1, "rosenbrock": 0.05, "saddle": 0.1}, "max_iter": 1,
                                   "history_size": 5}),
    ("lbfgs_default_iterations", "LBFGS", {"line_search_fn": "strong_wolfe"}, {"steps": 10}),
]


def resolve(kwargs, function):
    return {k: (v[function] if isinstance(v, dict) else v) for k, v in kwargs.items()}


def run(cls, kwargs, extra, function):
    f, start = FUNCTIONS[function]
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    options = dict(kwargs)
    if cls != "LBFGS":
        options["foreach"] = False
    opt = getattr(torch.optim, cls)([p], **options)
    steps = extra.get("steps", STEPS)

    def evaluate():
        x, y = p.detach().tolist()
        value, gx, gy = f(x, y)
        p.grad = torch.tensor([gx, gy], dtype=torch.float64)
        return value

    points = [p.detach().tolist()]
    for _ in range(steps):
        if cls == "LBFGS":
            opt.step(evaluate)
        else:
            evaluate()
            if "clip_norm" in extra:
                torch.nn.utils.clip_grad_norm_([p], extra["clip_norm"])
            if "clip_value" in extra:
                torch.nn.utils.clip_grad_value_([p], extra["clip_value"])
            opt.step()
        points.append(p.detach().tolist())
    for point in points:
        for v in point:
            if v != v or abs(v) == float("inf"):
                sys.exit(f"{cls} {kwargs} on {function} diverged: pick other settings")
    return points


def trajectories():
    out = []
    for config in CONFIGS:
        name, cls, kwargs = config[:3]
        extra = config[3] if len(config) > 3 else {}
        for function in FUNCTIONS:
            resolved = resolve(kwargs, function)
            points = run(cls, resolved, extra, function)
            hyper = {k: (list(v) if isinstance(v, tuple) else v) for k, v in resolved.items()}
            out.append({"name": name, "optimizer": cls, "function": function, "hyper": hyper, "extra": extra,
                        "start": FUNCTIONS[function][1], "trajectory": points})
    return out


# ---------------------------------------------------------------- schedules, with base lr 1 (so lr = factor)

def schedules():
    import torch.optim.lr_scheduler as S

    def record(make, epochs, metrics=None):
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=1.0)
        sched = make(opt)
        lrs = []
        for e in range(epochs):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            if metrics is None:
                sched.step()
            else:
                sched.step(metrics[e])
        return lrs

    def one_cycle(epochs, **kwargs):
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=1.0, momentum=0.9)
        sched = S.OneCycleLR(opt, max_lr=1.0, total_steps=epochs, **kwargs)
        lrs, momenta = [], []
        for _ in range(epochs):
            lrs.append(opt.param_groups[0]["lr"])
            momenta.append(opt.param_groups[0]["momentum"])
            opt.step()
            sched.step()
        return {"totalSteps": epochs, **kwargs, "lr": lrs, "momentum": momenta}

    metrics = [5.0, 4.0, 4.0, 3.9999, 4.1, 4.2, 3.0, 3.0, 3.0, 3.0, 3.0, 2.0, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5,
               2.5, 2.5, 2.5, 2.5, 2.5, 2.5]
    return {
        "step": {"stepSize": 3, "gamma": 0.5, "lr": record(lambda o: S.StepLR(o, 3, 0.5), 20)},
        "multiStep": {"milestones": [2, 5, 9], "gamma": 0.1,
                      "lr": record(lambda o: S.MultiStepLR(o, [2, 5, 9], 0.1), 20)},
        "exponential": {"gamma": 0.9, "lr": record(lambda o: S.ExponentialLR(o, 0.9), 20)},
        "cosine": {"tMax": 10, "minFactor": 0.01, "lr": record(lambda o: S.CosineAnnealingLR(o, 10, 0.01), 11)},
        "warmupCosine": {"warmup": 4, "tMax": 10, "minFactor": 0.0,
                         "lr": record(lambda o: S.SequentialLR(o, [S.LinearLR(o, 0.25, 1.0, 3),
                                                                   S.CosineAnnealingLR(o, 10, 0.0)], [4]), 15)},
        "oneCycle": one_cycle(50),
        "oneCycleLinear": one_cycle(37, pct_start=0.25, div_factor=10.0, final_div_factor=100.0,
                                    anneal_strategy="linear", base_momentum=0.8, max_momentum=0.9),
        "warmRestarts": {"t0": 5, "tMult": 1, "minFactor": 0.05,
                         "lr": record(lambda o: S.CosineAnnealingWarmRestarts(o, 5, 1, 0.05), 23)},
        "warmRestartsMult": {"t0": 3, "tMult": 2, "minFactor": 0.0,
                             "lr": record(lambda o: S.CosineAnnealingWarmRestarts(o, 3, 2, 0.0), 50)},
        "plateau": {"factor": 0.5, "patience": 2, "threshold": 1e-4, "cooldown": 1, "minFactor": 0.1,
                    "metrics": metrics,
                    "lr": record(lambda o: S.ReduceLROnPlateau(o, "min", 0.5, 2, threshold=1e-4, cooldown=1,
                                                               min_lr=0.1), len(metrics), metrics)},
    }


def main():
    torch.set_default_dtype(torch.float64)
    os.makedirs(OUT, exist_ok=True)
    data = {"torch": torch.__version__, "steps": STEPS, "runs": trajectories()}
    text = json.dumps(data, separators=(",", ":"))
    with gzip.GzipFile(os.path.join(OUT, "trajectories.json.gz"), "wb", mtime=0) as out:
        out.write(text.encode())
    with open(os.path.join(OUT, "schedules.json"), "w") as out:
        json.dump({"torch": torch.__version__, "schedules": schedules()}, out, indent=1)
        out.write("\n")
    print(f"{len(data['runs'])} trajectories, {len(text)} bytes of JSON before gzip")


if __name__ == "__main__":
    main()
