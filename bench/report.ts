import Table from 'cli-table3';

export interface Figure {
  /** Machine-readable name, printed as `name value`. */
  readonly name: string;
  readonly value: number;
  /** The goal, e.g. ">= 0.85"; shown with a pass/miss mark. */
  readonly goal?: string | undefined;
}

export interface RunInfo {
  readonly batchSize: number;
  readonly concurrency: number;
  readonly cores: number;
}

/** `name value` lines first (grep-able: /^[a-z0-9_]+ [0-9.]+$/), then the table for people. */
export function printReport(figures: readonly Figure[], info: RunInfo): void {
  for (const f of figures) console.log(`${f.name} ${format(f.value)}`);
  const table = new Table({
    head: ['figure', 'value', 'goal', ''],
    style: { head: [], border: [], compact: true },
  });
  for (const f of figures) {
    table.push([
      f.name,
      format(f.value),
      f.goal ?? '',
      f.goal ? (meets(f.value, f.goal) ? 'ok' : 'MISSED') : '',
    ]);
  }
  console.log('');
  console.log(table.toString());
  console.log(
    `batch size ${info.batchSize}, concurrency ${info.concurrency}, ${info.cores} cores, node ${process.version}`,
  );
}

/** Ratios with two decimals, everything else rounded. */
function format(value: number): string {
  return Math.abs(value) < 10 ? value.toFixed(2) : String(Math.round(value));
}

function meets(value: number, goal: string): boolean {
  const [op, limit] = goal.split(' ') as [string, string];
  return op === '>=' ? value >= Number(limit) : value <= Number(limit);
}
