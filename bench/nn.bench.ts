/**
 * nn benchmarks against the same models in PyTorch float64 (bench/py/nn_*.py), each side
 * in a fresh process per round (so peak RSS is the benchmark's own), rounds alternating
 * so both see the same machine load; medians reported.
 *
 *   conv2d-ufldl        the UFLDL conv layer, forward + backward, batch 256 (ms)
 *   cnn-epoch           one epoch of the UFLDL CNN over the 10,000 MNIST digits (s)
 *   logreg-gd           200 logistic-regression GD iterations on 10,000 × 100 (s)
 *   cnn-ufldl-accuracy  the UFLDL network trained on 8,000 digits (settings in ACC), accuracy on the other 2,000 (%)
 *
 * gradlab's side runs with the malloc settings its kernel runs with (MALLOC_ENV in
 * kernel/kernelspec.ts: large blocks are reused instead of being mapped fresh each time).
 * PyTorch is measured as it runs by default (the headline ratio) and, in the same rounds,
 * with those same settings (`referenceSameMalloc*`): they speed it up too, and a fair
 * reading gives both.
 *
 * gradlab's side is bench/nn-tasks.ts, run as plain JavaScript in a fresh process per round.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Benchmark, Measurement, python, runTask } from "./harness";
import { lib, median } from "./task-lib";
import { ufldl } from "./nn-tasks";
import { MALLOC_ENV } from "../kernel/kernelspec";

/** Two Gaussian blobs, 10,000 × 100, as the logistic-regression data both sides read. */
function logregFile(): string {
  const { data } = lib();
  const n = 10000, d = 100;
  const { X, y } = data.twoBlobs({ n, dim: d, distance: 3, seed: 0 });
  const file = path.join(os.tmpdir(), `gradlab-bench-logreg-${n}x${d}.bin`);
  fs.writeFileSync(file, Buffer.concat([Buffer.from(JSON.stringify({ n, d }) + "\n"), Buffer.from(new Float64Array(X.values()).buffer), Buffer.from(new Float64Array(y.values()).buffer)]));
  return file;
}

function child(args: string[]): Record<string, any> {
  return runTask(path.join(__dirname, "nn-tasks.ts"), args, MALLOC_ENV);
}

/**
 * Write what both sides of a CNN benchmark read: a JSON header line {train, test, epochs,
 * init} (init: the state dict of gradlab's seeded UFLDL model, which PyTorch loads too),
 * then float64 pixels, int32 labels and, for each epoch, the int32 order of the samples.
 */
function dataFile(train: number, test: number, epochs: number): string {
  const g = lib();
  const { train: tr, test: te } = g.data.mnist({ train, test, seed: 0 });
  const file = path.join(os.tmpdir(), `gradlab-bench-mnist-${train}-${test}-${epochs}.bin`);
  const pix = new Float64Array((train + test) * 784);
  pix.set(tr.images.values(), 0);
  if (test) pix.set(te.images.values(), train * 784);
  const lab = new Int32Array(train + test);
  lab.set(tr.labels.values(), 0);
  if (test) lab.set(te.labels.values(), train);
  g.manualSeed(0);
  const init = ufldl(g).stateDict();
  const gen = new g.Generator(1);
  const orders = new Int32Array(epochs * train);
  for (let e = 0; e < epochs; e++) orders.set(g.randperm(train, { generator: gen }).values(), e * train);
  const head = JSON.stringify({ train, test, epochs, init }) + "\n";
  fs.writeFileSync(file, Buffer.concat([Buffer.from(head), Buffer.from(pix.buffer), Buffer.from(lab.buffer), Buffer.from(orders.buffer)]));
  return file;
}

// ------------------------------------------------------------------ the benchmarks

/**
 * Training settings of the accuracy run. UFLDL trains 3 epochs on 60,000 digits (≈700
 * steps of 256); the package has 10,000, so 8,000 train with smaller batches and more
 * epochs: SGD lr 0.1, momentum 0.9, ×0.85 per epoch, batches of 32, 8 epochs (2,000 steps).
 */
const ACC = { epochs: 8, batch: 32, lr: 0.1, momentum: 0.9, gamma: 0.85 };

/** n interleaved rounds of both sides (five for the short benchmarks, nine for the shortest, logistic regression: this VM moves by ±30% from minute to minute). */
function rounds<T>(n: number, f: () => T): T[] {
  return Array.from({ length: n }, f);
}

