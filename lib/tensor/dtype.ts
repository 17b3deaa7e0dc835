import { noteAllocation } from "./pacer";

/** Element types. float64 is the default, as gradlab is for exact teaching numbers. */
export type DType = "float64" | "float32" | "int32" | "bool";

/** The typed array that holds a dtype's elements. */
export type TypedArray = Float64Array | Float32Array | Int32Array | Uint8Array;

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

const BYTES: Record<DType, number> = { float64: 8, float32: 4, int32: 4, bool: 1 };

// Small tensors are carved out of shared 64 KB slabs: V8 gives a typed array above 64 bytes
// its own off-heap backing store, which costs ~0.5 µs to create and to collect, while a view
// into a slab costs ~50 ns. Slab regions are never reused, so they start zeroed; a slab is
// freed when no tensor uses it any more.
const SLAB_BYTES = 1 << 16;
const SMALL_BYTES = 1024;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabOffset = 0;

/** Allocate zeroed storage for `n` elements of `dtype`. */
export function allocate(dtype: DType, n: number): TypedArray {
  const bytes = n * BYTES[dtype];
  if (bytes > 64 && bytes <= SMALL_BYTES) {
    if (slabOffset + bytes > SLAB_BYTES) {
      slab = new ArrayBuffer(SLAB_BYTES);
      slabOffset = 0;
    }
    const at = slabOffset;
    slabOffset += (bytes + 7) & ~7; // keep every view 8-byte aligned
    switch (dtype) {
      case "float64": return new Float64Array(slab, at, n);
      case "float32": return new Float32Array(slab, at, n);
      case "int32": return new Int32Array(slab, at, n);
      case "bool": return new Uint8Array(slab, at, n);
    }
  }
  noteAllocation(bytes);
  switch (dtype) {
    case "float64": return new Float64Array(n);
    case "float32": return new Float32Array(n);
    case "int32": return new Int32Array(n);
    case "bool": return new Uint8Array(n);
  }
}

/** From this size on, storage a kernel overwrites entirely is not zeroed first. */
const UNINIT_BYTES = 1 << 15;

/**
 * Storage for `n` elements that the caller overwrites entirely (every element, before any
 * read). Blocks from 32 KB skip the zero-fill: for a 16 MB result, clearing memory that is
 * about to be written costs about as much as the arithmetic itself, and a zeroed 80 KB
 * block (10,000 doubles) took 15 µs here against 4 µs without. Below 32 KB the two cost
 * the same, and small ones come from `allocate`.
 */
export function allocateOverwritten(dtype: DType, n: number): TypedArray {
  const bytes = n * BYTES[dtype];
  if (bytes < UNINIT_BYTES || typeof Buffer !== "function") return allocate(dtype, n);
  noteAllocation(bytes);
  const buf = Buffer.allocUnsafeSlow(bytes).buffer;
  switch (dtype) {
    case "float64": return new Float64Array(buf, 0, n);
    case "float32": return new Float32Array(buf, 0, n);
    case "int32": return new Int32Array(buf, 0, n);
    case "bool": return new Uint8Array(buf, 0, n);
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
