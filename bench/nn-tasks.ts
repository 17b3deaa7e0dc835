/**
 * gradlab's side of the nn benchmarks (bench/nn.bench.ts), one task per fresh process. The
 * benchmark runs this file as plain JavaScript (harness.ts `runTask`), so its only runtime
 * imports are Node's own, task-lib.ts and gradlab's built package.
 *
 * Run alone: node --import tsx bench/nn-tasks.ts <task> [args]  (prints one JSON line).
 */
import * as fs from "fs";
import type * as G from "../lib/index";
import { lib, median } from "./task-lib";

const rss = () => process.resourceUsage().maxRSS / 1024;

// ------------------------------------------------------------------ gradlab's side

/** The UFLDL network: conv 20@9×9, sigmoid, 2×2 mean pooling, linear 2000 → 10. */
export function ufldl(g: typeof G): G.nn.Sequential {
  const { nn } = g;
  return new nn.Sequential(new nn.Conv2d(1, 20, 9), new nn.Sigmoid(), new nn.AvgPool2d(2), new nn.Flatten(), new nn.Linear(2000, 10));
}

function conv2dTask(seconds: number): Record<string, unknown> {
  const g = lib();
  g.manualSeed(0);
  const x = g.rand([256, 1, 28, 28]);
  const conv = new g.nn.Conv2d(1, 20, 9);
  const ct = g.randn([256, 20, 20, 20]);
  const step = () => {
    conv.zeroGrad();
    conv.call(x).mul(ct).sum().backward();
  };
  for (let i = 0; i < 3; i++) step();
  const times: number[] = [];
  const end = performance.now() + seconds * 1e3;
  while (performance.now() < end || times.length < 5) {
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), peak_rss_mb: rss() };
}

/**
 * Train the UFLDL CNN as bench/py/nn_cnn.py does. Both sides read one file: the digits,
 * the initial weights and the order of the samples in every epoch, so they run the same
 * computation and their losses can be compared, not only their times.
 */
function cnnTask(file: string, batch = 256, lr = 0.05, momentum = 0.9, gamma = 0.5): Record<string, unknown> {
  const g = lib();
  const { nn, optim, data } = g;
  const { head, pixels, labels: lab, orders } = readDataFile(file);
  const n = head.train, m = head.test;
  const images = g.tensor(pixels).reshape(n + m, 1, 28, 28);
  const labels = g.tensor(lab, { dtype: "int32" });
  const model = ufldl(g);
  model.loadStateDict(head.init);
  const opt = new optim.SGD(model.parameters(), { lr, momentum });
  const train = new data.TensorDataset(images.narrow(0, 0, n), labels.narrow(0, 0, n));
  // the batches of every epoch, in the file's order
  let epoch = 0;
  const batches = {
    length: Math.ceil(n / batch),
    *[Symbol.iterator](): IterableIterator<G.Tensor[]> {
      const order = orders.subarray(epoch * n, (epoch + 1) * n);
      epoch++;
      for (let s = 0; s < n; s += batch) {
        const idx = order.slice(s, Math.min(n, s + batch));
        yield train.batch(g.tensor(idx, { dtype: "int32" }));
      }
    },
  };
  const test = m > 0 ? new data.DataLoader(new data.TensorDataset(images.narrow(0, n, m), labels.narrow(0, n, m)), { batchSize: 500 }) : undefined;
  const h = nn.fit(model, batches, { optimizer: opt, epochs: head.epochs, scheduler: new optim.StepLR(opt, 1, gamma) });
  const epochSeconds = h.time.map((t, i) => t - (i ? h.time[i - 1] : 0));
  const acc = test ? nn.evaluate(model, test).accuracy : null;
  return { epoch_seconds: epochSeconds, test_accuracy: acc, train_loss: h.loss, peak_rss_mb: rss(), kernels: g.kernels.kernelInfo() };
}

/** The file written by `dataFile`. */
function readDataFile(file: string): { head: any; pixels: Float64Array; labels: Int32Array; orders: Int32Array } {
  const buf = fs.readFileSync(file);
  const nl = buf.indexOf(10);
  const head = JSON.parse(buf.subarray(0, nl).toString());
  const total = head.train + head.test;
  const body = buf.buffer.slice(buf.byteOffset + nl + 1, buf.byteOffset + buf.length);
  return {
    head,
    pixels: new Float64Array(body, 0, total * 784),
    labels: new Int32Array(body, total * 784 * 8, total),
    orders: new Int32Array(body, total * 784 * 8 + total * 4, head.epochs * head.train),
  };
}

function logregTask(file: string, iters: number): Record<string, unknown> {
  const g = lib();
  const buf = fs.readFileSync(file);
  const nl = buf.indexOf(10);
  const { n, d } = JSON.parse(buf.subarray(0, nl).toString());
  const body = buf.buffer.slice(buf.byteOffset + nl + 1, buf.byteOffset + nl + 1 + 8 * (n * d + n));
  const X = g.tensor(new Float64Array(body, 0, n * d)).reshape(n, d);
  const Y = g.tensor(new Float64Array(body, 8 * n * d, n));
  const w = g.zeros([d], { requiresGrad: true });
  const b = g.zeros([1], { requiresGrad: true });
  const lr = 0.5;
  let loss = 0;
  const run = (k: number) => {
    for (let i = 0; i < k; i++) {
      const p = g.sigmoid(X.matmul(w).add(b));
      const l = g.binaryCrossEntropy(p, Y);
      const [gw, gb] = g.autogradGrad([l], [w, b]);
      g.noGrad(() => {
        w.sub_(gw.mul(lr));
        b.sub_(gb.mul(lr));
      });
      loss = l.item();
    }
  };
  run(5);
  const t0 = performance.now();
  run(iters);
  return { seconds: (performance.now() - t0) / 1e3, loss, peak_rss_mb: rss() };
}

if (require.main === module) {
  const [task, ...args] = process.argv.slice(2);
  const out =
    task === "conv2d" ? conv2dTask(Number(args[0] ?? 2))
    : task === "cnn" ? cnnTask(args[0], ...args.slice(1).map(Number))
    : task === "logreg" ? logregTask(args[0], Number(args[1] ?? 200))
    : null;
  if (!out) {
    console.error(`unknown task '${task}': conv2d [seconds] | cnn FILE [BATCH LR MOMENTUM GAMMA] | logreg FILE [iterations]`);
    process.exit(2);
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}
