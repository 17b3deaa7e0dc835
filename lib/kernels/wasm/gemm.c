/*
 * float64 GEMM and GEMV for gradlab, compiled to WebAssembly SIMD (see
 * scripts/build-wasm.sh). C += A·B with arbitrary row/column strides for A and B.
 *
 * Goto-style blocking: a KC-deep slice of A is packed into MR-row panels (MC rows at a
 * time, kept in L2), a slice of B into NR-column panels; the 4×4 micro-kernel (micro.S,
 * written by hand) keeps 8 f64x2 accumulators in registers (V8 spills more). With
 * -DRELAXED each step is a fused multiply-add (f64x2.relaxed_madd); otherwise a multiply
 * then an add.
 *
 * Threads: every worker instantiates this module on one shared memory. Work is split
 * into tiles handed out by an atomic counter in the job record (an int32 array whose
 * fields are the J_* indices below, mirrored in lib/kernels/wasm-gemm.ts). No static
 * data, no stack: per-thread scratch space is passed in by the caller.
 */
#include <wasm_simd128.h>

#define MR 4
#define NR 4
#define KC 256
#define MC 64
/* columns per tile when B is packed once by the job's first tiles (a multiple of NR) */
#define PACK_COLS 128
/* shorter tiles per tile of the last row stripes (J_TAILROWS) */
#define TAIL_PARTS 4

#ifdef RELAXED
#define MADD(a, b, c) wasm_f64x2_relaxed_madd(a, b, c)
#else
#define MADD(a, b, c) wasm_f64x2_add(wasm_f64x2_mul(a, b), c)
#endif

/* job record fields (int32 indices) */
enum {
  J_STATE, J_DONE, J_NEXT, J_MODE, J_M, J_N, J_K,
  J_A, J_RSA, J_CSA, J_B, J_RSB, J_CSB, J_C, J_LDC,
  J_TILEM, J_TILEN, J_TILEK, J_TILESM, J_TILESN, J_NTILES,
  J_SCRATCH, J_SCRATCH_STRIDE, J_NCMAX,
  /* batched TILES mode: products per job and the element strides between them */
  J_BATCH, J_SBA, J_SBB, J_SBC,
  /* B packed once for all tiles (0: each tile packs its own) */
  J_BPACKED,
  /* convolution modes: geometry of x [N, C, H, W] and the kernel, the image and the other operand */
  J_CN, J_CC, J_CH, J_CW, J_CKH, J_CKW, J_CSH, J_CSW, J_CPH, J_CPW, J_COH, J_COW, J_CX, J_CY,
  /* TILES mode with A = Bᵀ: C is symmetric, only its upper part is computed (the caller mirrors it) */
  J_SYMM,
  /* forward convolution: the bias [O] added to each output channel (0: none) */
  J_CBIAS,
  /* k-split, column GEMV and convolution weight-gradient modes: one m×n partial per tile, tile t's
     at J_PARTS + t·m·n doubles, summed in tile order (so the result does not depend on which
     thread took which tile) */
  J_PARTS,
  /* TILES mode with B packed once (J_BPACKED): the first J_PACKTILES tiles pack it, each a KC-deep
     block of PACK_COLS columns, and count themselves done in J_PACKDONE; the product's tiles start
     when all are done (0 pack tiles: B was packed before the job, or each tile packs its own) */
  J_PACKTILES, J_PACKDONE,
  /* non-batched TILES mode with B packed once: the last J_TAILROWS row stripes are cut into tiles
     TAIL_PARTS times shorter, so that the threads run out of work together (the same doubles: a
     tile's shape does not change how an element is summed) */
  J_TAILROWS,
  /* GEMV modes: A is packed in row quads (1), or plain with strides J_RSA, J_CSA (0), each
     quad then packed into the thread's scratch just before its use; J_QCOLS: the plain
     column form's m before padding */
  J_QUADS, J_QCOLS
};

/* modes */
enum { MODE_TILES = 0, MODE_KSPLIT = 1, MODE_GEMV_ROWS = 2, MODE_GEMV_COLS = 3, MODE_CONV_FWD = 4, MODE_CONV_WGRAD = 5, MODE_CONV_IGRAD = 6,
       /* elementwise maps y[i] = f(x[i]) over tiles of TILEK elements (vmath.c) */
       MODE_EXP = 7, MODE_SIGMOID = 8, MODE_LOG = 9,
       /* and z[i] = f(x[i], y[i]), y at J_B */
       MODE_BCE = 10 };

