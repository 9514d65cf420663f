import type * as promClient from 'prom-client';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';

// Counters, gauges and histograms that record into plain maps until prom-client is loaded
// (the first /metrics), then replay what they hold into the real metrics and forward every
// later call. prom-client and its dependencies cost ~4 MB of resident memory on a board whose
// /metrics nobody may ever scrape (bench/footprint). The replay is exact: a counter or gauge
// keeps one current value per label set (in first-touch order, as prom-client does), a
// histogram keeps its observations in order per label set, so the text prom-client renders
// is the same as if it had been loaded from the start (metrics.test.ts).

export type Labels = Record<string, string | number>;
export type PromClient = typeof promClient;

/** What a recording metric needs from its owner: prom-client, once something forces it in. */
export interface MetricsLoader {
  /** Loads prom-client now (synchronously) and replays every metric into it. */
  load(): { client: PromClient; registry: Registry };
  readonly loaded: boolean;
  /** Called when a histogram grows its record; past a bound the loader loads prom-client. */
  recorded(): void;
}

interface Spec {
  name: string;
  help: string;
  labelNames?: string[];
}

const keyOf = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}:${labels[k]}`)
    .join(',');

/** A labelled or unlabelled value per label set; the common part of counters and gauges. */
abstract class RecordingValue<M extends Counter<string> | Gauge<string>> {
  protected real: M | undefined;
  protected readonly values = new Map<string, { labels: Labels; value: number }>();

  constructor(
    protected readonly loader: MetricsLoader,
    readonly spec: Spec,
  ) {}

  /** Creates the prom-client metric in `registry` and hands it what was recorded. */
  abstract attach(client: PromClient, registry: Registry): void;

  protected add(labels: Labels, by: number): void {
    const key = keyOf(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }
}

export class RecordingCounter extends RecordingValue<Counter<string>> {
  inc(labels: Labels = {}, by = 1): void {
    if (this.real) this.real.inc(labels, by);
    else this.add(labels, by);
  }

  attach(client: PromClient, registry: Registry): void {
    this.real = new client.Counter({
      ...this.spec,
      labelNames: this.spec.labelNames ?? [],
      registers: [registry],
    });
    for (const { labels, value } of this.values.values()) this.real.inc(labels, value);
    this.values.clear();
  }
}

export class RecordingGauge extends RecordingValue<Gauge<string>> {
  set(labels: Labels | number, value?: number): void {
    const [l, v] = typeof labels === 'number' ? [{}, labels] : [labels, value!];
    if (this.real) return this.real.set(l, v);
    const key = keyOf(l);
    const entry = this.values.get(key);
    if (entry) entry.value = v;
    else this.values.set(key, { labels: l, value: v });
  }

  inc(labels: Labels = {}, by = 1): void {
    if (this.real) this.real.inc(labels, by);
    else this.add(labels, by);
  }

  dec(labels: Labels = {}, by = 1): void {
    if (this.real) this.real.dec(labels, by);
    else this.add(labels, -by);
  }

  /** Forgets every label set (prom-client: an unlabelled gauge goes back to 0). */
  reset(): void {
    if (this.real) this.real.reset();
    else this.values.clear();
  }

  attach(client: PromClient, registry: Registry): void {
    this.real = new client.Gauge({
      ...this.spec,
      labelNames: this.spec.labelNames ?? [],
      registers: [registry],
    });
    for (const { labels, value } of this.values.values()) this.real.set(labels, value);
    this.values.clear();
  }
}

export class RecordingHistogram {
  #real: Histogram<string> | undefined;
  readonly #observed = new Map<string, { labels: Labels; values: number[] }>();
  #count = 0;

  constructor(
    private readonly loader: MetricsLoader,
    readonly spec: Spec & { buckets: number[] },
  ) {}

  /** Observations kept for the replay (0 once prom-client is loaded). */
  get pending(): number {
    return this.#count;
  }

  observe(labels: Labels, value: number): void {
    if (this.#real) return this.#real.observe(labels, value);
    const key = keyOf(labels);
    const entry = this.#observed.get(key);
    if (entry) entry.values.push(value);
    else this.#observed.set(key, { labels, values: [value] });
    this.#count++;
    this.loader.recorded();
  }

  attach(client: PromClient, registry: Registry): void {
    this.#real = new client.Histogram({
      ...this.spec,
      labelNames: this.spec.labelNames ?? [],
      registers: [registry],
    });
    for (const { labels, values } of this.#observed.values())
      for (const v of values) this.#real.observe(labels, v);
    this.#observed.clear();
    this.#count = 0;
  }
}
