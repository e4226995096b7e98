import { MAX_DOCUMENTS } from '../../dataset/check-dataset';
import {
  checkGeneratedTimes,
  EARLIEST_TIME,
  integer,
  isoDate,
  LATEST_TIME,
  oneOf,
  share,
  stringList,
} from '../../dataset/option-types';
import { FUTURE_DAYS, generatedTimeSpan } from './call-factory';
import type { OptionSpec, OptionsOf } from '../../dataset/options-table';
import { CRM_OPTIONS, daysOption } from '../crm/options';

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
  days: { ...daysOption('calls'), conflicts: ['from'] },
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

const DAY = 86_400_000;

/**
 * Checks across the window options: --to needs --from, --from comes before --to, and the
 * window around the reference date keeps every time the calls get storable (1970-9999).
 */
export function checkDateWindow(values: CallsOptions & { readonly refDate: Date }): string | undefined {
  const { from, to, days, refDate } = values;
  const { from: fromOption, to: toOption, days: daysOption } = CALLS_OPTIONS;
  if (to && !from) return `${toOption.env} (--to) needs ${fromOption.env} (--from) as well`;
  if (from && to && from.getTime() >= to.getTime()) {
    return `${fromOption.env} (--from) must be before ${toOption.env} (--to) (got ${from.toISOString()} .. ${to.toISOString()})`;
  }
  const { earliest, latest } = generatedTimeSpan({ refDate, days, from, to });
  const ref = `SEED_REF_DATE (--ref-date) ${refDate.toISOString()}`;
  if (from) {
    checkGeneratedTimes(
      earliest,
      latest,
      `the calls' window ${fromOption.env} (--from) .. ${toOption.env} (--to) with ${ref}`,
      `${fromOption.env}, ${toOption.env} and SEED_REF_DATE must lie from ${new Date(EARLIEST_TIME + FUTURE_DAYS * DAY).toISOString()} to 9999-12-31 (creation times reach ${FUTURE_DAYS} days before them)`,
    );
    return undefined;
  }
  const lastRefDay = Math.floor((LATEST_TIME + 1) / DAY) * DAY - (FUTURE_DAYS + 1) * DAY;
  checkGeneratedTimes(
    earliest,
    latest,
    `${ref} with the calls' window of ${daysOption.env} (--days) ${days} before it and ${FUTURE_DAYS} after it`,
    `with ${daysOption.env} ${days}, SEED_REF_DATE must be from ${new Date(EARLIEST_TIME + (days + FUTURE_DAYS) * DAY).toISOString()} to ${new Date(lastRefDay + DAY - 1).toISOString()}`,
  );
  return undefined;
}