/* Where a convolution's columns start in a thread's scratch, after the packing buffers. */
#define COLS_SPACE(J, scratch) ((scratch) + MC * KC + KC * (J)[J_NCMAX] + 16)
/* Tile t's own m×n partial (k-split, column GEMV, convolution weight gradient). */
#define TILE_PART(J, t) ((double *)(J)[J_PARTS] + (t) * (J)[J_M] * (J)[J_N])

/* Pack rows [0, mc) × depth [0, kc) of A into MR-row panels, zero-padding the last. */
static void pack_a(const double *A, int rs, int cs, int mc, int kc, double *dst) {
  for (int i = 0; i < mc; i += MR) {
    int rows = mc - i < MR ? mc - i : MR;
    const double *a = A + i * rs;
    if (rows == MR && cs == 1) {
      const double *a0 = a, *a1 = a + rs, *a2 = a + 2 * rs, *a3 = a + 3 * rs;
      for (int p = 0; p < kc; p++) {
        dst[0] = a0[p]; dst[1] = a1[p]; dst[2] = a2[p]; dst[3] = a3[p];
        dst += MR;
      }
    } else if (rows == MR && rs == 1) {
      for (int p = 0; p < kc; p++) {
        wasm_v128_store(dst, wasm_v128_load(a + p * cs));
        wasm_v128_store(dst + 2, wasm_v128_load(a + p * cs + 2));
        dst += MR;
      }
    } else {
      for (int p = 0; p < kc; p++) {
        for (int r = 0; r < MR; r++) dst[r] = r < rows ? a[r * rs + p * cs] : 0.0;
        dst += MR;
      }
    }
  }
}

/* Pack depth [0, kc) × columns [0, nc) of B into NR-column panels, zero-padding the last. */
static void pack_b(const double *B, int rs, int cs, int kc, int nc, double *dst) {
  for (int j = 0; j < nc; j += NR) {
    int cols = nc - j < NR ? nc - j : NR;
    const double *b = B + j * cs;
    if (cols == NR && cs == 1) {
      for (int p = 0; p < kc; p++) {
        wasm_v128_store(dst, wasm_v128_load(b + p * rs));
        wasm_v128_store(dst + 2, wasm_v128_load(b + p * rs + 2));
        dst += NR;
      }
    } else if (cols == NR && rs == 1) {
      const double *b0 = b, *b1 = b + cs, *b2 = b + 2 * cs, *b3 = b + 3 * cs;
      for (int p = 0; p < kc; p++) {
        dst[0] = b0[p]; dst[1] = b1[p]; dst[2] = b2[p]; dst[3] = b3[p];
        dst += NR;
      }
    } else {
      for (int p = 0; p < kc; p++) {
        for (int c = 0; c < NR; c++) dst[c] = c < cols ? b[p * rs + c * cs] : 0.0;
        dst += NR;
      }
    }
  }
}

/* the 4×4 micro-kernel, in micro.S: C (rows ldc_bytes apart) = (first) or += Ap(MR×kc) · Bp(kc×NR) */
extern void micro4x4(int kc, const double *a, const double *b, double *C, int ldc_bytes, int first);

/* C[0:rows, 0:cols] (+)= Ap(MR×kc) · Bp(kc×NR): stored when `first`, else added; tmp holds an edge tile (16 doubles). */
static void micro(int kc, const double *a, const double *b, double *C, int ldc, int rows, int cols, double *tmp, int first) {
  if (rows == MR && cols == NR) {
    micro4x4(kc, a, b, C, ldc * 8, first);
    return;
  }
  micro4x4(kc, a, b, tmp, NR * 8, 1);
  if (first)
    for (int i = 0; i < rows; i++)
      for (int j = 0; j < cols; j++) C[i * ldc + j] = tmp[i * NR + j];
  else
    for (int i = 0; i < rows; i++)
      for (int j = 0; j < cols; j++) C[i * ldc + j] += tmp[i * NR + j];
}

