/**
 * Every primitive in one place: the elementwise rows (unary.ts, binary.ts) and the
 * structural rows. The sweep test walks this table; a row without test cases fails it.
 */
import type { OpRow } from "./row";
import { unaryPrimitives, binaryPrimitives } from "./elementwise";
import { sumRow, meanRow, prodRow, extremumRow } from "./reduce";
import { reshapeRow, permuteRow, expandRow, sliceRow, sliceBackwardRow, flipRow, catRow, cloneRow } from "./movement";
import { whereRow, gatherRow, scatterAddRow } from "./gather";
import { matmulRow, invRow, detRow } from "./linalg";
import { unfoldRow, foldRow, conv2dRow, conv2dInputRow, conv2dWeightRow } from "./conv";
import { avgPoolRow, avgPoolSpreadRow } from "./pool";
import { toRow } from "./cast";

export const structuralOps = {
  sum: sumRow, mean: meanRow, prod: prodRow, extremum: extremumRow,
  reshape: reshapeRow, permute: permuteRow, expand: expandRow, slice: sliceRow, sliceBackward: sliceBackwardRow,
  flip: flipRow, cat: catRow, clone: cloneRow,
  where: whereRow, gather: gatherRow, scatterAdd: scatterAddRow,
  matmul: matmulRow, inv: invRow, det: detRow,
  unfold: unfoldRow, fold: foldRow, conv2d: conv2dRow, conv2dInput: conv2dInputRow, conv2dWeight: conv2dWeightRow, avgPool: avgPoolRow, avgPoolSpread: avgPoolSpreadRow,
  to: toRow,
} as const;

/** All primitives by name. */
export function allPrimitives(): Record<string, OpRow<any>> {
  return { ...unaryPrimitives, ...binaryPrimitives, ...structuralOps };
}
