/** Element types. float64 is the default, as gradlab is for exact teaching numbers. */
export type DType = "float64" | "float32" | "int32" | "bool";

/** The typed array that holds a dtype's elements. */
export type TypedArray = Float64Array | Float32Array | Int32Array | Uint8Array;

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** Allocate zeroed storage for `n` elements of `dtype`. */
export function allocate(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case "float64": return new Float64Array(n);
    case "float32": return new Float32Array(n);
    case "int32": return new Int32Array(n);
    case "bool": return new Uint8Array(n);
  }
}

/** The dtype of the result of a binary op, as PyTorch's type promotion (bool < int32 < float32 < float64). */
export function promote(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** True for dtypes that can carry gradients. */
export function isFloat(dtype: DType): boolean {
  return dtype === "float64" || dtype === "float32";
}

/** The float dtype a math function (exp, sin, division) returns for an input dtype. */
export function floatOf(dtype: DType): DType {
  return dtype === "float32" ? "float32" : "float64";
}

export function checkDType(dtype: string): DType {
  if (dtype === "float64" || dtype === "float32" || dtype === "int32" || dtype === "bool") return dtype;
  throw new TypeError(`unknown dtype '${dtype}': use "float64" (default), "float32", "int32" or "bool"`);
}
