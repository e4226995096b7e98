import type { DatasetSummary } from '../../dataset/contract';
import { tallyCalls } from './call-tally';
import { drawnShares, FUTURE_DAYS } from './call-factory';
import type { GenerationPlan } from './plan';
import type { CallDoc } from './schema';

/** What a run of the calls dataset generated, in the lines `crm-seed generate` prints. */
export function callsSummary(plan: GenerationPlan, calls: string): DatasetSummary {
  const tally = tallyCalls(plan.options.userId, plan.options.refDate);
  return {
    add: (collection, docs) => {
      if (collection === calls) tally.add(docs as readonly CallDoc[]);
    },
    lines: () => describe(plan, tally.result),
  };
}

function describe(plan: GenerationPlan, t: ReturnType<typeof tallyCalls>['result']): string[] {
  const o = plan.options;
  const share = (x: number): string => `${Math.round(x * 100)}%`;
  const percent = (n: number): string => share(n / Math.max(t.calls, 1));
  const refDay = o.refDate.toISOString().slice(0, 10);
  const lists = Object.entries(o.values)
    .map(([name, values]) => `${(values as readonly string[]).length} ${name}`)
    .join(', ');
  const afterRefDay = t.scheduled - t.scheduledOnRefDay;
  return [
    `tenant_id ${o.tenantId}, user_id ${o.userId}`,
    `window: ${o.from ? `${o.from.toISOString()} .. ${(o.to ?? o.refDate).toISOString()}` : daysWindow(o)}`,
    `start_time ${t.startTime?.first ?? '-'} .. ${t.startTime?.last ?? '-'}`,
    `inbound ${t.inbound} (${percent(t.inbound)}), outbound ${t.outbound} (${percent(t.outbound)})`,
    `past/closed ${t.past} (${percent(t.past)}), scheduled ${t.scheduled} (${percent(t.scheduled)}), owned by user ${o.userId}: ${t.ownedByUser} (${percent(t.ownedByUser)})`,
    // More are scheduled than --future-share drew for the days after: the reference day's later calls too.
    `scheduled ${t.scheduled} = ${afterRefDay} (${percent(afterRefDay)}) in the days after ${refDay} + ${t.scheduledOnRefDay} (${percent(t.scheduledOnRefDay)}) later that day, after ${o.refDate.toISOString().slice(11)} (of its ${t.onRefDay.toLocaleString('en-US')} ${t.onRefDay === 1 ? 'call' : 'calls'})`,
    `value lists (${plan.valuesMode ?? 'extend'}): ${lists}`,
  ];
}

/** The days window and the shares its start times are drawn with (the tally counts what came). */
function daysWindow(o: GenerationPlan['options']): string {
  const drawn = drawnShares(o.futureShare);
  const share = (x: number): string => `${Math.round(x * 100)}%`;
  return (
    `the ${o.days} days before ${o.refDate.toISOString()} and the ${FUTURE_DAYS} after; start times drawn ` +
    `${share(drawn.future)} in the ${FUTURE_DAYS} days after (--future-share), ${share(drawn.today)} on the reference day, ${share(drawn.past)} before it`
  );
}
