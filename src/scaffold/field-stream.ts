import { seedFromText } from '../dataset/random-source';

/**
 * One field's own random stream for one document: keyed by the field's seed (the run's seed,
 * the collection and the path) and the document's index, so adding or removing a field changes
 * no other field's values, and a document's values do not depend on the ones before it.
 *
 * Counter-based and allocation-free: a reset is one integer mix (murmur3's finaliser of the
 * seed and the index), a draw one splitmix32 step. Building an sfc32 source per field and
 * document instead would allocate six closures each time.
 */
export class FieldStream {
  private state = 0;
  /** The document whose values the stream is drawing now (-1: none yet). */
  doc = -1;

  constructor(readonly seed: number) {}

  /** Starts the stream of document `index` (once per document, however many values it draws). */
  start(index: number): void {
    this.doc = index;
    let h = (this.seed ^ Math.imul(index + 1, 0x9e3779b1)) | 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    this.state = h ^ (h >>> 16);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** The seed of a field's stream: the run's seed, the collection and the path, hashed once per run. */
export function fieldSeed(runSeed: number, collection: string, path: string): number {
  return seedFromText(`${runSeed >>> 0}\u0000${collection}\u0000${path}`);
}