/* C[0:mc, 0:nc] += packed A (mc×kc) · packed B (kc×nc). */
static void macro(int mc, int nc, int kc, const double *Ap, const double *Bp, double *C, int ldc, double *tmp, int first) {
  for (int j = 0; j < nc; j += NR) {
    int cols = nc - j < NR ? nc - j : NR;
    const double *b = Bp + j * kc;
    for (int i = 0; i < mc; i += MR) {
      int rows = mc - i < MR ? mc - i : MR;
      micro(kc, Ap + i * kc, b, C + i * ldc + j, ldc, rows, cols, tmp, first);
    }
  }
}

static void pack_b_image(int *J, const double *img, const int *offs, int pc, int kc, int jc, int nc, double *dst);
static void pack_b_tile(int *J, int p);

/*
 * C[i0:i1, j0:j1] (+)= A[i0:i1, p0:p1] · B[p0:p1, j0:j1], blocked and packed; with `store`
 * the first depth block overwrites C (no need to clear it), else everything is added.
 * With `offs`, B is an image's im2col columns, packed straight from the image (pack_b_image).
 */
static void block(int *J, const double *A, const double *B, double *scratch, double *C, int ldc, int i0, int i1, int j0, int j1, int p0, int p1, int store,
                  const int *offs) {
  int rsA = J[J_RSA], csA = J[J_CSA], rsB = J[J_RSB], csB = J[J_CSB], ncmax = J[J_NCMAX];
  double *Ap = scratch, *Bp = scratch + MC * KC, *tmp = Bp + KC * ncmax;
  const double *shared = (const double *)J[J_BPACKED];
  int npad = (J[J_N] + NR - 1) / NR * NR;
  for (int jc = j0; jc < j1; jc += ncmax) {
    int nc = j1 - jc < ncmax ? j1 - jc : ncmax;
    for (int pc = p0; pc < p1; pc += KC) {
      int kc = p1 - pc < KC ? p1 - pc : KC;
      if (offs) pack_b_image(J, B, offs, pc, kc, jc, nc, Bp);
      else if (shared) Bp = (double *)shared + pc * npad + jc * kc;
      else pack_b(B + pc * rsB + jc * csB, rsB, csB, kc, nc, Bp);
      for (int ic = i0; ic < i1; ic += MC) {
        int mc = i1 - ic < MC ? i1 - ic : MC;
        pack_a(A + ic * rsA + pc * csA, rsA, csA, mc, kc, Ap);
        macro(mc, nc, kc, Ap, Bp, C + (ic - i0) * ldc + (jc - j0), ldc, tmp, store && pc == p0);
      }
    }
  }
}

/* the two GEMV loops, in gemv.S, over a matrix packed in row quads (pack_quads) */
extern void quad_rows(const double *P, const double *x, double *y, int groups, int pairs);
extern void quad_cols(const double *P, const double *x, double *y, int groups, int pairs);

/* Doubles from one row quad to the next in a matrix of `cols` columns packed by pack_quads. */
#define QUAD_DOUBLES(cols) (((cols) + 1) / 2 * 8)

/*
 * Pack R (rows × cols, element (i, j) at R[i·rs + j·cs]) in row quads for the GEMV loops:
 * for each group of four rows, for each pair of columns, the four rows' two elements (64
 * bytes), rows past the last and the column past an odd last one zero. One sequential
 * stream then feeds a product, through one pointer (gemv.S).
 */
__attribute__((export_name("pack_quads")))
void pack_quads(const double *R, int rs, int cs, int rows, int cols, double *P) {
  static const double zeros[2] = {0.0, 0.0};
  int pairs = cols / 2;
  for (int i0 = 0; i0 < rows; i0 += 4) {
    if (cs == 1 && i0 + 4 <= rows) {
      /* the common case: four whole rows of contiguous elements, copied a pair at a time */
      const double *r0 = R + i0 * rs, *r1 = r0 + rs, *r2 = r1 + rs, *r3 = r2 + rs;
      for (int q = 0; q < pairs; q++, P += 8) {
        wasm_v128_store(P, wasm_v128_load(r0 + 2 * q));
        wasm_v128_store(P + 2, wasm_v128_load(r1 + 2 * q));
        wasm_v128_store(P + 4, wasm_v128_load(r2 + 2 * q));
        wasm_v128_store(P + 6, wasm_v128_load(r3 + 2 * q));
      }
    } else {
      for (int q = 0; q < pairs; q++, P += 8)
        for (int r = 0; r < 4; r++) {
          const double *row = i0 + r < rows ? R + (i0 + r) * rs + 2 * q * cs : zeros;
          int step = i0 + r < rows ? cs : 1;
          wasm_v128_store(P + 2 * r, wasm_f64x2_make(row[0], row[step]));
        }
    }
    if (cols & 1) {
      for (int r = 0; r < 4; r++) {
        P[2 * r] = i0 + r < rows ? R[(i0 + r) * rs + (cols - 1) * cs] : 0.0;
        P[2 * r + 1] = 0.0;
      }
      P += 8;
    }
  }
}

