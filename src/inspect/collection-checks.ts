import type { Scan, ScanRun } from './collection-scan';
import { childless, counterLag, duplicateIds } from './id-checks';
import { duplicateValues } from './unique-values';
import type { Check, VerifiedCollection } from './verify-types';

/**
 * One scanned collection's checks, in the order verify reports them: the schema, unique ids,
 * unique fields, parent links both ways, the counter. Awaited one by one, as each may query.
 */
export async function collectionChecks(run: ScanRun, c: VerifiedCollection, scan: Scan): Promise<Check[]> {
  const { index, appIndex, parentIndex } = scan;
  const batchNames = run.batches.names;
  const checks: Check[] = [];
  if (c.schema) checks.push({ name: `${c.name}: seeded documents pass the schema`, problem: scan.invalid });
  if (c.ids !== 'objectId')
    checks.push({
      name: `${c.name}: ids are unique`,
      problem: duplicateIds(c.name, index, appIndex, batchNames, run.keep),
    });
  for (const [field, sets] of scan.uniques) {
    checks.push({
      name: `${c.name}: ${field} values are unique`,
      problem: await duplicateValues(run.db, c.name, field, sets, run.keep),
    });
  }
  if (c.parent) {
    checks.push({
      name: `${c.name}: every document belongs to a ${c.parent.collection} document of its batch`,
      problem: scan.orphans,
    });
    if (parentIndex)
      checks.push({
        name: `${c.parent.collection}: every document has its ${c.parent.perParent} ${c.name}`,
        problem: childless(c, parentIndex, batchNames, run.keep),
      });
  }
  if (c.ids !== 'objectId')
    checks.push({
      name: `${c.name}: the app's counter is ahead of the ids`,
      problem: await counterLag(
        run.db,
        run.counter,
        c.name,
        Math.max(index.highestId(), appIndex.highestId()),
      ),
    });
  return checks;
}
