import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDocRows } from 'crm-calls-seed/internal';
import type { FileRow } from 'crm-calls-seed/internal';

async function rows(text: string): Promise<FileRow[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'crm-seed-reader-')), 'calls.csv');
  writeFileSync(file, text);
  const out: FileRow[] = [];
  for await (const row of readDocRows(file, 'csv')) out.push(row);
  return out;
}

describe('reading a CSV file to import', () => {
  test('reports each record with the line it starts on: blank lines and multi-line cells count', async () => {
    expect(await rows('subject,type\nA,inbound\n\nB,outbound,extra\n"multi\nline",inbound\nC\n')).toEqual([
      { line: 2, row: { subject: 'A', type: 'inbound' } },
      { line: 4, error: 'has 3 fields, the header has 2' },
      { line: 5, row: { subject: 'multi\nline', type: 'inbound' } },
      { line: 7, error: 'has 1 fields, the header has 2' },
    ]);
  });

  test('names the file when the header repeats a column', async () => {
    await expect(rows('subject,subject\nA,B\n')).rejects.toThrow(
      /calls\.csv line 1: column "subject" appears twice/,
    );
  });
});
