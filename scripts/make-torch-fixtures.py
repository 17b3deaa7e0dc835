#!/usr/bin/python3
"""Writes test/fixtures/torch/*.json: forward values and gradients computed by real PyTorch
(Debian's python3-torch, float64) for every gradlab op, at kink points, and for random
compositions. The tests read these files; they never run Python.

    /usr/bin/python3 scripts/make-torch-fixtures.py

Each case: op name + params (as gradlab spells them), inputs, the cotangent `ct`, PyTorch's
output and the gradient of sum(out * ct) for each input (null where none flows).
"""
import json
import math
import os
import random

import torch

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "torch")
rng = random.Random(20261127)


def enc(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def tensor_json(t):
    dtype = {torch.float64: "float64", torch.float32: "float32", torch.int64: "int32", torch.bool: "bool"}[t.dtype]
    data = t.detach().reshape(-1).tolist()
    if t.dtype == torch.bool:
        data = [1 if v else 0 for v in data]
    return {"shape": list(t.shape), "dtype": dtype, "data": [enc(float(v)) if dtype.startswith("float") else v for v in data]}


def rand(shape, lo=-2.0, hi=2.0):
    n = 1
    for s in shape:
        n *= s
    return torch.tensor([rng.uniform(lo, hi) for _ in range(n)]).reshape(shape)


def case(op, fn, inputs, params=None, diff=None, note=None):
    """Run fn on inputs (float inputs require grad unless diff says otherwise)."""
    leaves = []
    for i, x in enumerate(inputs):
        x = x.clone()
        wants = x.is_floating_point() and (diff is None or diff[i])
        if wants:
            x.requires_grad_(True)
        leaves.append(x)
    out = fn(*leaves)
    entry = {"op": op, "params": params or {}, "inputs": [tensor_json(x) for x in leaves]}
    if note:
        entry["note"] = note
    entry["out"] = tensor_json(out)
    if out.grad_fn is not None:
        entry["gradFn"] = out.grad_fn.name()
    if out.is_floating_point() and out.requires_grad:
        ct = rand(list(out.shape), -1, 1)
        grads = torch.autograd.grad(out, [x for x in leaves if x.requires_grad], ct, allow_unused=True)
        it = iter(grads)
        entry["ct"] = tensor_json(ct)
        entry["grads"] = [(lambda g: tensor_json(g) if g is not None else None)(next(it)) if x.requires_grad else None for x in leaves]
    return entry


UNARY = {
    "neg": (torch.neg, (-3, 3)), "exp": (torch.exp, (-3, 3)), "log": (torch.log, (0.2, 5)), "sqrt": (torch.sqrt, (0.2, 5)),
    "abs": (torch.abs, (-3, 3)), "sign": (torch.sign, (-3, 3)), "sin": (torch.sin, (-3, 3)), "cos": (torch.cos, (-3, 3)),
    "tan": (torch.tan, (-1.2, 1.2)), "asin": (torch.asin, (-0.9, 0.9)), "acos": (torch.acos, (-0.9, 0.9)), "atan": (torch.atan, (-3, 3)),
    "sinh": (torch.sinh, (-3, 3)), "cosh": (torch.cosh, (-3, 3)), "tanh": (torch.tanh, (-3, 3)), "sigmoid": (torch.sigmoid, (-4, 4)),
    "relu": (torch.relu, (-3, 3)),
}
BINARY = {
    "add": (torch.add, (-3, 3), (-3, 3)), "sub": (torch.sub, (-3, 3), (-3, 3)), "mul": (torch.mul, (-3, 3), (-3, 3)),
    "div": (torch.div, (-3, 3), (0.5, 3)), "pow": (torch.pow, (0.3, 3), (-2, 3)),
    "maximum": (torch.maximum, (-3, 3), (-3, 3)), "minimum": (torch.minimum, (-3, 3), (-3, 3)),
    "gt": (torch.gt, (-3, 3), (-3, 3)), "ge": (torch.ge, (-3, 3), (-3, 3)), "lt": (torch.lt, (-3, 3), (-3, 3)),
    "le": (torch.le, (-3, 3), (-3, 3)), "eq": (torch.eq, (-3, 3), (-3, 3)), "ne": (torch.ne, (-3, 3), (-3, 3)),
}


def ops_cases():
    cases = []
    for name, (fn, (lo, hi)) in UNARY.items():
        cases.append(case(name, fn, [rand([3, 4], lo, hi)]))
    for name, (fn, da, db) in BINARY.items():
        cases.append(case(name, fn, [rand([3, 4], *da), rand([3, 4], *db)]))
        cases.append(case(name, fn, [rand([2, 1, 3], *da), rand([4, 1], *db)], note="broadcast"))
    # scalar operands (PyTorch's weak scalars) and their backward names
    cases.append(case("pow", lambda x: torch.pow(x, 2.5), [rand([4], 0.3, 3)], {"scalarB": 2.5}))
    cases.append(case("pow", lambda x: torch.pow(2.0, x), [rand([4], -2, 2)], {"scalarA": 2.0}))
    cases.append(case("sub", lambda x: 1.5 - x, [rand([4])], {"scalarA": 1.5}))
    cases.append(case("div", lambda x: 2.0 / x, [rand([4], 0.5, 3)], {"scalarA": 2.0}))
    # kinks and special points: PyTorch's conventions
    k = torch.tensor([-1.0, 0.0, 1.0])
    for name in ("relu", "abs", "sign"):
        cases.append(case(name, UNARY[name][0], [k], note="kink"))
    cases.append(case("sqrt", torch.sqrt, [torch.tensor([0.0, 1.0])], note="kink"))
    cases.append(case("log", torch.log, [torch.tensor([0.0, 1.0])], note="kink"))
    tie_a = torch.tensor([1.0, 2.0, 3.0, -1.0])
    tie_b = torch.tensor([1.0, 1.0, 3.0, 0.0])
    for name in ("maximum", "minimum"):
        cases.append(case(name, BINARY[name][0], [tie_a, tie_b], note="tie"))
    cases.append(case("pow", torch.pow, [torch.tensor([0.0, 0.0, 2.0, 0.0]), torch.tensor([0.0, 2.0, 0.0, 0.5])], note="kink"))
    cases.append(case("clamp", lambda x: torch.clamp(x, -0.5, 0.5), [torch.tensor([-1.0, -0.5, 0.0, 0.5, 1.0])], {"min": -0.5, "max": 0.5}, note="kink"))
    cases.append(case("clamp", lambda x: torch.clamp(x, min=0.2), [rand([5])], {"min": 0.2}))
    cases.append(case("clamp", lambda x: torch.clamp(x, 0.5, -0.5), [rand([5])], {"min": 0.5, "max": -0.5}, note="min > max"))
    # reductions
    x34 = rand([3, 4])
    x234 = rand([2, 3, 4])
    cases.append(case("sum", lambda x: x.sum(), [x34], {}))
    cases.append(case("sum", lambda x: x.sum(dim=1, keepdim=True), [x234], {"dim": 1, "keepdim": True}))
    cases.append(case("sum", lambda x: x.sum(dim=(0, 2)), [x234], {"dim": [0, 2]}))
    cases.append(case("mean", lambda x: x.mean(), [x34], {}))
    cases.append(case("mean", lambda x: x.mean(dim=0), [x34], {"dim": 0}))
    cases.append(case("prod", lambda x: x.prod(), [rand([2, 3], 0.5, 1.5)], {}))
    cases.append(case("prod", lambda x: x.prod(dim=1), [rand([3, 4], 0.5, 1.5)], {"dim": 1}))
    cases.append(case("prod", lambda x: x.prod(dim=1), [torch.tensor([[1.0, 0.0, 2.0], [0.0, 0.0, 3.0], [1.5, 2.0, 3.0]])], {"dim": 1}, note="zeros"))
    cases.append(case("max", lambda x: x.max(), [x34], {}))
    cases.append(case("max", lambda x: x.max(dim=1).values, [x34], {"dim": 1}))
    cases.append(case("min", lambda x: x.min(dim=0, keepdim=True).values, [x34], {"dim": 0, "keepdim": True}))
    ties = torch.tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]])
    cases.append(case("max", lambda x: x.max(), [ties], {}, note="tie"))
    cases.append(case("max", lambda x: x.max(dim=1).values, [ties], {"dim": 1}, note="tie"))
    cases.append(case("var", lambda x: x.var(dim=1), [x34], {"dim": 1}))
    cases.append(case("std", lambda x: x.std(), [x34], {}))
    cases.append(case("norm", lambda x: x.norm(), [x34], {}))
    cases.append(case("logsumexp", lambda x: torch.logsumexp(x, dim=1), [x34], {"dim": 1}))
    cases.append(case("softmax", lambda x: torch.softmax(x, dim=1), [x34], {"dim": 1}))
    cases.append(case("logSoftmax", lambda x: torch.log_softmax(x, dim=0), [x34], {"dim": 0}))
    # movement
    cases.append(case("reshape", lambda x: x.reshape(4, 3), [x34], {"shape": [4, 3]}))
    cases.append(case("permute", lambda x: x.permute(2, 0, 1), [x234], {"dims": [2, 0, 1]}))
    cases.append(case("transpose", lambda x: x.transpose(0, 1), [x34], {"dim0": 0, "dim1": 1}))
    cases.append(case("expand", lambda x: x.expand(2, 3, 4), [rand([3, 1])], {"shape": [2, 3, 4]}))
    cases.append(case("index", lambda x: x[1:3, ::2], [x34], {"index": ["1:3", "::2"]}))
    cases.append(case("index", lambda x: x[-1], [x34], {"index": [-1]}))
    cases.append(case("index", lambda x: x[:, None, 2], [x34], {"index": [":", None, 2]}))
    cases.append(case("flip", lambda x: x.flip([0, 1]), [x34], {"dims": [0, 1]}))
    cases.append(case("cat", lambda a, b: torch.cat([a, b], 0), [rand([2, 3]), rand([4, 3])], {"dim": 0}))
    cases.append(case("stack", lambda a, b: torch.stack([a, b], 1), [rand([2, 3]), rand([2, 3])], {"dim": 1}))
    cases.append(case("squeeze", lambda x: x.squeeze(1), [rand([3, 1, 2])], {"dim": 1}))
    cases.append(case("unsqueeze", lambda x: x.unsqueeze(0), [rand([3, 2])], {"dim": 0}))
    cases.append(case("flatten", lambda x: x.flatten(1), [x234], {"startDim": 1}))
    # selection
    cond = torch.tensor([[True, False, True, False], [False, False, True, True], [True, True, False, False]])
    cases.append(case("where", lambda c, a, b: torch.where(c, a, b), [cond, x34, rand([4])], {}))
    idx = torch.tensor([[0, 3], [1, 1], [2, 0]])
    cases.append(case("gather", lambda x, i: torch.gather(x, 1, i), [x34, idx], {"dim": 1}))
    cases.append(case("indexSelect", lambda x: torch.index_select(x, 0, torch.tensor([2, 0, 2])), [x34], {"dim": 0, "index": [2, 0, 2]}))
    cases.append(case("scatterAdd", lambda b, i, s: b.scatter_add(1, i, s), [x34, idx, rand([3, 2])], {"dim": 1}))
    # linear algebra
    cases.append(case("matmul", torch.matmul, [rand([3, 4]), rand([4, 2])]))
    cases.append(case("matmul", torch.matmul, [rand([4]), rand([4, 2])]))
    cases.append(case("matmul", torch.matmul, [rand([3, 4]), rand([4])]))
    cases.append(case("matmul", torch.matmul, [rand([4]), rand([4])]))
    cases.append(case("matmul", torch.matmul, [rand([2, 1, 3, 4]), rand([3, 4, 2])]))
    a33 = rand([3, 3]) + 3 * torch.eye(3)
    cases.append(case("inv", torch.linalg.inv, [a33]))
    cases.append(case("det", torch.linalg.det, [a33]))
    cases.append(case("det", torch.linalg.det, [rand([2, 2, 2])]))
    # convolution and pooling
    img = rand([2, 2, 5, 6])
    w = rand([3, 2, 3, 2])
    b = rand([3])
    cases.append(case("conv2d", lambda x, w, b: torch.nn.functional.conv2d(x, w, b), [img, w, b], {}))
    cases.append(case("conv2d", lambda x, w: torch.nn.functional.conv2d(x, w, stride=2, padding=1), [img, w], {"stride": 2, "padding": 1}))
    cases.append(case("conv2d", lambda x, w: torch.nn.functional.conv2d(x, w, stride=(1, 2), padding=(2, 0)), [img, w], {"stride": [1, 2], "padding": [2, 0]}))
    cases.append(case("unfold", lambda x: torch.nn.functional.unfold(x, (3, 2), stride=(2, 1), padding=(1, 0)), [img], {"kernel": [3, 2], "stride": [2, 1], "padding": [1, 0]}))
    cases.append(case("maxPool2d", lambda x: torch.nn.functional.max_pool2d(x, 2), [img], {"kernel": 2}))
    cases.append(case("maxPool2d", lambda x: torch.nn.functional.max_pool2d(x, 3, stride=2, padding=1), [img], {"kernel": 3, "stride": 2, "padding": 1}))
    cases.append(case("maxPool2d", lambda x: torch.nn.functional.max_pool2d(x, 2), [torch.tensor([[[[1.0, 1.0], [1.0, 0.0]]]])], {"kernel": 2}, note="tie"))
    cases.append(case("avgPool2d", lambda x: torch.nn.functional.avg_pool2d(x, 2), [img], {"kernel": 2}))
    cases.append(case("avgPool2d", lambda x: torch.nn.functional.avg_pool2d(x, 3, stride=2, padding=1), [img], {"kernel": 3, "stride": 2, "padding": 1}))
    # losses
    cases.append(case("mseLoss", torch.nn.functional.mse_loss, [x34, rand([3, 4])], {}))
    p = rand([6], 0.05, 0.95)
    y = torch.tensor([0.0, 1.0, 1.0, 0.0, 0.3, 1.0])
    cases.append(case("binaryCrossEntropy", torch.nn.functional.binary_cross_entropy, [p, y], {}, diff=[True, False]))
    cases.append(case("binaryCrossEntropy", lambda p, y: torch.nn.functional.binary_cross_entropy(p, y, reduction="none"),
                      [torch.tensor([0.0, 1.0, 0.5, 1e-15, 1.0]), torch.tensor([1.0, 0.0, 1.0, 1.0, 1.0])], {"reduction": "none"}, diff=[True, False], note="kink"))
    cases.append(case("binaryCrossEntropyWithLogits", torch.nn.functional.binary_cross_entropy_with_logits, [rand([6], -4, 4), y], {}, diff=[True, False]))
    tgt = torch.tensor([1, 0, 3])
    cases.append(case("crossEntropy", torch.nn.functional.cross_entropy, [x34, tgt], {}))
    cases.append(case("crossEntropy", lambda x, t: torch.nn.functional.cross_entropy(x, t, reduction="sum"), [x34, tgt], {"reduction": "sum"}))
    cases.append(case("nllLoss", torch.nn.functional.nll_loss, [torch.log_softmax(x34, 1).detach(), tgt], {}))
    cases.append(case("to", lambda x: x.to(torch.float32), [x34], {"dtype": "float32"}))
    return cases


