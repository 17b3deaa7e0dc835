#!/usr/bin/env python3
"""Writes test/fixtures/nn/*.json: float64 PyTorch references for gradlab's nn layers,
losses and optimizers (test/nn, test/optim read them; the tests need no Python).

Run with Debian's Python (python3-torch 1.13): /usr/bin/python3 scripts/make-nn-fixtures.py

Every input is generated here from a fixed seed and stored in the fixture, so the tests
feed the same numbers to gradlab. Each tensor is stored as {"shape": [...], "data": [...]}.
"""
import json, os
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "nn")
os.makedirs(OUT, exist_ok=True)


def T(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": t.reshape(-1).tolist()}


def write(name, obj):
    obj = {"generator": "scripts/make-nn-fixtures.py", "torch": torch.__version__, **obj}
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f)
    print("wrote", name)


def with_grads(fn, inputs):
    """Forward, then backward of sum(out * ct) with a random cotangent ct."""
    leaves = [x.clone().requires_grad_(True) for x in inputs]
    out = fn(*leaves)
    ct = torch.randn(out.shape)
    (out * ct).sum().backward()
    return {"inputs": [T(x) for x in inputs], "out": T(out), "ct": T(ct), "grads": [T(x.grad) for x in leaves]}


def layers():
    torch.manual_seed(1)
    cases = []
    # linear
    x, w, b = torch.randn(5, 4), torch.randn(3, 4), torch.randn(3)
    cases.append({"op": "linear", **with_grads(lambda x, w, b: F.linear(x, w, b), [x, w, b])})
    # conv2d: plain, stride/padding, rectangular kernel, several channels, the UFLDL shape (small batch)
    convs = [
        ((2, 1, 6, 6), (2, 1, 3, 3), {}),
        ((2, 2, 7, 6), (3, 2, 3, 3), {"stride": 2, "padding": 1}),
        ((1, 3, 5, 8), (2, 3, 2, 3), {"stride": (1, 2), "padding": (1, 0)}),
        ((3, 1, 28, 28), (4, 1, 9, 9), {}),
    ]
    for xs, ws, opt in convs:
        x, w, b = torch.randn(*xs), torch.randn(*ws), torch.randn(ws[0])
        case = with_grads(lambda x, w, b: F.conv2d(x, w, b, **opt), [x, w, b])
        stride = opt.get("stride", 1)
        padding = opt.get("padding", 0)
        case.update({"op": "conv2d", "stride": list(stride) if isinstance(stride, tuple) else stride,
                     "padding": list(padding) if isinstance(padding, tuple) else padding})
        cases.append(case)
    # pooling: random floats (no ties), with stride and padding
    pools = [((2, 2, 6, 6), 2, {}), ((1, 2, 7, 7), 3, {"stride": 2, "padding": 1}), ((2, 1, 5, 6), (2, 3), {"stride": (1, 2)})]
    for xs, k, opt in pools:
        x = torch.randn(*xs)
        for op, fn in (("maxPool2d", F.max_pool2d), ("avgPool2d", F.avg_pool2d)):
            case = with_grads(lambda x: fn(x, k, **opt), [x])
            stride = opt.get("stride")
            padding = opt.get("padding", 0)
            case.update({"op": op, "kernel": list(k) if isinstance(k, tuple) else k,
                         "stride": (list(stride) if isinstance(stride, tuple) else stride),
                         "padding": list(padding) if isinstance(padding, tuple) else padding})
            cases.append(case)
    # activations
    x = torch.randn(4, 5) * 3
    for op, fn in (("relu", torch.relu), ("sigmoid", torch.sigmoid), ("tanh", torch.tanh),
                   ("leakyRelu", lambda t: F.leaky_relu(t, 0.1)), ("softmax", lambda t: F.softmax(t, 1)),
                   ("logSoftmax", lambda t: F.log_softmax(t, 1))):
        cases.append({"op": op, **with_grads(fn, [x])})
    write("layers.json", {"cases": cases})