export const benchmarks: Benchmark[] = [
  {
    name: "conv2d-ufldl",
    unit: "ms",
    run(): Measurement {
      type R = { ms: number; peak_rss_mb: number };
      const res = rounds(5, () => ({ ref: python<R>("nn_conv2d.py", ["2"]), same: python<R>("nn_conv2d.py", ["2"], MALLOC_ENV), ours: child(["conv2d", "2"]) }));
      const refs = res.filter((r) => r.ref).map((r) => r.ref!.ms);
      const same = res.filter((r) => r.same).map((r) => r.same!.ms);
      return {
        gradlab: median(res.map((r) => r.ours.ms)),
        reference: refs.length ? median(refs) : null,
        referenceName: "PyTorch",
        higherIsBetter: false,
        extra: {
          gradlabRounds: res.map((r) => r.ours.ms), referenceRounds: refs,
          referenceSameMallocMs: same.length ? median(same) : null, referenceSameMallocRounds: same,
          gradlabPeakRssMb: median(res.map((r) => r.ours.peak_rss_mb)), referencePeakRssMb: res[0].ref?.peak_rss_mb ?? null,
        },
      };
    },
  },
  {
    name: "cnn-epoch",
    unit: "s",
    run(): Measurement {
      const file = dataFile(10000, 0, 1);
      type R = { epoch_seconds: number[]; train_loss: number[]; peak_rss_mb: number };
      const res = rounds(2, () => ({ ref: python<R>("nn_cnn.py", [file]), same: python<R>("nn_cnn.py", [file], MALLOC_ENV), ours: child(["cnn", file]) }));
      const refs = res.filter((r) => r.ref).map((r) => r.ref!.epoch_seconds[0]);
      const same = res.filter((r) => r.same).map((r) => r.same!.epoch_seconds[0]);
      return {
        gradlab: median(res.map((r) => r.ours.epoch_seconds[0])),
        reference: refs.length ? median(refs) : null,
        referenceName: "PyTorch",
        higherIsBetter: false,
        extra: {
          gradlabRounds: res.map((r) => r.ours.epoch_seconds[0]), referenceRounds: refs,
          referenceSameMallocSeconds: same.length ? median(same) : null, referenceSameMallocRounds: same,
          gradlabPeakRssMb: median(res.map((r) => r.ours.peak_rss_mb)), referencePeakRssMb: res[0].ref?.peak_rss_mb ?? null,
          gradlabTrainLoss: res[0].ours.train_loss, referenceTrainLoss: res[0].ref?.train_loss ?? null,
          kernels: res[0].ours.kernels,
        },
      };
    },
  },
  {
    name: "logreg-gd",
    unit: "s",
    run(): Measurement {
      const file = logregFile();
      type R = { seconds: number; loss: number; peak_rss_mb: number };
      // nine rounds: each side's measurement is only about 0.2 s, and single rounds here
      // ranged from 0.14 to 0.56 s on either side within one run
      const res = rounds(9, () => ({ ref: python<R>("nn_logreg.py", [file, "200"]), same: python<R>("nn_logreg.py", [file, "200"], MALLOC_ENV), ours: child(["logreg", file, "200"]) }));
      const refs = res.filter((r) => r.ref).map((r) => r.ref!.seconds);
      const paired = res.filter((r) => r.ref).map((r) => r.ref!.seconds / r.ours.seconds);
      const same = res.filter((r) => r.same).map((r) => r.same!.seconds);
      return {
        gradlab: median(res.map((r) => r.ours.seconds)),
        reference: refs.length ? median(refs) : null,
        referenceName: "PyTorch",
        higherIsBetter: false,
        extra: {
          gradlabRounds: res.map((r) => r.ours.seconds), referenceRounds: refs, medianRatioPerRound: paired.length ? median(paired) : null,
          referenceSameMallocSeconds: same.length ? median(same) : null, referenceSameMallocRounds: same,
          gradlabLoss: res[0].ours.loss, referenceLoss: res[0].ref?.loss ?? null,
          gradlabPeakRssMb: median(res.map((r) => r.ours.peak_rss_mb)), referencePeakRssMb: res[0].ref?.peak_rss_mb ?? null,
        },
      };
    },
  },
  {
    name: "cnn-ufldl-accuracy",
    unit: "% test accuracy",
    run(): Measurement {
      const file = dataFile(8000, 2000, ACC.epochs);
      const args = [file, String(ACC.batch), String(ACC.lr), String(ACC.momentum), String(ACC.gamma)];
      const ref = python<{ test_accuracy: number; epoch_seconds: number[]; train_loss: number[]; peak_rss_mb: number }>("nn_cnn.py", args);
      const ours = child(["cnn", ...args]);
      return {
        gradlab: 100 * ours.test_accuracy,
        reference: ref ? 100 * ref.test_accuracy : null,
        referenceName: "PyTorch",
        higherIsBetter: true,
        extra: {
          ...ACC, train: 8000, test: 2000,
          gradlabEpochSeconds: ours.epoch_seconds, referenceEpochSeconds: ref?.epoch_seconds ?? null,
          gradlabTrainLoss: ours.train_loss, referenceTrainLoss: ref?.train_loss ?? null,
          gradlabPeakRssMb: ours.peak_rss_mb, referencePeakRssMb: ref?.peak_rss_mb ?? null,
        },
      };
    },
  },
];

