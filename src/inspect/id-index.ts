/**
 * Compact sorted sets for checks over millions of seeded documents: one float64 per entry in
 * a typed array (plus one byte of mark), a few bytes per document where a Set of objects
 * would take ten times that.
 */
const BATCH_SLOTS = 2 ** 20;
const MAX_ID = 2 ** 32;

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
  private readonly list = new KeyList();

  /** Ids that are not positive integers below 2^32 are skipped: the schema check reports them. */
  add(id: unknown, batchNo: number): void {
    const key = keyOf(id, batchNo);
    if (key !== undefined) this.list.push(key);
  }

  build(): IdIndex {
    return new IdIndex(this.list.sorted());
  }
}

export class IdIndex {
  /** How often each entry was marked (saturating at 255). */
  private readonly marks: Uint8Array;

  constructor(private readonly keys: Float64Array) {
    this.marks = new Uint8Array(keys.length);
  }

  /** Marks every entry equal to (id, batchNo) once more; false when there is none. */
  mark(id: unknown, batchNo: number): boolean {
    const key = keyOf(id, batchNo);
    if (key === undefined) return false;
    let i = lowerBound(this.keys, key);
    if (this.keys[i] !== key) return false;
    for (; i < this.keys.length && this.keys[i] === key; i++) if (this.marks[i]! < 255) this.marks[i]!++;
    return true;
  }

  /** Every entry, in id order. */
  *entries(): Generator<{ id: number; batchNo: number }> {
    for (let i = 0; i < this.keys.length; i++) yield decode(this.keys[i] as number);
  }

  /** Entries marked other than `times` times, in id order. */
  *markedOtherThan(times: number): Generator<{ id: number; batchNo: number; marks: number }> {
    for (let i = 0; i < this.keys.length; i++) {
      if (this.marks[i] !== times)
        yield { ...decode(this.keys[i] as number), marks: this.marks[i] as number };
    }
  }

  /** The highest id held, 0 when none. */
  highestId(): number {
    return this.keys.length === 0 ? 0 : decode(this.keys[this.keys.length - 1] as number).id;
  }

  /** The batch of every entry with this id (a batch twice if it holds the id twice). */
  batchesOf(id: unknown): number[] {
    if (keyOf(id, 0) === undefined) return [];
    const found: number[] = [];
    for (let i = lowerBound(this.keys, (id as number) * BATCH_SLOTS); i < this.keys.length; i++) {
      const entry = decode(this.keys[i] as number);
      if (entry.id !== id) break;
      found.push(entry.batchNo);
    }
    return found;
  }

  /** Ids held by more than one entry, with their batches. */
  *duplicates(): Generator<{ id: number; batchNos: number[] }> {
    for (let i = 0; i < this.keys.length;) {
      const { id } = decode(this.keys[i] as number);
      const batchNos = this.batchesOf(id);
      if (batchNos.length > 1) yield { id, batchNos };
      i += batchNos.length;
    }
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

function keyOf(id: unknown, batchNo: number): number | undefined {
  if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0 || id >= MAX_ID) return undefined;
  if (batchNo >= BATCH_SLOTS) throw new Error(`more than ${BATCH_SLOTS} seed batches`);
  return id * BATCH_SLOTS + batchNo;
}

function decode(key: number): { id: number; batchNo: number } {
  return { id: Math.floor(key / BATCH_SLOTS), batchNo: key % BATCH_SLOTS };
}
