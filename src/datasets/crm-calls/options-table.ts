import { MAX_DOCUMENTS } from '../../dataset/check-dataset';
import { integer, isoDate, oneOf, share, stringList } from '../../dataset/option-types';
import type { OptionSpec, OptionsOf } from '../../dataset/options-table';
import { CRM_OPTIONS } from '../crm/options';

/** The calls dataset's options, beside the engine's settings (src/config/settings-table.ts). */
export const CALLS_OPTIONS = {
  calls: {
    env: 'SEED_CALLS',
    flag: '--calls',
    type: integer(1, MAX_DOCUMENTS),
    default: 500,
    describe: 'number of calls to generate',
  },
  ...CRM_OPTIONS,
  days: {
    env: 'SEED_DAYS',
    flag: '--days',
    type: integer(1, 3650),
    default: 30,
    describe: 'spread calls over this many past days before the reference date',
    conflicts: ['from'],
  },
  from: {
    env: 'SEED_FROM',
    flag: '--from',
    type: isoDate(),
    default: undefined,
    describe: 'start of an explicit date range (instead of --days)',
  },
  to: {
    env: 'SEED_TO',
    flag: '--to',
    type: isoDate(),
    default: undefined,
    describe: 'end of the explicit date range (default: the reference date)',
  },
  inboundShare: {
    env: 'SEED_INBOUND_SHARE',
    flag: '--inbound-share',
    type: share(),
    default: 0.5,
    describe: 'share of inbound calls',
  },
  futureShare: {
    env: 'SEED_FUTURE_SHARE',
    flag: '--future-share',
    type: share(),
    default: 0.15,
    describe:
      "share of calls placed in the 7 days after --ref-date, with --days (that day's later calls are scheduled too)",
  },
  ownShare: {
    env: 'SEED_OWN_SHARE',
    flag: '--own-share',
    type: share(),
    default: 0.4,
    describe: 'share of calls owned by --user',
  },
  valuesMode: {
    env: 'SEED_VALUES_MODE',
    flag: '--values-mode',
    type: oneOf(['extend', 'replace']),
    default: 'extend',
    describe: 'custom value lists extend or replace the built-in ones',
  },
  subjects: {
    env: 'SEED_SUBJECTS',
    flag: '--subjects',
    type: stringList(),
    default: undefined,
    describe: 'custom call subjects, comma-separated',
  },
  purposes: {
    env: 'SEED_PURPOSES',
    flag: '--purposes',
    type: stringList(),
    default: undefined,
    describe: 'custom call purposes, comma-separated',
  },
  agendas: {
    env: 'SEED_AGENDAS',
    flag: '--agendas',
    type: stringList(),
    default: undefined,
    describe: 'custom call agendas, comma-separated',
  },
  results: {
    env: 'SEED_RESULTS',
    flag: '--results',
    type: stringList(),
    default: undefined,
    describe: 'custom call results, comma-separated',
  },
  durations: {
    env: 'SEED_DURATIONS',
    flag: '--durations',
    type: stringList(),
    default: undefined,
    describe: 'custom durations such as "25 mins", comma-separated',
  },
  statusIds: {
    env: 'SEED_STATUS_IDS',
    flag: '--status-ids',
    type: stringList(),
    default: undefined,
    describe: 'custom status ids, comma-separated',
  },
} as const satisfies Record<string, OptionSpec>;

/** The calls dataset's resolved options. */
export type CallsOptions = OptionsOf<typeof CALLS_OPTIONS>;

/** Checks across the window options: --to needs --from, and --from comes before --to. */
export function checkDateWindow(values: CallsOptions): string | undefined {
  const { from, to } = values;
  const { from: fromOption, to: toOption } = CALLS_OPTIONS;
  if (to && !from) return `${toOption.env} (--to) needs ${fromOption.env} (--from) as well`;
  if (from && to && from.getTime() >= to.getTime()) {
    return `${fromOption.env} (--from) must be before ${toOption.env} (--to) (got ${from.toISOString()} .. ${to.toISOString()})`;
  }
  return undefined;
}
