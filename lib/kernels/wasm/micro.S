/*
 * The 4×4 micro-kernel of gemm.c, written in WebAssembly text by hand:
 *   C[0:4, 0:4] (+)= Ap (4 × kc, packed by depth) · Bp (kc × 4, packed by depth)
 * with eight f64x2 accumulators, c_r,j += a_r · b_j over p = 0 … kc−1 in order, exactly
 * the arithmetic of the C loop it replaces (so results do not change).
 *
 * Why by hand. Inlined into gemm.c's `block`, clang's loop left V8 short of registers:
 * the loop counter and two base pointers went to the stack and were reloaded every few
 * steps (seen in --print-wasm-code), about 20 x64 instructions a depth step against the
 * 14 that do the work (6 loads, 8 fused multiply-adds). Here the kernel is its own small
 * function, unrolled eight times:
 *   - B's loads use constant offsets from a pointer bumped once a turn (V8 folds the
 *     offset into the x64 load);
 *   - A's four splat loads always use offsets 0, 8, 16, 24 from a pointer bumped every
 *     step: V8 cannot fold an offset into a splat load, so it keeps mem + 8/16/24 in three
 *     registers, which more distinct offsets would exhaust;
 *   - every step but the last ends with the exit test (a == end). Besides ending odd
 *     depths, the branch keeps V8 from hoisting the next step's loads above this step's
 *     multiply-adds: one block of several steps had all loads first and spilled.
 * That is 17 instructions a step (perf stat and --print-wasm-code here). A whole 1024
 * product on one thread ran 9–13% faster, 512 about 3% (interleaved in one process).
 *
 * Assembled by clang (the C preprocessor runs first) with gemm.c into one module: see
 * scripts/build-wasm.sh. With RELAXED each step is f64x2.relaxed_madd (fused), otherwise
 * a multiply then an add, as MADD in gemm.c.
 */
#include "asm.h"
#ifdef RELAXED
#define MADD(X, B, S) local.get X; local.get B; local.get S; f64x2.relaxed_madd; local.set S
#else
#define MADD(X, B, S) local.get X; local.get B; f64x2.mul; local.get S; f64x2.add; local.set S
#endif
/*
 * One depth step. Locals: 1 a (this step's four A values), 2 b (this turn's B), 6–13 the
 * accumulators (row r in 6+2r, 7+2r), 14 and 15 the step's B pair (columns 0–1, 2–3),
 * 16 the splat of one A value. B_LO and B_HI: the step's byte offsets in this turn's B.
 */
#define STEP(B_LO, B_HI) \
  local.get 2; v128.load B_LO:p2align=3; local.set 14; local.get 2; v128.load B_HI:p2align=3; local.set 15; \
  local.get 1; v128.load64_splat 0:p2align=3; local.set 16; MADD(16, 14, 6); MADD(16, 15, 7); \
  local.get 1; v128.load64_splat 8:p2align=3; local.set 16; MADD(16, 14, 8); MADD(16, 15, 9); \
  local.get 1; v128.load64_splat 16:p2align=3; local.set 16; MADD(16, 14, 10); MADD(16, 15, 11); \
  local.get 1; v128.load64_splat 24:p2align=3; local.set 16; MADD(16, 14, 12); MADD(16, 15, 13)
/* a += 32 (the next step's A), leaving a == end (local 17) on the stack */
#define NEXT_A(CMP) local.get 1; i32.const 32; i32.add; local.tee 1; local.get 17; CMP
/* a step that may be the last: leave the loop (and the block around it) when a reaches the end */
#define STEP_OR_EXIT(B_LO, B_HI) STEP(B_LO, B_HI); NEXT_A(i32.eq); br_if 1
/* row r of C: stored (FIRST) or added to, then the pointer moves to the next row */
#define STORE_ROW(S0, S1) \
  local.get 3; local.get S0; v128.store 0:p2align=3; local.get 3; local.get S1; v128.store 16:p2align=3; \
  local.get 3; local.get 4; i32.add; local.set 3
#define ADD_ROW(S0, S1) \
  local.get 3; local.get 3; v128.load 0:p2align=3; local.get S0; f64x2.add; v128.store 0:p2align=3; \
  local.get 3; local.get 3; v128.load 16:p2align=3; local.get S1; f64x2.add; v128.store 16:p2align=3; \
  local.get 3; local.get 4; i32.add; local.set 3

	.text

/*
 * micro4x4(kc, a, b, c, ldc, first): the 4×4 tile at c (rows ldc bytes apart) is set to
 * (first ≠ 0) or incremented by Ap·Bp, Ap at a (4 doubles per depth step) and Bp at b
 * (4 doubles per depth step), kc ≥ 0 steps.
 * Locals: 6–13 accumulators, 14–15 B pair, 16 A splat, 17 end of A.
 */
	FUNCTION(micro4x4)
	.functype micro4x4 (i32, i32, i32, i32, i32, i32) -> ()
	.local v128, v128, v128, v128, v128, v128, v128, v128, v128, v128, v128, i32
	v128.const 0, 0, 0, 0; local.tee 6; local.tee 7; local.tee 8; local.tee 9; local.tee 10; local.tee 11; local.tee 12; local.set 13
	local.get 1; local.get 0; i32.const 5; i32.shl; i32.add; local.set 17
	block
	  local.get 0; i32.eqz; br_if 0
	  loop
	    STEP_OR_EXIT(0, 16)
	    STEP_OR_EXIT(32, 48)
	    STEP_OR_EXIT(64, 80)
	    STEP_OR_EXIT(96, 112)
	    STEP_OR_EXIT(128, 144)
	    STEP_OR_EXIT(160, 176)
	    STEP_OR_EXIT(192, 208)
	    STEP(224, 240)
	    NEXT_A(i32.ne)
	    local.get 2; i32.const 256; i32.add; local.set 2
	    br_if 0
	  end_loop
	end_block
	block
	  local.get 5; i32.eqz; br_if 0
	  STORE_ROW(6, 7); STORE_ROW(8, 9); STORE_ROW(10, 11); STORE_ROW(12, 13)
	  return
	end_block
	ADD_ROW(6, 7); ADD_ROW(8, 9); ADD_ROW(10, 11); ADD_ROW(12, 13)
	end_function
