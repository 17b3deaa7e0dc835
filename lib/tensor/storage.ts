import { TypedArray } from "./dtype";

/**
 * The memory behind one or more tensors (views share it), with the version counter
 * that lets backward detect in-place changes to saved tensors, as PyTorch's `_version`.
 */
export class Storage {
  version = 0;
  constructor(public readonly data: TypedArray) {}
}