static void zero(double *d, int n) {
  for (int i = 0; i < n; i++) d[i] = 0.0;
}

/*
 * Columns of one image (im2col) or their transpose (col2im, adding into the image):
 * cols[(c·kh + i)·kw + j][y·ow + x] <-> img[c][y·sh - ph + i][x·sw - pw + j], zero in the padding.
 */
static void im2col_img(const double *img, double *cols, double *gimg, int C, int H, int W, int kh, int kw,
                       int sh, int sw, int ph, int pw, int oh, int ow) {
  int L = oh * ow;
  for (int c = 0; c < C; c++) {
    for (int i = 0; i < kh; i++) {
      for (int j = 0; j < kw; j++) {
        double *col = cols + ((c * kh + i) * kw + j) * L;
        int x0 = 0;
        while (x0 < ow && x0 * sw - pw + j < 0) x0++;
        int x1 = ow;
        while (x1 > x0 && (x1 - 1) * sw - pw + j >= W) x1--;
        for (int y = 0; y < oh; y++) {
          int iy = y * sh - ph + i;
          double *out = col + y * ow;
          int inside = iy >= 0 && iy < H && x1 > x0;
          if (gimg) {
            if (!inside) continue;
            double *dst = gimg + (c * H + iy) * W - pw + j;
            if (sw == 1) for (int x = x0; x < x1; x++) dst[x] += out[x];
            else for (int x = x0; x < x1; x++) dst[x * sw] += out[x];
            continue;
          }
          if (!inside) {
            for (int x = 0; x < ow; x++) out[x] = 0.0;
            continue;
          }
          for (int x = 0; x < x0; x++) out[x] = 0.0;
          const double *src = img + (c * H + iy) * W - pw + j;
          if (sw == 1) for (int x = x0; x < x1; x++) out[x] = src[x];
          else for (int x = x0; x < x1; x++) out[x] = src[x * sw];
          for (int x = x1; x < ow; x++) out[x] = 0.0;
        }
      }
    }
  }
}

/*
 * Packing the columns of a stride-1, unpadded convolution straight from the image, with
 * no im2col: column row p = (c·kh + i)·kw + j of the columns starts at offs[p] = (c·H + i)·W + j
 * in the image, and column l = y·ow + x at y·W + x from there. The panels hold the same
 * doubles pack_b makes from the columns (so results do not change); the columns themselves
 * (a quarter of a megabyte an image for the UFLDL layer) are never written.
 */
static void image_offsets(int *J, int *offs) {
  int C = J[J_CC], H = J[J_CH], W = J[J_CW], kh = J[J_CKH], kw = J[J_CKW];
  for (int c = 0; c < C; c++)
    for (int i = 0; i < kh; i++)
      for (int j = 0; j < kw; j++) *offs++ = (c * H + i) * W + j;
}

/*
 * Rows [pc, pc+kc) × columns [jc, jc+nc) of B into NR-column panels, as pack_b, where B is
 * the columns of the image (forward: B[p][l]) or their transpose (weight gradient: B[l][p]).
 */
static void pack_b_image(int *J, const double *img, const int *offs, int pc, int kc, int jc, int nc, double *dst) {
  int W = J[J_CW], ow = J[J_COW];
  if (J[J_MODE] == MODE_CONV_FWD) {
    for (int j = 0; j < nc; j += NR) {
      int cols = nc - j < NR ? nc - j : NR, l = jc + j, x = l % ow;
      const double *at = img + l / ow * W + x;
      if (cols == NR && x + NR <= ow) {
        /* four positions along one output row: four neighbours in the image */
        for (int p = 0; p < kc; p++) {
          const double *s = at + offs[pc + p];
          wasm_v128_store(dst, wasm_v128_load(s));
          wasm_v128_store(dst + 2, wasm_v128_load(s + 2));
          dst += NR;
        }
      } else {
        for (int p = 0; p < kc; p++) {
          for (int c = 0; c < NR; c++) dst[c] = c < cols ? img[offs[pc + p] + (l + c) / ow * W + (l + c) % ow] : 0.0;
          dst += NR;
        }
      }
    }
    return;
  }
  for (int j = 0; j < nc; j += NR) {
    int cols = nc - j < NR ? nc - j : NR;
    const int *o = offs + jc + j;
    const double *row = img + pc / ow * W;
    int x = pc % ow;
    for (int q = 0; q < kc; q++) {
      const double *s = row + x;
      if (cols == NR) {
        dst[0] = s[o[0]]; dst[1] = s[o[1]]; dst[2] = s[o[2]]; dst[3] = s[o[3]];
      } else {
        for (int c = 0; c < NR; c++) dst[c] = c < cols ? s[o[c]] : 0.0;
      }
      dst += NR;
      if (++x == ow) { x = 0; row += W; }
    }
  }
}

