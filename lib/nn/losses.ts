/** Loss layers (as torch.nn): each wraps the composite of lib/nn/functional.ts. */
import { Tensor } from "../tensor/tensor";
import { Module } from "./module";
import { Reduction, mseLoss, crossEntropy, nllLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits } from "./functional";

abstract class Loss extends Module {
  constructor(readonly reduction: Reduction = "mean") {
    super();
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
  override extraRepr(): string {
    return this.reduction === "mean" ? "" : `reduction=${this.reduction}`;
  }
}

/**
 * Mean squared error.
 * @example
 * new nn.MSELoss().call(tensor([1, 2]), tensor([0, 0])); // tensor(2.5000)
 */
export class MSELoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, this.reduction);
  }
}

/**
 * Cross-entropy of logits [N, C] against class indices (int32 [N]) or probabilities [N, C].
 * @example
 * new nn.CrossEntropyLoss().call(tensor([[2, 0, 0]]), tensor([0], { dtype: "int32" })); // tensor(0.2395)
 */
export class CrossEntropyLoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, this.reduction);
  }
}

/**
 * Negative log-likelihood of log-probabilities [N, C] at class indices [N].
 * @example
 * new nn.NLLLoss().call(tensor([[-0.1, -2.3]]), tensor([0], { dtype: "int32" })); // tensor(0.1000)
 */
export class NLLLoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, this.reduction);
  }
}

/**
 * Binary cross-entropy of probabilities.
 * @example
 * new nn.BCELoss().call(tensor([0.8]), tensor([1])); // tensor(0.2231)
 */
export class BCELoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, this.reduction);
  }
}

/**
 * Binary cross-entropy of logits (the sigmoid inside, computed stably).
 * @example
 * new nn.BCEWithLogitsLoss().call(tensor([0]), tensor([1])); // tensor(0.6931)
 */
export class BCEWithLogitsLoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, this.reduction);
  }
}