# ---------------------------------------------------------------- random compositions

UN = ["sin", "cos", "tanh", "sigmoid", "atan", "neg", "abs", "relu", "expTanh", "log1pSq", "sqrt1pSq"]
BIN = ["add", "sub", "mul", "divSafe", "maximum", "minimum", "powSafe"]
STRUCT = ["sumKeep1", "meanKeep0", "softmax1", "matmulT", "logsumexp0", "transpose2", "flipBoth", "catSplit"]


def apply_op(op, a, b):
    if op == "sin": return torch.sin(a)
    if op == "cos": return torch.cos(a)
    if op == "tanh": return torch.tanh(a)
    if op == "sigmoid": return torch.sigmoid(a)
    if op == "atan": return torch.atan(a)
    if op == "neg": return -a
    if op == "abs": return torch.abs(a)
    if op == "relu": return torch.relu(a)
    if op == "expTanh": return torch.exp(torch.tanh(a))
    if op == "log1pSq": return torch.log(1 + a * a)
    if op == "sqrt1pSq": return torch.sqrt(1 + a * a)
    if op == "add": return a + b
    if op == "sub": return a - b
    if op == "mul": return a * b
    if op == "divSafe": return a / (1 + b * b)
    if op == "maximum": return torch.maximum(a, b)
    if op == "minimum": return torch.minimum(a, b)
    if op == "powSafe": return torch.pow(torch.abs(a) + 0.5, torch.tanh(b))
    if op == "sumKeep1": return a.sum(1, keepdim=True) * b
    if op == "meanKeep0": return a - a.mean(0, keepdim=True)
    if op == "softmax1": return torch.softmax(a, 1)
    if op == "matmulT": return 0.25 * (a @ b.transpose(0, 1) @ a)
    if op == "logsumexp0": return torch.logsumexp(a, 0, keepdim=True) + b
    if op == "transpose2": return (a.transpose(0, 1).reshape(3, 4) + b)
    if op == "flipBoth": return a.flip([0, 1]) * b
    if op == "catSplit": return torch.cat([a[:1] * b[1:2], a[1:]], 0)
    raise ValueError(op)


