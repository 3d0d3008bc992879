#!/usr/bin/python3
"""Makes the PyTorch parity fixtures of io.descent.nn and io.descent.loss.

    /usr/bin/python3 core/src/test/python/make_nn_fixtures.py      (Debian's python3-torch)

Writes small JSON files to core/src/test/resources/fixtures/nn/: fixed inputs, weights and upstream
gradients, and what PyTorch computes from them (outputs, gradients of inputs and weights, running
statistics). The Java tests read only these files. A tensor is {"shape": [...], "data": [...]} with the
float32 values written exactly (a float32 converts to a double without loss).
"""
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "nn")
torch.manual_seed(0)
torch.set_num_threads(1)


def t(x):
    x = x.detach().to(torch.float32)
    return {"shape": list(x.shape), "data": [float(v) for v in x.reshape(-1).tolist()]}


def rand(*shape):
    return torch.randn(*shape, dtype=torch.float32)


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.normpath(path), os.path.getsize(path), "bytes")


def linear_cases():
    cases = []
    for bias in (True, False):
        layer = nn.Linear(3, 2, bias=bias)
        x = rand(4, 3).requires_grad_()
        g = rand(4, 2)
        y = layer(x)
        y.backward(g)
        case = {"bias": bias, "x": t(x), "weight": t(layer.weight), "g": t(g), "out": t(y),
                "dx": t(x.grad), "dweight": t(layer.weight.grad)}
        if bias:
            case["b"] = t(layer.bias)
            case["dbias"] = t(layer.bias.grad)
        cases.append(case)
    return cases


def conv_cases():
    configs = [  # in, out, kernel, stride, padding, bias, input shape
        (3, 4, 3, 2, 1, True, (2, 3, 7, 6)),
        (1, 2, 5, 1, 2, True, (2, 1, 8, 8)),
        (2, 3, 2, 3, 0, False, (1, 2, 9, 7)),
    ]
    cases = []
    for cin, cout, k, s, p, bias, shape in configs:
        conv = nn.Conv2d(cin, cout, k, stride=s, padding=p, bias=bias)
        x = rand(*shape).requires_grad_()
        y = conv(x)
        g = rand(*y.shape)
        y.backward(g)
        case = {"in_channels": cin, "out_channels": cout, "kernel": k, "stride": s, "padding": p, "bias": bias,
                "x": t(x), "weight": t(conv.weight), "g": t(g), "out": t(y), "dx": t(x.grad),
                "dweight": t(conv.weight.grad)}
        if bias:
            case["b"] = t(conv.bias)
            case["dbias"] = t(conv.bias.grad)
        cases.append(case)
    return cases


def batchnorm_cases():
    configs = [  # kind, input shape, momentum
        ("BatchNorm1d", (6, 3), 0.1),
        ("BatchNorm1d", (4, 3, 5), 0.3),
        ("BatchNorm2d", (3, 2, 4, 5), 0.1),
    ]
    cases = []
    for kind, shape, momentum in configs:
        c = shape[1]
        bn = getattr(nn, kind)(c, momentum=momentum)
        with torch.no_grad():
            bn.weight.copy_(1 + 0.5 * rand(c))
            bn.bias.copy_(rand(c))
            bn.running_mean.copy_(rand(c))
            bn.running_var.copy_(0.5 + torch.rand(c))
        case = {"kind": kind, "momentum": momentum, "weight": t(bn.weight), "bias": t(bn.bias),
                "running_mean": t(bn.running_mean), "running_var": t(bn.running_var)}
        for mode in ("train", "eval"):
            bn.train(mode == "train")
            bn.zero_grad()
            x = (2 + 3 * rand(*shape)).requires_grad_()
            y = bn(x)
            g = rand(*y.shape)
            y.backward(g)
            case[mode] = {"x": t(x), "g": t(g), "out": t(y), "dx": t(x.grad), "dweight": t(bn.weight.grad),
                          "dbias": t(bn.bias.grad), "running_mean": t(bn.running_mean),
                          "running_var": t(bn.running_var), "num_batches_tracked": int(bn.num_batches_tracked)}
        cases.append(case)
    return cases


def loss_cases():
    n = 6
    cases = []
    scores = rand(n, 1) * 2
    y01 = (torch.rand(n, 1) > 0.5).float()
    ypm = 2 * y01 - 1
    regression_target = rand(n, 1)
    # keep hinge margins away from the kink at 1
    for reduction in ("mean", "sum"):
        def case(name, fn, out, target, **extra):
            o = out.clone().requires_grad_()
            loss = fn(o, target)
            loss.backward()
            cases.append(dict({"loss": name, "reduction": reduction, "output": t(o), "target": t(target),
                               "value": float(loss), "doutput": t(o.grad)}, **extra))
        case("square", lambda o, y: F.mse_loss(o, y, reduction=reduction), scores, regression_target)
        case("log", lambda o, y: F.soft_margin_loss(o, y, reduction=reduction), scores, ypm, labels="PLUS_MINUS_ONE")
        case("log", lambda o, y: F.binary_cross_entropy_with_logits(o, y, reduction=reduction), scores, y01,
             labels="ZERO_ONE")
        hinge = lambda o, y: getattr(torch, reduction)(F.relu(1 - y * o))
        case("hinge", hinge, scores, ypm, labels="PLUS_MINUS_ONE")
        logits = rand(n, 4) * 3
        classes = torch.tensor([0, 3, 1, 1, 2, 3])
        o = logits.clone().requires_grad_()
        loss = F.cross_entropy(o, classes, reduction=reduction)
        loss.backward()
        cases.append({"loss": "cross_entropy", "reduction": reduction, "output": t(o), "target": t(classes.float()),
                      "value": float(loss), "doutput": t(o.grad)})
    return cases


def activation_cases():
    x = torch.cat([torch.linspace(-6, 6, 25), rand(15) * 3])
    acts = {"ReLU": nn.ReLU(), "LeakyReLU": nn.LeakyReLU(0.05), "Sigmoid": nn.Sigmoid(), "Tanh": nn.Tanh(),
            "Softplus": nn.Softplus(), "GELU": nn.GELU(), "ELU": nn.ELU(0.7)}
    cases = []
    g = rand(x.numel())
    for name, act in acts.items():
        xi = x.clone().requires_grad_()
        y = act(xi)
        y.backward(g)
        cases.append({"name": name, "x": t(xi), "g": t(g), "out": t(y), "dx": t(xi.grad)})
    return cases


def erf_table():
    xs = [i / 16 for i in range(-100, 101)] + [0.3, 1e-8, 1.9999, 2.0001, 5.5, 6.5, 9.0, -27.0]
    return {"x": xs, "erf": [math.erf(v) for v in xs], "erfc": [math.erfc(v) for v in xs]}


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {"torch": torch.__version__}
    write("linear.json", dict(meta, cases=linear_cases()))
    write("conv2d.json", dict(meta, cases=conv_cases()))
    write("batchnorm.json", dict(meta, cases=batchnorm_cases()))
    write("losses.json", dict(meta, cases=loss_cases()))
    write("activations.json", dict(meta, cases=activation_cases()))
    write("erf.json", erf_table())


if __name__ == "__main__":
    main()
