import type { OptionType } from './option-types';

/**
 * One option of a table, described once: its type (what is allowed), its default, its
 * environment variable, its CLI flag and its help. Its key names it in seed files, scripts and
 * config files. The engine's settings (src/config/settings-table.ts) and every dataset's
 * options are tables of these.
 */
export interface OptionSpec<T = unknown> {
  readonly type: OptionType<T>;
  /** Without a default the value is undefined unless given. */
  readonly default?: T | undefined;
  /** Its environment variable, e.g. SEED_TICKETS; none: not read from the environment. */
  readonly env?: string | undefined;
  /** Its CLI flag, e.g. --tickets; none: no flag. */
  readonly flag?: string | undefined;
  /** Its help text (`--help`, docs). */
  readonly describe?: string | undefined;
  /** Options it cannot be given with (the CLI refuses the pair). */
  readonly conflicts?: readonly string[] | undefined;
}

/** A table of options: the engine's settings, or a dataset's options. */
export type OptionsTable = Readonly<Record<string, OptionSpec>>;

type ValueOf<S> = S extends { readonly type: OptionType<infer T> } ? T : never;

/** The resolved values of a table: one typed, frozen object passed down from the edge. */
export type OptionsOf<T extends OptionsTable> = {
  readonly [K in keyof T]: undefined extends T[K]['default'] ? ValueOf<T[K]> | undefined : ValueOf<T[K]>;
};

/** A value as code may give it: dates also as ISO strings, patterns also as strings. */
export type OptionInput<T> = T extends Date ? Date | string : T extends RegExp ? RegExp | string : T;

/** A table's options as code gives them (seed files, scripts): every one optional. */
export type OptionInputs<T extends OptionsTable> = {
  readonly [K in keyof T]?: OptionInput<ValueOf<T[K]>>;
};

/**
 * Whether a key a user wrote names an option of the table: an own key only, so `constructor`,
 * `toString`, `__proto__` or `hasOwnProperty` (inherited from Object.prototype) are unknown
 * settings like any other typo, not a lookup of Object's own members.
 */
export function isOptionKey(table: OptionsTable, key: string): boolean {
  return Object.hasOwn(table, key);
}
