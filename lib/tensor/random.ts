/** Seeded random numbers: xoshiro128** with 53-bit doubles, reproducible across runs. */

/** A random stream; `manualSeed` resets the global one. */
export class Generator {
  private s = new Uint32Array(4);
  private spare: number | null = null;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Restart the stream from `seed` (any integer). */
  seed(seed: number): this {
    // splitmix32 spreads the seed over the 128-bit state
    let x = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if (this.s.every((v) => v === 0)) this.s[0] = 1;
    this.spare = null;
    return this;
  }

  private next32(): number {
    const s = this.s;
    const r = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return r;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  random(): number {
    const a = this.next32() >>> 5;
    const b = this.next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A uniform integer in [lo, hi). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo));
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The global stream used by rand, randn, randint, randperm, dropout and initialisers. */
export const defaultGenerator = new Generator(0);

/**
 * Seed the global random stream, so rand/randn/initialisations repeat exactly.
 * @example
 * manualSeed(0); const a = randn([2]);
 * manualSeed(0); const b = randn([2]); // same values as a
 */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.seed(seed);
}
