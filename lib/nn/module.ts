/**
 * nn.Module, as PyTorch's: a model is a tree of modules holding parameters. Parameters
 * and submodules are found from the module's own properties (in the order they were
 * assigned), so a subclass only assigns `this.fc = new Linear(...)`, as in PyTorch.
 * A parameter is a leaf tensor that requires grad.
 */
import { Tensor } from "../tensor/tensor";
import { noGrad } from "../autograd/mode";
import { formatShape } from "../tensor/shape";

/** One tensor of a state dict, as plain JSON. */
export interface TensorJSON {
  shape: number[];
  data: number[];
}

/** A model's parameters (and buffers) by dotted name, as plain JSON (JSON.stringify-able). */
export type StateDict = Record<string, TensorJSON>;

export abstract class Module {
  /** True in training mode (dropout active), false after `eval()`. */
  training = true;
  /** @internal names of tensors that are state but not parameters (running statistics). */
  protected _buffers: string[] = [];

  /** The computation; `call(x)` runs it. */
  abstract forward(...inputs: Tensor[]): Tensor;

  /**
   * Run the module: `model.call(x)` is PyTorch's `model(x)`.
   * @example
   * const lin = new nn.Linear(3, 2);
   * lin.call(ones([4, 3])).shape; // [4, 2]
   */
  call(...inputs: Tensor[]): Tensor {
    return this.forward(...inputs);
  }

  /** Direct submodules with their attribute names. */
  *namedChildren(): IterableIterator<[string, Module]> {
    for (const [k, v] of Object.entries(this)) {
      if (v instanceof Module) yield [k, v];
      else if (Array.isArray(v) && k !== "_buffers") {
        for (let i = 0; i < v.length; i++) if (v[i] instanceof Module) yield [`${k}.${i}`, v[i]];
      }
    }
  }

  /** Direct submodules. */
  *children(): IterableIterator<Module> {
    for (const [, m] of this.namedChildren()) yield m;
  }

  /** This module and every module below it, with dotted names ("" for this one). */
  *namedModules(prefix = ""): IterableIterator<[string, Module]> {
    yield [prefix, this];
    for (const [k, m] of this.namedChildren()) yield* m.namedModules(prefix ? `${prefix}.${k}` : k);
  }

  /** This module and every module below it. */
  *modules(): IterableIterator<Module> {
    for (const [, m] of this.namedModules()) yield m;
  }

  /**
   * Parameters with dotted names ("0.weight", "fc.bias"), each once.
   * @example
   * [...new nn.Linear(2, 1).namedParameters()].map(([n]) => n); // ["weight", "bias"]
   */
  *namedParameters(prefix = "", recurse = true): IterableIterator<[string, Tensor]> {
    const seen = new Set<Tensor>();
    for (const [mp, m] of recurse ? this.namedModules(prefix) : ([[prefix, this]] as [string, Module][])) {
      for (const [k, v] of Object.entries(m)) {
        if (v instanceof Tensor && v.isLeaf && v.requiresGrad && !m._buffers.includes(k) && !seen.has(v)) {
          seen.add(v);
          yield [mp ? `${mp}.${k}` : k, v];
        }
      }
    }
  }

  /**
   * Every trainable tensor of the model (what an optimizer takes).
   * @example
   * const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
   */
  parameters(recurse = true): Tensor[] {
    return [...this.namedParameters("", recurse)].map(([, p]) => p);
  }

  /** Buffers (non-trainable state) with dotted names. */
  *namedBuffers(prefix = ""): IterableIterator<[string, Tensor]> {
    for (const [mp, m] of this.namedModules(prefix)) {
      for (const k of m._buffers) {
        const v = (m as unknown as Record<string, unknown>)[k];
        if (v instanceof Tensor) yield [mp ? `${mp}.${k}` : k, v];
      }
    }
  }

  /** Register `name` (a tensor property) as a buffer: saved in the state dict, not trained. */
  protected registerBuffer(name: string, t: Tensor): void {
    (this as unknown as Record<string, unknown>)[name] = t;
    if (!this._buffers.includes(name)) this._buffers.push(name);
  }

