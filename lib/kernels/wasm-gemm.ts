/**
 * C = A·B through the WebAssembly kernels: stage the operands in the shared memory,
 * fill in the job record, run it on the pool, copy C out.
 *
 * Operands are strided views (a transposed matrix is swapped strides), so the caller
 * never gathers a transpose: the span of storage it covers is copied as is. Large
 * operands stay resident in a small LRU cache keyed by their storage object and its
 * version counter, so a matrix used again (the same data in forward and backward, or a
 * fixed design matrix over many iterations) is not copied again. Every in-place change
 * to a tensor bumps its storage version, which invalidates the copy.
 */
import { getRuntime, WasmRuntime } from "./wasm-runtime";
import { JOB_ADDR, readyWorkers, runJob, threadCount } from "./pool";

/** A strided matrix view: element (i, p) is data[off + i·rs + p·cs]. */
export interface MatrixView {
  data: ArrayLike<number> & { length: number };
  off: number;
  rs: number;
  cs: number;
  /** Identity of the storage (for the resident cache) and its version. */
  key?: object;
  version?: number;
}

// job record fields, as enum in gemm.c
/** @internal */
export const J_MODE = 3, J_M = 4, J_N = 5, J_K = 6, J_A = 7, J_RSA = 8, J_CSA = 9, J_B = 10, J_RSB = 11, J_CSB = 12;
/** @internal */
export const J_C = 13, J_LDC = 14, J_TILEM = 15, J_TILEN = 16, J_TILEK = 17, J_TILESM = 18, J_TILESN = 19, J_NTILES = 20;
/** @internal */
export const J_SCRATCH = 21, J_SCRATCH_STRIDE = 22, J_NCMAX = 23, J_BATCH = 24, J_SBA = 25, J_SBB = 26, J_SBC = 27, J_BPACKED = 28, J_NEXT = 2;
/** @internal */
export const J_SYMM = 43;
/** @internal */
export const J_PARTS = 45;
const J_PACKTILES = 46, J_PACKDONE = 47, J_TAILROWS = 48, J_QUADS = 49, J_QCOLS = 50;
/**
 * With several threads and B packed once, the last TAIL_ROWS row stripes of a product are
 * cut into tiles TAIL_PARTS times shorter (TAIL_PARTS in gemm.c): with full-size tiles to
 * the end, one thread sat idle for 5–8% of a 512 or 1024 product waiting for the other's
 * last tile.
 */
const TAIL_ROWS = 2, TAIL_PARTS = 4;
/** Columns per tile when the job's first tiles pack B (PACK_COLS in gemm.c). */
const PACK_COLS = 128;
const MODE_TILES = 0, MODE_KSPLIT = 1, MODE_GEMV_ROWS = 2, MODE_GEMV_COLS = 3;
const MR = 4, NR = 4;
/** @internal Blocking of gemm.c (a thread's packing buffers take MC·KC + KC·NCMAX + 16 doubles). */
export const KC = 256, MC = 64, NCMAX = 1024;

/** @internal How the last WebAssembly product ran (tests check the paths they mean to). */
export const lastProduct = { mode: "", threads: 0, tiles: 0, resident: 0 };
/** @internal How many matrices were packed in row quads (tests check that a resident one is packed once). */
export const quadPacks = { count: 0 };
const MODE_NAMES = ["tiles", "ksplit", "gemv-rows", "gemv-cols"];

/** Products smaller than this (multiply-adds) run on the main thread alone. */
export const PARALLEL_MIN = 1 << 19;
/**
 * Matrix-vector products are memory-bound, but each core brings its own share of bandwidth
 * from the shared cache: with the pool's workers kept awake between jobs (pool.ts, SPIN_MS),
 * two threads halve a 10,000×100 product (0.53 → 0.29 ms here). Below this size (multiply-
 * adds) waking a worker costs more than it saves.
 */
export const GEMV_PARALLEL_MIN = 1 << 17;
/**
 * Matrix-vector products are cut into this many tiles per thread, small enough that the
 * thread finishing first waits little for the other's last tile (about 5 against 20 µs per
 * 10,000×100 product here with 4 per thread).
 */
const GEMV_TILES_PER_THREAD = 16;
/**
 * @internal A product split along k (the column GEMV, the k-split mode, a convolution's
 * weight gradient over its images) sums one partial per tile in tile order, and cuts k into
 * a number of tiles that does not depend on the thread count: the result is then the same
 * doubles whichever thread took which tile, on one thread or on several, run after run.
 */