def compositions(count=240):
    progs = []
    for k in range(count):
        n_in = rng.randint(1, 3)
        inputs = [rand([3, 4], -1.5, 1.5) for _ in range(n_in)]
        prog = []
        n_regs = n_in
        for _ in range(rng.randint(2, 8)):
            kind = rng.random()
            op = rng.choice(UN) if kind < 0.45 else rng.choice(BIN) if kind < 0.8 else rng.choice(STRUCT)
            a = rng.randrange(n_regs)
            b = rng.randrange(n_regs)
            prog.append([op, a, b])
            n_regs += 1
        leaves = [x.clone().requires_grad_(True) for x in inputs]
        regs = list(leaves)
        for op, a, b in prog:
            regs.append(apply_op(op, regs[a], regs[b]))
        out = regs[-1]
        weights = rand([3, 4], -1, 1)
        loss = (out * weights).sum()
        grads = torch.autograd.grad(loss, leaves, allow_unused=True)
        progs.append({
            "program": prog,
            "inputs": [tensor_json(x) for x in leaves],
            "weights": tensor_json(weights),
            "out": tensor_json(out),
            "grads": [tensor_json(g) if g is not None else None for g in grads],
        })
    return progs


def formatting():
    """PyTorch's printed forms, to check gradlab's printer against (names mapped to gradlab's spelling)."""
    samples = [
        torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor(2.5), torch.tensor([1e-5, 1.0, 1000.0]),
        torch.tensor([0.1234567, -2.5, 3.0]), torch.tensor([1.0, float("nan"), float("inf")]),
        torch.arange(12.0).reshape(2, 2, 3), torch.tensor([[123456789.0, 1.0]]), torch.linspace(0, 1, 30),
        torch.arange(2000.0), torch.tensor([-0.5, 0.25]), torch.zeros(3), torch.tensor([1e10, 1e-10]),
    ]
    out = []
    for t in samples:
        text = repr(t).replace(", dtype=torch.float64", "")
        out.append({"tensor": tensor_json(t), "text": text})
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {"torch": torch.__version__, "script": "scripts/make-torch-fixtures.py"}
    with open(os.path.join(OUT, "ops.json"), "w") as f:
        json.dump({**meta, "cases": ops_cases()}, f)
    with open(os.path.join(OUT, "compositions.json"), "w") as f:
        json.dump({**meta, "programs": compositions()}, f)
    with open(os.path.join(OUT, "format.json"), "w") as f:
        json.dump({**meta, "samples": formatting()}, f, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
