import { readId } from '../schema/stored-values';

/**
 * Compact sorted sets for checks over millions of seeded documents: a few typed-array slots
 * per entry (an id, a batch number, a sort key, one byte of mark), a few bytes per document
 * where a Set of objects would take ten times that.
 *
 * Ids are exact up to Number.MAX_SAFE_INTEGER (2^53 - 1). An entry is sorted by one float64
 * key, rank * 2^20 + batch, where rank is the id's place among the distinct ids: packing the
 * id itself beside 20 bits of batch would only be exact below 2^33, and an id past that met
 * the wrong neighbour (false orphans from 2^32 on). A rank is below the number of entries,
 * so the key stays below 2^53 whatever the ids.
 */
const BATCH_SLOTS = 2 ** 20;

/** A growable array of float64 keys, sorted once when complete. */
export class KeyList {
  private keys = new Float64Array(1 << 12);
  private size = 0;

  push(key: number): void {
    if (this.size === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[this.size++] = key;
  }

  get length(): number {
    return this.size;
  }

  /** The keys in the order pushed. */
  values(): Float64Array {
    return this.keys.subarray(0, this.size);
  }

  sorted(): Float64Array {
    return this.keys.slice(0, this.size).sort();
  }
}

export function lowerBound(keys: Float64Array, key: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as number) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** (id, batch number) pairs: which seeded documents exist, in which batch. */
export class IdIndexBuilder {
  private readonly ids = new KeyList();
  private readonly batchNos = new KeyList();

  /**
   * Values that are not ids (src/schema/stored-values.ts: positive integers held exactly) are
   * skipped: the schema check reports them. The caller refuses ids beyond 2^53 - 1 first.
   */
  add(id: unknown, batchNo: number): void {
    const reading = readId(id);
    if (reading.kind !== 'id') return;
    if (batchNo >= BATCH_SLOTS) throw new Error(`more than ${BATCH_SLOTS} seed batches`);
    this.ids.push(reading.id);
    this.batchNos.push(batchNo);
  }

  build(): IdIndex {
    const ids = this.ids.values();
    const batchNos = this.batchNos.values();
    const sorted = this.ids.sorted();
    let distinct = 0;
    for (let i = 0; i < sorted.length; i++)
      if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i]!;
    const ranks = sorted.subarray(0, distinct);
    const keys = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) keys[i] = lowerBound(ranks, ids[i]!) * BATCH_SLOTS + batchNos[i]!;
    return new IdIndex(ranks, keys.sort());
  }
}

export class IdIndex {
  /** How often each entry was marked (saturating at 255). */
  private readonly marks: Uint8Array;

  /**
   * @param ids the distinct ids, ascending (an id's rank is its place here)
   * @param keys rank * BATCH_SLOTS + batch number of every entry, ascending
   */
  constructor(
    private readonly ids: Float64Array,
    private readonly keys: Float64Array,
  ) {
    this.marks = new Uint8Array(keys.length);
  }

  /** Marks every entry equal to (id, batchNo) once more; false when there is none. */
  mark(id: unknown, batchNo: number): boolean {
    const key = this.keyOf(id, batchNo);
    if (key === undefined) return false;
    let i = lowerBound(this.keys, key);
    if (this.keys[i] !== key) return false;
    for (; i < this.keys.length && this.keys[i] === key; i++) if (this.marks[i]! < 255) this.marks[i]!++;
    return true;
  }

  /** Every entry, in id order. */
  *entries(): Generator<{ id: number; batchNo: number }> {
    for (let i = 0; i < this.keys.length; i++) yield this.decode(this.keys[i] as number);
  }

  /** Entries marked other than `times` times, in id order. */
  *markedOtherThan(times: number): Generator<{ id: number; batchNo: number; marks: number }> {
    for (let i = 0; i < this.keys.length; i++) {
      if (this.marks[i] !== times)
        yield { ...this.decode(this.keys[i] as number), marks: this.marks[i] as number };
    }
  }

  /** The highest id held, 0 when none. */
  highestId(): number {
    return this.ids.length === 0 ? 0 : (this.ids[this.ids.length - 1] as number);
  }

  /** The batch of every entry with this id (a batch twice if it holds the id twice). */
  batchesOf(id: unknown): number[] {
    const rank = this.rankOf(id);
    if (rank === undefined) return [];
    const found: number[] = [];
    for (let i = lowerBound(this.keys, rank * BATCH_SLOTS); i < this.keys.length; i++) {
      const key = this.keys[i] as number;
      if (Math.floor(key / BATCH_SLOTS) !== rank) break;
      found.push(key % BATCH_SLOTS);
    }
    return found;
  }

  /** Ids held by more than one entry, with their batches. */
  *duplicates(): Generator<{ id: number; batchNos: number[] }> {
    for (let i = 0; i < this.keys.length;) {
      const { id } = this.decode(this.keys[i] as number);
      const batchNos = this.batchesOf(id);
      if (batchNos.length > 1) yield { id, batchNos };
      i += batchNos.length;
    }
  }

  private rankOf(id: unknown): number | undefined {
    const reading = readId(id);
    if (reading.kind !== 'id') return undefined;
    const rank = lowerBound(this.ids, reading.id);
    return this.ids[rank] === reading.id ? rank : undefined;
  }

  private keyOf(id: unknown, batchNo: number): number | undefined {
    const rank = this.rankOf(id);
    return rank === undefined || batchNo >= BATCH_SLOTS ? undefined : rank * BATCH_SLOTS + batchNo;
  }

  private decode(key: number): { id: number; batchNo: number } {
    return { id: this.ids[Math.floor(key / BATCH_SLOTS)] as number, batchNo: key % BATCH_SLOTS };
  }
}

/** Texts by a 52-bit hash: equal hashes are candidates, confirmed against the real values. */
export class TextHashSet {
  private readonly list = new KeyList();
  private keys: Float64Array = new Float64Array(0);

  add(text: unknown): void {
    if (typeof text === 'string') this.list.push(hashText(text));
  }

  seal(): void {
    this.keys = this.list.sorted();
  }

  has(text: unknown): boolean {
    if (typeof text !== 'string') return false;
    const key = hashText(text);
    return this.keys[lowerBound(this.keys, key)] === key;
  }

  /** True when a text of the other set (sealed too) has a hash of this one: perhaps held by both. */
  intersects(other: TextHashSet): boolean {
    for (const key of other.keys) if (this.keys[lowerBound(this.keys, key)] === key) return true;
    return false;
  }

  /** True when two added texts share a hash: perhaps the same text twice. */
  hasRepeats(): boolean {
    for (let i = 1; i < this.keys.length; i++) if (this.keys[i] === this.keys[i - 1]) return true;
    return false;
  }
}

function hashText(text: string): number {
  // Two FNV-1a variants, 32 + 20 bits: collisions among millions of ukeys are rare, and harmless.
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 2 ** 20 + ((b >>> 0) % 2 ** 20);
}
