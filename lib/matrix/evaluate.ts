/**
 * Numeric evaluation of matrix expressions with the tensor library (so an expression of
 * tensors that require grad can be differentiated by autograd). Internally every value
 * is a 2-d tensor (scalars 1×1, vectors n×1); `evaluate` returns natural shapes
 * (scalars 0-d, column vectors 1-d).
 */
import { Tensor } from "../tensor/tensor";
import { tensor, ones, zeros, eye, NestedArray } from "../tensor/create";
import { unary, binary } from "../ops/elementwise";
import { inv, det, matmul } from "../ops/linalg";
import { softmax, logSoftmax } from "../nn/functional";
import type { UnaryName } from "../ops/unary";
import type { BinaryName } from "../ops/binary";
import { MatExpr, symbolsOf, brief } from "./expr";
import { Dim, ShapeError, formatMatShape } from "./shape";

/** A value for a symbol: a tensor, a number (scalars) or nested arrays. */
export type Value = Tensor | number | NestedArray;

/** Sizes of symbolic dimensions, by name. */
export type Dims = Record<string, number>;

/** Resolve a dimension to a size. */
export function dimSize(d: Dim, dims: Dims, what: string): number {
  if (typeof d === "number") return d;
  const v = dims[d];
  if (v === undefined) throw new ShapeError(`${what}: the size of dimension '${d}' is not known; give a value for a symbol with that dimension or pass dims: { ${d}: … }`);
  return v;
}

/** A value as a float64 2-d tensor of the symbol's shape (vectors n×1, scalars 1×1). */
export function toMatrixTensor(sym: MatExpr, v: Value, dims: Dims): Tensor {
  let t = v instanceof Tensor ? v : tensor(v as NestedArray);
  if (t.dtype !== "float64") t = t.to("float64");
  const r = t.shape;
  const want = [dimSize(sym.rows, dims, sym.name), dimSize(sym.cols, dims, sym.name)];
  const n = want[0] * want[1];
  const ok = (r.length === 2 && r[0] === want[0] && r[1] === want[1]) ||
    (want[1] === 1 && r.length === 1 && r[0] === want[0]) ||
    (n === 1 && t.numel() === 1);
  if (!ok) throw new ShapeError(`value of ${sym.name}: shape [${r.join(", ")}] does not fit ${sym.name} (${formatMatShape(sym.shape)} = ${want[0]}×${want[1]})`);
  return r.length === 2 ? t : t.reshape(want[0], want[1]);
}

/** Bind symbolic dimensions from the values' shapes; conflicting sizes are an error. */
export function bindDims(e: MatExpr | readonly MatExpr[], values: Record<string, Value>, dims: Dims = {}): Dims {
  const out: Dims = { ...dims };
  const from: Record<string, string> = {};
  const syms = new Map<string, MatExpr>();
  for (const x of Array.isArray(e) ? e : [e]) symbolsOf(x, syms);
  for (const [name, s] of syms) {
    const v = values[name];
    if (v === undefined) continue;
    const t = v instanceof Tensor ? v : tensor(v as NestedArray);
    const sizes = t.ndim === 2 ? t.shape : t.ndim === 1 ? [t.shape[0], 1] : [1, 1];
    s.shape.forEach((d, i) => {
      if (typeof d !== "string") return;
      if (out[d] !== undefined && out[d] !== sizes[i]) {
        throw new ShapeError(`dimension '${d}' is ${out[d]}${from[d] ? ` (from ${from[d]})` : ""} but ${sizes[i]} in the value of ${name}`);
      }
      out[d] = sizes[i];
      from[d] = name;
    });
  }
  return out;
}

/** Cofactor transpose of a square matrix (also for singular ones); a constant. */
function adjugate(x: Tensor): Tensor {
  const n = x.shape[0];
  const v = x.detach().values();
  const out = new Float64Array(n * n);
  if (n === 1) out[0] = 1;
  else {
    const minor = new Float64Array((n - 1) * (n - 1));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let p = 0;
        for (let r = 0; r < n; r++) {
          if (r === i) continue;
          for (let c = 0; c < n; c++) if (c !== j) minor[p++] = v[r * n + c];
        }
        const m = det(Tensor.fromData(minor.slice(), [n - 1, n - 1], "float64")).item();
        out[j * n + i] = ((i + j) % 2 ? -1 : 1) * m;
      }
    }
  }
  return Tensor.fromData(out, [n, n], "float64");
}

const s11 = (t: Tensor) => t.reshape(1, 1);

/**
 * Evaluate with 2-d tensors (scalars 1×1, vectors n×1). `env` maps symbol names to
 * 2-d tensors; `dims` sizes symbolic dimensions of ones/eye/zeros.
 */