export const KSPLIT_TILES = 32;

/** Rows per tile of a row-form matrix-vector product (whole row quads, GEMV_TILES_PER_THREAD tiles per thread). */
function gemvRowTile(m: number, nthreads: number): number {
  return Math.max(4, Math.ceil(m / (GEMV_TILES_PER_THREAD * nthreads) / 4) * 4);
}

// ------------------------------------------------------------------ resident cache

/**
 * A resident copy. It holds no reference to its storage (a WeakRef would keep the storage
 * alive until the end of the current synchronous job, i.e. a whole training loop); the
 * WeakMap entry dies with the storage, and eviction marks the copy dead instead.
 */
interface Resident {
  ptr: number;
  start: number;
  len: number;
  version: number;
  used: number;
  evicted: boolean;
  /** In use by the product being set up: neither evicted nor replaced until it ends. */
  pinned: boolean;
  /** Products that used this copy (of this version). */
  uses: number;
  /** The copy packed in row quads for matrix-vector products (one view of it), if made. */
  quads?: Quads;
}

/** A matrix packed in row quads (pack_quads in gemm.c) at ptr, and which view it packs. */
interface Quads {
  ptr: number;
  bytes: number;
  /** The view: its first element's address in the plain copy, strides, rows, columns. */
  at: number;
  rs: number;
  cs: number;
  rows: number;
  cols: number;
}

/** Operands of at least this many elements are kept resident. */
const CACHE_MIN = 1 << 15;
let cacheBudget = 96 * 2 ** 20;
const residents = new WeakMap<object, Resident>();
const lru: Resident[] = [];
let clock = 0;

/**
 * Set the bytes of WebAssembly memory kept for resident operands (default 96 MB; 0 turns
 * the cache off). Large matrices used again (a design matrix, a convolution's columns in
 * forward and backward) are then not copied again.
 * @example
 * import { kernels } from "gradlab";
 * kernels.setResidentBudget(256 * 2 ** 20);
 */
export function setResidentBudget(bytes: number): void {
  cacheBudget = bytes;
  const rt = getRuntime();
  if (rt) evict(rt, 0);
}

function residentBytes(): number {
  let s = 0;
  for (const r of lru) s += r.len * 8 + (r.quads?.bytes ?? 0);
  return s;
}

/** Free a resident copy (and its packed quads) and mark it dead. */
function drop(rt: WasmRuntime, r: Resident): void {
  rt.heap.release(r.ptr);
  if (r.quads) rt.heap.release(r.quads.ptr);
  r.quads = undefined;
  r.evicted = true;
}

function evict(rt: WasmRuntime, need: number): void {
  lru.sort((a, b) => a.used - b.used);
  let total = residentBytes();
  for (let i = 0; i < lru.length && total + need > cacheBudget; ) {
    const r = lru[i];
    if (r.pinned) {
      i++;
      continue;
    }
    lru.splice(i, 1);
    total -= r.len * 8 + (r.quads?.bytes ?? 0);
    drop(rt, r);
  }
}

/** Residents pinned by the product being set up. */
const pinnedNow: Resident[] = [];

/** @internal Release the residents pinned by the product just set up. */
export function unpinAll(): void {
  for (const r of pinnedNow) r.pinned = false;
  pinnedNow.length = 0;
}

/** Span [lo, hi] of storage indices a strided batch×rows×cols view touches. */
function span(v: MatrixView, rows: number, cols: number, batch: number, sb: number): [number, number] {
  let lo = v.off, hi = v.off;
  for (const d of [(rows - 1) * v.rs, (cols - 1) * v.cs, (batch - 1) * sb]) {
    if (d < 0) lo += d;
    else hi += d;
  }
  return [lo, hi];
}

/** @internal */
export interface Staged {
  /** Byte address of element (0, 0). */
  ptr: number;
  rs: number;
  cs: number;
  /** Element stride between batch items. */
  sb: number;
  /** Temporary block to release after the product (0 when resident). */
  temp: number;
  /** The resident copy it is part of. */
  res?: Resident;
}

function copyIn(rt: WasmRuntime, src: ArrayLike<number>, lo: number, len: number, ptr: number): void {
  const f64 = rt.heap.f64;
  const at = ptr >> 3;
  if (ArrayBuffer.isView(src) && src instanceof Float64Array) f64.set(src.subarray(lo, lo + len), at);
  else for (let i = 0; i < len; i++) f64[at + i] = src[lo + i];
}