/* im2col_img with the geometry of the job record. */
static void im2col_one(int *J, const double *img, double *cols, double *gimg) {
  im2col_img(img, cols, gimg, J[J_CC], J[J_CH], J[J_CW], J[J_CKH], J[J_CKW], J[J_CSH], J[J_CSW], J[J_CPH], J[J_CPW], J[J_COH], J[J_COW]);
}

/*
 * One image of a convolution job (K = C·kh·kw, L = oh·ow; the columns of the image live in
 * the thread's scratch, never in full for the batch):
 *   forward  y[n] (O×L)  = w (O×K) · cols(x[n])                (A = w, C = y)
 *   weight   dw   (O×K) += g[n] (O×L) · cols(x[n])ᵀ             (A = g, into `part`, stored for the `first` image)
 *   input    dx[n]       = col2im(wᵀ (K×O) · g[n] (O×L))        (A = w, B = g)
 */
static void conv_tile(int *J, int n, double *scratch, double *part, int first) {
  int C = J[J_CC], H = J[J_CH], W = J[J_CW], O = J[J_M];
  int K = C * J[J_CKH] * J[J_CKW], L = J[J_COH] * J[J_COW];
  int mode = J[J_MODE];
  double *cols = COLS_SPACE(J, scratch);
  const double *img = (const double *)J[J_CX] + n * C * H * W;
  /* stride 1, no padding: the forward and weight products read the columns straight from the image */
  int direct = mode != MODE_CONV_IGRAD && J[J_CSH] == 1 && J[J_CSW] == 1 && J[J_CPH] == 0 && J[J_CPW] == 0;
  int *offs = (int *)cols;
  if (direct) image_offsets(J, offs);
  if (mode == MODE_CONV_FWD) {
    double *y = (double *)J[J_C] + n * O * L;
    if (direct) block(J, (const double *)J[J_A], img, scratch, y, L, 0, O, 0, L, 0, K, 1, offs);
    else {
      im2col_one(J, img, cols, 0);
      block(J, (const double *)J[J_A], cols, scratch, y, L, 0, O, 0, L, 0, K, 1, 0);
    }
    const double *bias = (const double *)J[J_CBIAS];
    /* the bias, while this image's output is still in cache (the same double as adding it after) */
    if (bias)
      for (int o = 0; o < O; o++) {
        v128_t b = wasm_f64x2_splat(bias[o]);
        double *row = y + o * L;
        int l = 0;
        for (; l + 1 < L; l += 2) wasm_v128_store(row + l, wasm_f64x2_add(wasm_v128_load(row + l), b));
        if (l < L) row[l] += bias[o];
      }
  } else if (mode == MODE_CONV_WGRAD) {
    const double *g = (const double *)J[J_CY] + n * O * L;
    if (direct) block(J, g, img, scratch, part, K, 0, O, 0, K, 0, L, first, offs);
    else {
      im2col_one(J, img, cols, 0);
      block(J, g, cols, scratch, part, K, 0, O, 0, K, 0, L, first, 0);
    }
  } else {
    double *gimg = (double *)J[J_C] + n * C * H * W;
    block(J, (const double *)J[J_A], (const double *)J[J_CY] + n * O * L, scratch, cols, L, 0, K, 0, L, 0, O, 1, 0);
    zero(gimg, C * H * W);
    im2col_one(J, 0, cols, gimg);
  }
}

#include "vmath.c"