export function evalMatrix(e: MatExpr, env: ReadonlyMap<string, Tensor>, dims: Dims = {}): Tensor {
  const memo = new Map<MatExpr, Tensor>();
  const size = (d: Dim) => dimSize(d, dims, brief(e));
  const ev = (n: MatExpr): Tensor => {
    let r = memo.get(n);
    if (!r) {
      r = node(n);
      memo.set(n, r);
    }
    return r;
  };
  const node = (n: MatExpr): Tensor => {
    const a = () => ev(n.args[0]);
    switch (n.op) {
      case "sym": {
        const v = env.get(n.name);
        if (!v) throw new Error(`no value for the symbol ${n.name} (${formatMatShape(n.shape)})`);
        return v;
      }
      case "num": return tensor([[n.value]]);
      case "ones": return ones([size(n.rows), size(n.cols)]);
      case "zeros": return zeros([size(n.rows), size(n.cols)]);
      case "eye": return eye(size(n.rows));
      case "diff": throw new Error(`a differential (${brief(n)}) has no value`);
      case "add": return n.args.map(ev).reduce((s, t) => s.add(t));
      case "mul": {
        let scale: Tensor | null = null;
        const chain: MatExpr[] = [];
        for (const f of n.args) {
          if (f.isScalar) {
            const t = ev(f);
            scale = scale ? scale.mul(t) : t;
          } else chain.push(f);
        }
        if (!chain.length) return scale!;
        let out: Tensor;
        if (chain[chain.length - 1].cols === 1 || n.cols === 1) {
          // ends in a vector: matrix-vector products from the right, sums applied term by
          // term ((A + B)v = Av + Bv), so no matrix-matrix product or sum is formed
          out = ev(chain[chain.length - 1]);
          for (let i = chain.length - 2; i >= 0; i--) out = applyTo(chain[i], out);
        } else out = chain.map(ev).reduce((a, b) => matmul(a, b));
        return scale ? out.mul(scale) : out;
      }
      case "transpose": return a().t();
      case "inv": return inv(a());
      case "det": return s11(det(a()));
      case "logdet": return s11(det(a()).abs().log());
      case "adj": {
        // det(A)·A⁻¹ keeps autograd's graph; at a singular A the cofactors (a constant)
        const x = a();
        const d = det(x);
        return d.item() !== 0 ? inv(x).mul(d) : adjugate(x);
      }
      case "tr": {
        const x = a();
        return s11(x.mul(eye(x.shape[0])).sum());
      }
      case "sum": return s11(a().sum());
      case "diag": {
        const v = a();
        return eye(v.shape[0]).mul(v);
      }
      case "norm1": return s11(a().abs().sum());
      case "norm2": {
        const x = a();
        return s11(x.mul(x).sum().sqrt());
      }
      case "softmax": return softmax(a(), 0);
      case "logsoftmax": return logSoftmax(a(), 0);
      case "unary": return unary(n.name as UnaryName, a());
      case "binary": {
        const t = binary(n.name as BinaryName, ev(n.args[0]), ev(n.args[1]));
        return t.dtype === "float64" ? t : t.to("float64");
      }
    }
  };
  /** e·v for a matrix expression e and a (thin) matrix v, without forming sums or products of matrices. */
  const applyTo = (f: MatExpr, v: Tensor): Tensor => {
    if (memo.has(f)) return matmul(memo.get(f)!, v);
    if (f.op === "add" && f.args.every((t) => !t.isScalar)) return f.args.map((t) => applyTo(t, v)).reduce((a, b) => a.add(b));
    if (f.op === "mul") {
      let out = v;
      let scale: Tensor | null = null;
      for (let i = f.args.length - 1; i >= 0; i--) {
        const g = f.args[i];
        if (g.isScalar) scale = scale ? scale.mul(ev(g)) : ev(g);
        else out = applyTo(g, out);
      }
      return scale ? out.mul(scale) : out;
    }
    if (f.op === "eye") return v;
    return matmul(ev(f), v);
  };
  return ev(e);
}

/** A 2-d result in natural shape: scalars 0-d, column vectors 1-d. */
export function natural(e: MatExpr, t: Tensor): Tensor {
  if (e.isScalar) return t.reshape([]);
  if (e.cols === 1) return t.reshape(t.shape[0]);
  return t;
}

/**
 * Evaluate an expression at values of its symbols. Scalars come back 0-d, column
 * vectors 1-d, matrices 2-d.
 * @example
 * import { mat } from "gradlab";
 * const f = mat.parse("x'*A*x", "A:2x2,x:2");
 * mat.evaluate(f, { A: [[1, 2], [3, 4]], x: [1, 2] }).item(); // 27
 */
export function evaluate(e: MatExpr, values: Record<string, Value>, dims: Dims = {}): Tensor {
  const d = bindDims(e, values, dims);
  const env = new Map<string, Tensor>();
  for (const [name, s] of symbolsOf(e)) {
    const v = values[name];
    if (v === undefined) throw new Error(`evaluate: no value for ${name} (${formatMatShape(s.shape)}) in ${brief(e)}`);
    env.set(name, toMatrixTensor(s, v, d));
  }
  return natural(e, evalMatrix(e, env, d));
}