/**
 * Put a (batch of) rows×cols view(s) in wasm memory: a copy of the storage span it covers
 * (strides kept), or a gathered row-major copy when the view is sparse in its storage.
 */
/** @internal */
export function stage(rt: WasmRuntime, v: MatrixView, rows: number, cols: number, batch = 1, sb = 0): Staged {
  const [lo, hi] = span(v, rows, cols, batch, sb);
  const len = hi - lo + 1;
  const distinct = sb === 0 ? 1 : batch;
  const n = rows * cols * distinct;
  if (len > 2 * n + 64) {
    const ptr = rt.heap.alloc(n * 8);
    const f64 = rt.heap.f64;
    let at = ptr >> 3;
    for (let b = 0; b < distinct; b++) {
      for (let i = 0; i < rows; i++) for (let p = 0; p < cols; p++) f64[at++] = v.data[v.off + b * sb + i * v.rs + p * v.cs];
    }
    return { ptr, rs: cols, cs: 1, sb: sb === 0 ? 0 : rows * cols, temp: ptr };
  }
  if (v.key && len >= CACHE_MIN && cacheBudget >= len * 8) {
    const r = residents.get(v.key);
    if (r && !r.evicted && r.version === v.version && r.start <= lo && r.start + r.len >= hi + 1) {
      r.used = ++clock;
      r.uses++;
      if (!r.pinned) pinnedNow.push(r);
      r.pinned = true;
      return { ptr: r.ptr + (v.off - r.start) * 8, rs: v.rs, cs: v.cs, sb, temp: 0, res: r };
    }
    if (r && r.pinned) {
      // the other operand of this product uses the resident copy: take a temporary one
      const ptr = rt.heap.alloc(len * 8);
      copyIn(rt, v.data, lo, len, ptr);
      return { ptr: ptr + (v.off - lo) * 8, rs: v.rs, cs: v.cs, sb, temp: ptr };
    }
    if (r && !r.evicted) {
      drop(rt, r);
      lru.splice(lru.indexOf(r), 1);
    }
    evict(rt, len * 8);
    const ptr = rt.heap.alloc(len * 8);
    copyIn(rt, v.data, lo, len, ptr);
    const entry: Resident = { ptr, start: lo, len, version: v.version ?? 0, used: ++clock, uses: 1, evicted: false, pinned: true };
    pinnedNow.push(entry);
    residents.set(v.key, entry);
    lru.push(entry);
    return { ptr: ptr + (v.off - lo) * 8, rs: v.rs, cs: v.cs, sb, temp: 0, res: entry };
  }
  const ptr = rt.heap.alloc(len * 8);
  copyIn(rt, v.data, lo, len, ptr);
  return { ptr: ptr + (v.off - lo) * 8, rs: v.rs, cs: v.cs, sb, temp: ptr };
}

/** A contiguous copy of a vector view (GEMV's x), zero-padded to `padded` elements. */
function stageVector(rt: WasmRuntime, v: MatrixView, len: number, stride: number, padded: number): Staged {
  const ptr = rt.heap.alloc(padded * 8);
  const f64 = rt.heap.f64;
  const at = ptr >> 3;
  if (stride === 1 && v.data instanceof Float64Array) f64.set(v.data.subarray(v.off, v.off + len), at);
  else for (let i = 0; i < len; i++) f64[at + i] = v.data[v.off + i * stride];
  for (let i = len; i < padded; i++) f64[at + i] = 0;
  return { ptr, rs: 1, cs: 1, sb: 0, temp: ptr };
}

/**
 * A resident matrix used in this many products (at its current version) is packed in row
 * quads and kept so (a design matrix over a training loop). Before that, and for other
 * operands, the job packs each quad into the thread's scratch just before using it: packing
 * a whole 1000 × 1000 matrix that changes every step (a layer's weights) made its products
 * 1.25× slower. Either way a quad is packed the same way and summed by the same loop, so the
 * doubles do not depend on which.
 */
const QUADS_AFTER_USES = 3;

/**
 * The rows × cols matrix whose element (i, j) is at element s.ptr + i·rs + j·cs, packed in
 * row quads for the GEMV loops, when it is worth keeping (QUADS_AFTER_USES); null for the
 * job to pack quad by quad. A resident operand keeps its packing (of the view last packed:
 * X·w and Xᵀ·g pack X's rows alike), so a design matrix is packed once.
 */