/* One tile of the job; tid selects the scratch space. */
static void tile(int *J, int t, int tid) {
  double *scratch = (double *)(J[J_SCRATCH] + tid * J[J_SCRATCH_STRIDE]);
  int m = J[J_M], n = J[J_N], k = J[J_K], mode = J[J_MODE];
  double *C = (double *)J[J_C];
  int ldc = J[J_LDC];
  if (mode >= MODE_EXP) {
    int i0 = t * J[J_TILEK], i1 = i0 + J[J_TILEK] < k ? i0 + J[J_TILEK] : k;
    map_tile(mode, (const double *)J[J_A] + i0, (const double *)J[J_B] + i0, C + i0, i1 - i0);
  } else if (mode == MODE_CONV_WGRAD) {
    /* a chunk of TILEK images, summed in order into the chunk's own partial (reduce_tiles adds the chunks in order) */
    int n0 = t * J[J_TILEK], n1 = n0 + J[J_TILEK] < J[J_CN] ? n0 + J[J_TILEK] : J[J_CN];
    for (int i = n0; i < n1; i++) conv_tile(J, i, scratch, TILE_PART(J, t), i == n0);
  } else if (mode >= MODE_CONV_FWD) {
    conv_tile(J, t, scratch, 0, 0);
  } else if (mode == MODE_TILES) {
    int npack = J[J_PACKTILES];
    if (t < npack) {
      pack_b_tile(J, t);
      __atomic_fetch_add(&J[J_PACKDONE], 1, __ATOMIC_SEQ_CST);
      return;
    }
    t -= npack;
    /* every pack tile was handed out before this one: wait for the last to finish */
    while (__atomic_load_n(&J[J_PACKDONE], __ATOMIC_SEQ_CST) < npack) {
    }
    int tilem = J[J_TILEM], tilen = J[J_TILEN], full = (J[J_TILESM] - J[J_TAILROWS]) * J[J_TILESN];
    int bi = 0, i0, i1, j0;
    if (J[J_TAILROWS] && t >= full) {
      /* rows part·h … of grid cell `cell` in the last row stripes, TAIL_PARTS shorter tiles a cell
         (B is packed once, so a shorter tile packs nothing more) */
      int u = t - full, cell = u / TAIL_PARTS, part = u % TAIL_PARTS;
      int h = (tilem + TAIL_PARTS * MR - 1) / (TAIL_PARTS * MR) * MR;
      int r0 = (J[J_TILESM] - J[J_TAILROWS] + cell / J[J_TILESN]) * tilem, r1 = r0 + tilem < m ? r0 + tilem : m;
      i0 = r0 + part * h;
      i1 = i0 + h < r1 ? i0 + h : r1;
      if (i0 >= i1) return;
      j0 = cell % J[J_TILESN] * tilen;
    } else {
      int per = J[J_TILESM] * J[J_TILESN];
      bi = t / per;
      t -= bi * per;
      i0 = t / J[J_TILESN] * tilem;
      i1 = i0 + tilem < m ? i0 + tilem : m;
      j0 = t % J[J_TILESN] * tilen;
    }
    int j1 = j0 + tilen < n ? j0 + tilen : n;
    const double *A = (const double *)J[J_A] + bi * J[J_SBA];
    const double *B = (const double *)J[J_B] + bi * J[J_SBB];
    C += bi * J[J_SBC];
    if (J[J_SYMM]) {
      /* columns from the tile's first row on (aligned to the packed panels): the upper part */
      int js = i0 / NR * NR;
      if (j0 < js) j0 = js;
      if (j0 >= j1) return;
    }
    block(J, A, B, scratch, C + i0 * ldc + j0, ldc, i0, i1, j0, j1, 0, k, 1, 0);
  } else if (mode == MODE_KSPLIT) {
    /* this k-chunk's product, stored into the tile's own m×n partial */
    double *part = TILE_PART(J, t);
    int p0 = t * J[J_TILEK], p1 = p0 + J[J_TILEK] < k ? p0 + J[J_TILEK] : k;
    block(J, (const double *)J[J_A], (const double *)J[J_B], scratch, part, n, 0, m, 0, n, p0, p1, 1, 0);
  } else if (mode == MODE_GEMV_ROWS) {
    /* A: m × k; tiles of TILEM rows (a multiple of four); y padded to whole quads */
    int i0 = t * J[J_TILEM], i1 = i0 + J[J_TILEM] < m ? i0 + J[J_TILEM] : m;
    const double *x = (const double *)J[J_B];
    if (J[J_QUADS]) {
      quad_rows((const double *)J[J_A] + i0 / 4 * QUAD_DOUBLES(k), x, C + i0, (i1 - i0 + 3) / 4, (k + 1) / 2);
    } else {
      /* each quad packed just before use: the same quad and loop as the kept packing, so the same doubles */
      const double *A = (const double *)J[J_A];
      for (int i = i0; i < i1; i += 4) {
        pack_quads(A + i * J[J_RSA], J[J_RSA], J[J_CSA], i1 - i < 4 ? i1 - i : 4, k, scratch);
        quad_rows(scratch, x, C + i, 1, (k + 1) / 2);
      }
    }
  } else {
    /* A: m × k, its transpose (k × m) taken by row quads (m even: padded); tiles of TILEK of
       those rows (a multiple of four), each summed into its own partial; x padded to whole quads */
    double *part = TILE_PART(J, t);
    int p0 = t * J[J_TILEK], p1 = p0 + J[J_TILEK] < k ? p0 + J[J_TILEK] : k;
    const double *x = (const double *)J[J_B];
    zero(part, m);
    if (J[J_QUADS]) {
      quad_cols((const double *)J[J_A] + p0 / 4 * QUAD_DOUBLES(m), x + p0, part, (p1 - p0 + 3) / 4, m / 2);
    } else {
      const double *A = (const double *)J[J_A];
      for (int p = p0; p < p1; p += 4) {
        pack_quads(A + p * J[J_CSA], J[J_CSA], J[J_RSA], p1 - p < 4 ? p1 - p : 4, J[J_QCOLS], scratch);
        quad_cols(scratch, x + p, part, 1, m / 2);
      }
    }
  }
}

