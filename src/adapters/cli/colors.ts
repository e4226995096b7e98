import type { CliIo } from './cli-io';

/**
 * Whether this run prints colours, decided once per run from the io (https://no-color.org):
 * NO_COLOR set and non-empty: never; else FORCE_COLOR set: always, except 0 or false (as Node reads it);
 * else only when stdout is a terminal. Reads io.env, never process.env.
 */
export function colorEnabled(io: Pick<CliIo, 'env' | 'stdout'>): boolean {
  const noColor = io.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  const forceColor = io.env['FORCE_COLOR'];
  if (forceColor !== undefined) return forceColor !== '0' && forceColor.toLowerCase() !== 'false';
  return io.stdout.isTTY === true;
}

/**
 * The colours the CLI uses, as plain functions: the escape codes when colour is on, the text
 * unchanged when off. The libraries that colour on their own (cli-table3 through @colors/colors,
 * @inquirer/prompts through yoctocolors) decide from the process's environment and terminal
 * when they are loaded, so the CLI turns their colouring off and colours with these instead:
 * one decision, no process-wide switch.
 */
export interface Palette {
  readonly enabled: boolean;
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly blue: Paint;
  readonly cyan: Paint;
  readonly grey: Paint;
  readonly bold: Paint;
  readonly dim: Paint;
}

export type Paint = (text: string) => string;

export function createPalette(enabled: boolean): Palette {
  // SGR codes: open and close (39 resets the foreground colour, 22 bold/dim).
  const paint =
    (open: number, close: number): Paint =>
    (text) =>
      enabled && text !== '' ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    enabled,
    red: paint(31, 39),
    green: paint(32, 39),
    yellow: paint(33, 39),
    blue: paint(34, 39),
    cyan: paint(36, 39),
    grey: paint(90, 39),
    bold: paint(1, 22),
    dim: paint(2, 22),
  };
}

/** Box-drawing characters (U+2500..U+257F): the borders cli-table3 draws. */
const BORDER_RUNS = /[\u2500-\u257f]+/g;

/**
 * Colours a cli-table3 table's borders, as cli-table3 does by default (grey), on a table
 * rendered with `style: { border: [] }`; unchanged when colour is off.
 */
export function paintBorders(table: string, colors: Palette): string {
  return colors.enabled ? table.replace(BORDER_RUNS, (run) => colors.grey(run)) : table;
}