function stageQuads(rt: WasmRuntime, s: Staged, rs: number, cs: number, rows: number, cols: number): Staged | null {
  const bytes = Math.ceil(rows / 4) * Math.ceil(cols / 2) * 64;
  const r = s.res;
  const q = r?.quads;
  if (q && q.at === s.ptr && q.rs === rs && q.cs === cs && q.rows === rows && q.cols === cols) return { ptr: q.ptr, rs: 0, cs: 0, sb: 0, temp: 0 };
  if (r?.quads) {
    rt.heap.release(r.quads.ptr);
    r.quads = undefined;
  }
  if (r === undefined || r.uses < QUADS_AFTER_USES || residentBytes() + bytes > cacheBudget) return null;
  const ptr = rt.heap.alloc(bytes);
  rt.exports.pack_quads(s.ptr, rs, cs, rows, cols, ptr);
  quadPacks.count++;
  r.quads = { ptr, bytes, at: s.ptr, rs, cs, rows, cols };
  return { ptr, rs: 0, cs: 0, sb: 0, temp: 0 };
}

// ------------------------------------------------------------------ the product

/** Copy the upper triangle of the n×n matrix at f64[at..] onto its lower one, in cache-sized blocks. */
function mirrorUpper(f64: Float64Array, at: number, n: number): void {
  const B = 32;
  for (let i0 = 0; i0 < n; i0 += B) {
    for (let j0 = 0; j0 <= i0; j0 += B) {
      const i1 = Math.min(n, i0 + B), j1 = Math.min(n, j0 + B);
      for (let i = i0; i < i1; i++) {
        const row = at + i * n;
        for (let j = j0; j < j1 && j < i; j++) f64[row + j] = f64[at + j * n + i];
      }
    }
  }
}

/**
 * C (row-major m×n, contiguous, written from cOff) = A (m×k view) · B (k×n view), for
 * `batch` products at once: item b uses A.off + b·sa, B.off + b·sb and C from cOff + b·m·n
 * (sa = 0 broadcasts A). Returns false when the WebAssembly kernels are unavailable.
 */