/*
 * Pack tile p of B, packed once for all product tiles (non-batched TILES mode with several
 * row tiles): KC-deep block p / chunks, columns PACK_COLS·(p % chunks) on, where `block`
 * reads them: block pc (depth kc) starts at pc·npad and its NR-column panel j at pc·npad + j·kc.
 */
static void pack_b_tile(int *J, int p) {
  const double *B = (const double *)J[J_B];
  int rsB = J[J_RSB], csB = J[J_CSB], k = J[J_K], n = J[J_N];
  int npad = (n + NR - 1) / NR * NR, chunks = (n + PACK_COLS - 1) / PACK_COLS;
  int pc = p / chunks * KC, j0 = p % chunks * PACK_COLS;
  int kc = k - pc < KC ? k - pc : KC, nc = n - j0 < PACK_COLS ? n - j0 : PACK_COLS;
  pack_b(B + pc * rsB + j0 * csB, rsB, csB, kc, nc, (double *)J[J_BPACKED] + pc * npad + j0 * kc);
}

/* Take tiles from the job's counter until none is left. Returns how many this thread did. */
__attribute__((export_name("run")))
int run(int *J, int tid) {
  int done = 0;
  int ntiles = J[J_NTILES];
  for (;;) {
    int t = __atomic_fetch_add(&J[J_NEXT], 1, __ATOMIC_SEQ_CST);
    if (t >= ntiles) break;
    tile(J, t, tid);
    done++;
  }
  return done;
}

/* C (m×n, row stride ldc) = sum of the tiles' partials in tile order (k-split, column GEMV, convolution weight gradient). */
__attribute__((export_name("reduce_tiles")))
void reduce_tiles(int *J) {
  int m = J[J_M], n = J[J_N], ldc = J[J_LDC], ntiles = J[J_NTILES];
  double *C = (double *)J[J_C];
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) {
      double s = 0;
      for (int t = 0; t < ntiles; t++) s += TILE_PART(J, t)[i * n + j];
      C[i * ldc + j] = s;
    }
}

/*
 * im2col for a batch of images [N, C, H, W] into columns [N, C·kh·kw, oh·ow] (as
 * torch.nn.functional.unfold); positions in the padding are zero.
 */
__attribute__((export_name("im2col")))
void im2col(const double *img, double *cols, int N, int C, int H, int W, int kh, int kw,
            int sh, int sw, int ph, int pw, int oh, int ow) {
  int K = C * kh * kw, L = oh * ow;
  for (int n = 0; n < N; n++) im2col_img(img + n * C * H * W, cols + n * K * L, 0, C, H, W, kh, kw, sh, sw, ph, pw, oh, ow);
}
