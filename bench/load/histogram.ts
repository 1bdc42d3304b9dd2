/**
 * A latency histogram with logarithmic buckets (1 % wide from 0.01 ms up), so that millions
 * of deliveries cost a few kilobytes and histograms from several workers add up exactly.
 * Percentiles are read as the upper edge of their bucket: at most 1 % above the true value.
 * The minimum, maximum, count and sum are exact.
 */
const BASE_MS = 0.01;
const RATIO = 1.01;
const LOG_RATIO = Math.log(RATIO);
const BUCKETS = 2_100; // 0.01 ms × 1.01^2100 ≈ 11 hours

export interface HistogramData {
  counts: Array<[bucket: number, count: number]>;
  count: number;
  sum: number;
  min: number;
  max: number;
}

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export class Histogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  record(ms: number): void {
    const value = Math.max(ms, 0);
    const bucket = value <= BASE_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(value / BASE_MS) / LOG_RATIO));
    this.counts[bucket]!++;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  merge(other: Histogram | HistogramData): this {
    const data = other instanceof Histogram ? other.toData() : other;
    for (const [bucket, count] of data.counts) this.counts[bucket]! += count;
    this.count += data.count;
    this.sum += data.sum;
    this.min = Math.min(this.min, data.min);
    this.max = Math.max(this.max, data.max);
    return this;
  }

  /** The value below which `p` % of the recorded values fall (upper edge of its bucket, capped at the true maximum). */
  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += this.counts[bucket]!;
      if (seen >= rank) return Math.min(this.max, BASE_MS * RATIO ** bucket);
    }
    return this.max;
  }

  summary(): Summary {
    const round = (n: number) => (Number.isFinite(n) ? +n.toFixed(2) : NaN);
    return {
      count: this.count,
      mean: round(this.count ? this.sum / this.count : NaN),
      p50: round(this.percentile(50)),
      p95: round(this.percentile(95)),
      p99: round(this.percentile(99)),
      max: round(this.count ? this.max : NaN),
    };
  }

  toData(): HistogramData {
    const counts: Array<[number, number]> = [];
    for (const [bucket, count] of this.counts.entries()) if (count > 0) counts.push([bucket, count]);
    return { counts, count: this.count, sum: this.sum, min: this.min, max: this.max };
  }

  static from(data: HistogramData): Histogram {
    return new Histogram().merge(data);
  }
}