export function wasmGemm(
  A: MatrixView, B: MatrixView, C: Float64Array, cOff: number, m: number, k: number, n: number,
  batch = 1, sa = 0, sb = 0, threads?: number,
): boolean {
  const rt = getRuntime();
  if (!rt) return false;
  if (m === 0 || n === 0 || batch === 0) return true;
  if (k === 0) {
    C.fill(0, cOff, cOff + batch * m * n);
    return true;
  }
  if (batch > 1 && (n === 1 || m === 1)) {
    // vector products: one job each
    for (let b = 0; b < batch; b++) {
      wasmGemm({ ...A, off: A.off + b * sa }, { ...B, off: B.off + b * sb }, C, cOff + b * m * n, m, k, n, 1, 0, 0, threads);
    }
    return true;
  }
  // a row vector times a matrix is the transposed matrix-vector product: Cᵀ = Bᵀ·Aᵀ
  if (m === 1 && n > 1) {
    return wasmGemm({ ...B, rs: B.cs, cs: B.rs }, { ...A, rs: A.cs, cs: A.rs }, C, cOff, n, k, 1, 1, 0, 0, threads);
  }
  const macs = batch * m * n * k;
  const maxThreads = threads ?? threadCount();
  const parallelMin = n === 1 ? GEMV_PARALLEL_MIN : PARALLEL_MIN;
  const helpers = maxThreads > 1 && macs >= parallelMin ? readyWorkers(rt) : 0;
  const nthreads = Math.min(maxThreads, 1 + helpers);
  const temps: number[] = [];
  const J = JOB_ADDR >> 2;
  const heap = rt.heap;
  try {
    let mode: number;
    let a: Staged, b: Staged;
    let tileM = 0, tileN = 0, tileK = 0, tilesM = 0, tilesN = 0, ntiles = 0, partial = 0, tailRows = 0;
    // rows of C allocated (a matrix-vector product's y padded to whole row quads or pairs)
    let mPad = m;
    let quads: Staged | null = null;
    if (n === 1) {
      // the matrix packed in row quads: its rows (y = A·x by rows), or, when its columns are
      // the contiguous ones, its columns (y = Σ x[p]·A[:, p], split along k into partials)
      const plain = stage(rt, A, m, k);
      if (A.rs === 1 && A.cs !== 1) {
        mode = MODE_GEMV_COLS;
        quads = stageQuads(rt, plain, plain.cs, plain.rs, k, m);
        b = stageVector(rt, B, k, B.rs, Math.ceil(k / 4) * 4);
        tileK = Math.ceil(Math.max(16, k / KSPLIT_TILES) / 4) * 4;
        ntiles = Math.ceil(k / tileK);
        mPad = Math.ceil(m / 2) * 2;
        partial = mPad;
      } else {
        mode = MODE_GEMV_ROWS;
        quads = stageQuads(rt, plain, plain.rs, plain.cs, m, k);
        b = stageVector(rt, B, k, B.rs, Math.ceil(k / 2) * 2);
        tileM = gemvRowTile(m, nthreads);
        ntiles = Math.ceil(m / tileM);
        mPad = Math.ceil(m / 4) * 4;
      }
      a = quads ?? plain;
    } else {
      a = stage(rt, A, m, k, batch, sa);
      b = stage(rt, B, k, n, batch, sb);
      const blocks = Math.ceil(m / MR) * Math.ceil(n / NR);
      // a small output (under 32 blocks of 4×4) over a long k: split k, on one thread too, so
      // that the doubles do not depend on the thread count
      if (batch === 1 && blocks < 32 && k >= 4 * KC) {
        mode = MODE_KSPLIT;
        tileK = KC * Math.max(1, Math.ceil(k / KC / KSPLIT_TILES));
        ntiles = Math.ceil(k / tileK);
        partial = m * n;
      } else {
        mode = MODE_TILES;
        tileM = m <= MC ? m : MC;
        tilesM = Math.ceil(m / tileM);
        tileN = Math.min(NCMAX, Math.ceil(n / NR) * NR);
        if (nthreads > 1 && batch * tilesM * Math.ceil(n / tileN) < 8 * nthreads) {
          const want = Math.ceil((8 * nthreads) / (batch * tilesM));
          tileN = Math.max(NR * 4, Math.ceil(n / want / NR) * NR);
        }
        tilesN = Math.ceil(n / tileN);
        ntiles = batch * tilesM * tilesN;
        // (B is then packed once, below, so shorter tiles pack nothing more)
        if (nthreads > 1 && batch === 1 && tilesM > 2 * TAIL_ROWS) {
          tailRows = TAIL_ROWS;
          ntiles += tailRows * tilesN * (TAIL_PARTS - 1);
        }
      }
    }
    for (const s of [a, b]) if (s.temp) temps.push(s.temp);
    const cLen = batch * m * n;
    const cPtr = heap.alloc(batch * mPad * n * 8);
    temps.push(cPtr);
    // packing buffers for the blocked modes; every mode stores C (the split ones from their partials)
    // (a matrix-vector product on a plain operand packs one row quad at a time)
    const gemv = mode === MODE_GEMV_ROWS || mode === MODE_GEMV_COLS;
    const scratchDoubles = gemv ? (quads ? 0 : 8 * Math.ceil((mode === MODE_GEMV_ROWS ? k : m) / 2)) : MC * KC + KC * NCMAX + 16;
    const stride = Math.ceil(scratchDoubles / 2) * 16;
    const scratch = heap.alloc(stride * nthreads);
    temps.push(scratch);
    const parts = partial ? heap.alloc(ntiles * partial * 8) : 0;
    if (parts) temps.push(parts);
    const I = heap.i32;
    I[J + J_MODE] = mode; I[J + J_M] = mode === MODE_GEMV_COLS ? mPad : m; I[J + J_N] = n; I[J + J_K] = k;
    I[J + J_A] = a.ptr; I[J + J_RSA] = a.rs; I[J + J_CSA] = a.cs;
    I[J + J_B] = b.ptr; I[J + J_RSB] = b.rs; I[J + J_CSB] = b.cs;
    I[J + J_C] = cPtr; I[J + J_LDC] = n;
    I[J + J_TILEM] = tileM; I[J + J_TILEN] = tileN; I[J + J_TILEK] = tileK;
    I[J + J_TILESM] = tilesM; I[J + J_TILESN] = tilesN; I[J + J_NTILES] = ntiles;
    I[J + J_SCRATCH] = scratch; I[J + J_SCRATCH_STRIDE] = stride; I[J + J_NCMAX] = NCMAX;
    I[J + J_BATCH] = batch; I[J + J_SBA] = a.sb; I[J + J_SBB] = b.sb; I[J + J_SBC] = m * n;
    I[J + J_BPACKED] = 0;
    I[J + J_PACKTILES] = 0;
    I[J + J_PACKDONE] = 0;
    I[J + J_TAILROWS] = tailRows;
    I[J + J_QUADS] = quads ? 1 : 0;
    I[J + J_QCOLS] = m;
    I[J + J_PARTS] = parts;
    I[J + J_NEXT] = 0;
    // AᵀA (A the transpose view of B's own storage): symmetric, so only the upper part is
    // computed, about half the work (a Gram matrix, a Hessian 2XᵀX); mirrored below
    const symm = mode === MODE_TILES && batch === 1 && m === n && A.data === B.data && A.off === B.off && A.rs === B.cs && A.cs === B.rs;
    I[J + J_SYMM] = symm ? 1 : 0;
    if (mode === MODE_TILES && batch === 1 && tilesM > 1) {
      // several row tiles would each pack the same B: pack it once, shared by all threads, in
      // the job's first tiles (KC-deep blocks of PACK_COLS columns), which the product's wait for
      const packed = heap.alloc(Math.ceil(k / KC) * KC * Math.ceil(n / NR) * NR * 8);
      temps.push(packed);
      const packTiles = Math.ceil(k / KC) * Math.ceil(n / PACK_COLS);
      const I2 = heap.i32; // alloc may have grown the memory
      I2[J + J_BPACKED] = packed;
      I2[J + J_PACKTILES] = packTiles;
      I2[J + J_NTILES] = ntiles + packTiles;
    }
    runJob(rt, nthreads > 1);
    lastProduct.mode = symm ? "symmetric" : MODE_NAMES[mode];
    if (symm) mirrorUpper(heap.f64, cPtr >> 3, n);
    lastProduct.threads = nthreads;
    lastProduct.tiles = ntiles;
    lastProduct.resident = (a.temp ? 0 : 1) + (b.temp ? 0 : 1);
    if (parts) rt.exports.reduce_tiles(JOB_ADDR);
    C.set(heap.f64.subarray(cPtr >> 3, (cPtr >> 3) + cLen), cOff);
  } finally {
    for (const t of temps) heap.release(t);
    unpinAll();
  }
  return true;
}