def losses():
    torch.manual_seed(2)
    cases = []
    logits = torch.randn(6, 4) * 2
    target = torch.tensor([0, 3, 1, 1, 2, 0])
    for red in ("mean", "sum"):
        l = logits.clone().requires_grad_(True)
        loss = F.cross_entropy(l, target, reduction=red)
        loss.backward()
        cases.append({"op": "crossEntropy", "reduction": red, "input": T(logits), "target": target.tolist(), "loss": loss.item(), "grad": T(l.grad)})
        lp = F.log_softmax(logits, 1).detach().requires_grad_(True)
        loss = F.nll_loss(lp, target, reduction=red)
        loss.backward()
        cases.append({"op": "nllLoss", "reduction": red, "input": T(lp), "target": target.tolist(), "loss": loss.item(), "grad": T(lp.grad)})
    x, y = torch.randn(7), torch.randn(7)
    p, t = torch.rand(7) * 0.9 + 0.05, (torch.rand(7) > 0.5).double()
    for op, fn, a, b in (("mseLoss", F.mse_loss, x, y), ("bceLoss", F.binary_cross_entropy, p, t),
                         ("bceWithLogitsLoss", F.binary_cross_entropy_with_logits, x * 3, t)):
        a2 = a.clone().requires_grad_(True)
        loss = fn(a2, b)
        loss.backward()
        cases.append({"op": op, "reduction": "mean", "input": T(a), "target": T(b), "loss": loss.item(), "grad": T(a2.grad)})
    write("losses.json", {"cases": cases})


def cnn():
    """The UFLDL network on a tiny batch: conv 9x9 -> sigmoid -> mean pool -> linear -> cross-entropy."""
    torch.manual_seed(3)
    x = torch.rand(4, 1, 28, 28)
    y = torch.tensor([3, 1, 4, 1])
    conv = torch.nn.Conv2d(1, 5, 9)
    fc = torch.nn.Linear(5 * 10 * 10, 10)
    out = fc(F.avg_pool2d(torch.sigmoid(conv(x)), 2).flatten(1))
    loss = F.cross_entropy(out, y)
    loss.backward()
    write("cnn.json", {
        "x": T(x), "y": y.tolist(),
        "params": {"conv.weight": T(conv.weight), "conv.bias": T(conv.bias), "fc.weight": T(fc.weight), "fc.bias": T(fc.bias)},
        "out": T(out), "loss": loss.item(),
        "grads": {"conv.weight": T(conv.weight.grad), "conv.bias": T(conv.bias.grad), "fc.weight": T(fc.weight.grad), "fc.bias": T(fc.bias.grad)},
    })


def optimizers():
    """Each optimizer from the same start, fed the same gradient sequence; parameters after every step."""
    torch.manual_seed(4)
    p0 = torch.randn(3, 4)
    grads = [torch.randn(3, 4) for _ in range(6)]
    configs = [
        ("SGD", {"lr": 0.1}),
        ("SGD", {"lr": 0.05, "momentum": 0.9}),
        ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01}),
        ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.1}),
        ("Adam", {"lr": 0.01}),
        ("Adam", {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
        ("Adam", {"lr": 0.01, "amsgrad": True}),
        ("AdamW", {"lr": 0.01, "weight_decay": 0.1}),
    ]
    cases = []
    for name, opts in configs:
        p = p0.clone().requires_grad_(True)
        opt = getattr(torch.optim, name)([p], foreach=False, **opts)
        after = []
        for g in grads:
            p.grad = g.clone()
            opt.step()
            after.append(T(p))
        o = {k: (list(v) if isinstance(v, tuple) else v) for k, v in opts.items()}
        cases.append({"optimizer": name, "options": o, "after": after})
    # schedules
    sched = []
    for name, kw in (("StepLR", {"step_size": 3, "gamma": 0.5}), ("ExponentialLR", {"gamma": 0.9})):
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.3)
        s = getattr(torch.optim.lr_scheduler, name)(opt, **kw)
        lrs = []
        for _ in range(10):
            opt.step()
            s.step()
            lrs.append(opt.param_groups[0]["lr"])
        sched.append({"scheduler": name, "options": kw, "lr0": 0.3, "lrs": lrs})
    write("optim.json", {"p0": T(p0), "grads": [T(g) for g in grads], "cases": cases, "schedulers": sched})


def matmul():
    """Products for the kernels: sizes with edge tiles, transposed operands, vectors."""
    torch.manual_seed(5)
    cases = []
    for m, k, n in ((1, 1, 1), (3, 5, 7), (17, 33, 9), (45, 77, 29), (64, 300, 1), (1, 90, 70), (20, 81, 50)):
        a, b = torch.randn(m, k), torch.randn(k, n)
        cases.append({"a": T(a), "b": T(b), "out": T(a @ b)})
    a, b = torch.randn(4, 6, 10), torch.randn(10, 3)
    cases.append({"a": T(a), "b": T(b), "out": T(a @ b)})
    write("matmul.json", {"cases": cases})


if __name__ == "__main__":
    layers()
    losses()
    cnn()
    optimizers()
    matmul()
