/**
 * Data (exported as `data`): DataLoader and TensorDataset, MNIST digits, Iris and
 * synthetic blobs.
 * @example
 * import { data } from "gradlab";
 * const { train } = data.mnist({ train: 1000, test: 0 });
 * const loader = new data.DataLoader(new data.TensorDataset(train.images, train.labels), { batchSize: 100, shuffle: true });
 */
export { DataLoader, TensorDataset } from "./loader";
export type { Dataset, DataLoaderOptions } from "./loader";
export { mnist } from "./mnist";
export type { MnistSplit, MnistOptions } from "./mnist";
export { iris, twoBlobs } from "./small";
export type { BlobsOptions } from "./small";