  /**
   * Clear the gradients of every parameter (to null, as PyTorch's default set_to_none,
   * or to zeros).
   * @example
   * model.zeroGrad(); // before each backward
   */
  zeroGrad(setToNone = true): void {
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (setToNone) p.grad = null;
      else noGrad(() => p.grad!.zero_());
    }
  }

  /**
   * Training mode (true) or evaluation mode (false) for this module and all below it.
   * @example
   * model.train(); model.eval();
   */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: dropout off. The same as `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Number of trainable scalars. */
  numParameters(): number {
    return this.parameters().reduce((s, p) => s + p.numel(), 0);
  }

  /**
   * Parameters and buffers by dotted name as plain JSON, so `JSON.stringify(model.stateDict())`
   * saves a model and `loadStateDict` restores it.
   * @example
   * const saved = JSON.stringify(model.stateDict());
   * model.loadStateDict(JSON.parse(saved));
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [n, t] of [...this.namedParameters(), ...this.namedBuffers()]) {
      out[n] = { shape: [...t.shape], data: Array.from(t.values()) };
    }
    return out;
  }

  /**
   * Copy values from a state dict (an object or its JSON string) into this model's
   * tensors, in place. With `strict` (default) the names must match exactly.
   */
  loadStateDict(state: StateDict | string, strict = true): { missingKeys: string[]; unexpectedKeys: string[] } {
    const dict: StateDict = typeof state === "string" ? JSON.parse(state) : state;
    const own = new Map<string, Tensor>([...this.namedParameters(), ...this.namedBuffers()]);
    const missingKeys = [...own.keys()].filter((k) => !(k in dict));
    const unexpectedKeys = Object.keys(dict).filter((k) => !own.has(k));
    if (strict && (missingKeys.length || unexpectedKeys.length)) {
      throw new Error(
        `loadStateDict: the state dict does not match ${this.constructor.name}` +
          (missingKeys.length ? `; missing keys: ${missingKeys.join(", ")}` : "") +
          (unexpectedKeys.length ? `; unexpected keys: ${unexpectedKeys.join(", ")}` : ""),
      );
    }
    for (const [k, t] of own) {
      const v = dict[k];
      if (!v) continue;
      if (!Array.isArray(v.shape) || v.shape.length !== t.ndim || v.shape.some((s, i) => s !== t.shape[i])) {
        throw new Error(`loadStateDict: '${k}' has shape ${formatShape(v.shape ?? [])} in the state dict but ${formatShape(t.shape)} in the model`);
      }
      if (!Array.isArray(v.data) || v.data.length !== t.numel()) {
        throw new Error(`loadStateDict: '${k}' should hold ${t.numel()} values (got ${Array.isArray(v.data) ? v.data.length : typeof v.data})`);
      }
      noGrad(() => t.copy_(Tensor.fromData(Float64Array.from(v.data), [...t.shape], "float64").to(t.dtype)));
    }
    return { missingKeys, unexpectedKeys };
  }

  /** Extra text inside this module's parentheses, e.g. "in_features=3, out_features=2, bias=True". */
  extraRepr(): string {
    return "";
  }

  /** PyTorch's printed form: the module tree with each layer's settings. */
  toString(): string {
    const kids = [...this.namedChildren()];
    const name = this.constructor.name;
    if (kids.length === 0) return `${name}(${this.extraRepr()})`;
    const lines = kids.map(([k, m]) => `  (${k}): ${m.toString().split("\n").join("\n  ")}`);
    const extra = this.extraRepr();
    return `${name}(${extra ? `\n  ${extra}` : ""}\n${lines.join("\n")}\n)`;
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Rich display in the notebook: the module tree and the parameter count. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    const text = this.toString();
    const esc = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const n = this.numParameters();
    return {
      "text/plain": text,
      "text/html": `<pre style="margin:0">${esc}</pre><div style="color:#666;font-size:90%">${n.toLocaleString("en-US")} trainable parameters</div>`,
    };
  }
}