/**
 * im2col (torch.nn.functional.unfold) in WebAssembly: writes the columns [N, C·kh·kw, oh·ow]
 * into `out` and keeps the wasm copy resident for `key` (the new tensor's storage), so the
 * matrix product that follows (conv2d) and its backward need no copy of their own.
 * Returns false when the kernels are unavailable or the columns are too small to bother.
 */
export function wasmUnfold(
  img: ArrayLike<number>, out: Float64Array, key: object, version: number,
  N: number, C: number, H: number, W: number, kh: number, kw: number, sh: number, sw: number, ph: number, pw: number, oh: number, ow: number,
): boolean {
  const rt = getRuntime();
  const len = out.length;
  if (!rt || len < CACHE_MIN || cacheBudget < len * 8) return false;
  const heap = rt.heap;
  const inLen = N * C * H * W;
  evict(rt, len * 8);
  const ptr = heap.alloc(len * 8);
  const src = heap.alloc(inLen * 8);
  try {
    copyIn(rt, img, 0, inLen, src);
    rt.exports.im2col(src, ptr, N, C, H, W, kh, kw, sh, sw, ph, pw, oh, ow);
    out.set(heap.f64.subarray(ptr >> 3, (ptr >> 3) + len));
    const entry: Resident = { ptr, start: 0, len, version, used: ++clock, uses: 0, evicted: false, pinned: false };
    residents.set(key, entry);
    lru.push(entry);
  } finally {
    heap.release(src);
  }
  return true;
}

/** What the WebAssembly kernels run with: variant, threads, memory in use. */
export function wasmInfo(): { variant: string; threads: number; memoryMB: number; residentMB: number } | null {
  const rt = getRuntime();
  if (!rt) return null;
  return {
    variant: rt.variant,
    threads: threadCount(),
    memoryMB: rt.memory.buffer.byteLength / 2 ** 20,
    residentMB: residentBytes() / 2 ** 20,
  };
}
