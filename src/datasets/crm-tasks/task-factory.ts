import type { ExistingDoc } from '../../dataset/contract';
import type { RandomSource } from '../../dataset/random-source';
import { BATCH_FIELD } from '../../schema/marker';
import {
  ACTIONS,
  DESCRIPTION_NEXT_STEPS,
  DESCRIPTION_OPENERS,
  DESCRIPTION_TOPICS,
  OBJECTS,
  RELATED_TYPES,
  TASK_PRIORITIES,
  TASK_STATUSES,
} from './values';
import type { TaskDoc } from './schema';

const DAY_MS = 86_400_000;

/** A task is due up to this many days after it was created. */
export const DUE_WITHIN_DAYS = 21;

/** What one run's tasks depend on besides the random source. */
export interface TaskOptions {
  readonly tenantId: number;
  readonly userId: number;
  /** Tasks were created over this many days before the reference date. */
  readonly days: number;
  readonly refDate: Date;
  readonly batch: string;
}

/** The tenant's records a task may be about, by type, and its users who may own one. */
export interface TaskRecords {
  readonly byType: Readonly<Record<(typeof RELATED_TYPES)[number], readonly ExistingDoc[]>>;
  readonly users: readonly ExistingDoc[];
}

/** Makes tasks, pure: the same random source and records give the same tasks; text from value lists (./values.ts). */
export function createTaskFactory(
  random: RandomSource,
  options: TaskOptions,
  records: TaskRecords,
): (id: number) => TaskDoc {
  const linkable = RELATED_TYPES.filter((t) => records.byType[t].length > 0);
  const now = options.refDate.getTime();
  return (id) => {
    const type = random.pick(linkable.length > 0 ? linkable : RELATED_TYPES);
    const found = records.byType[type];
    // Without the tenant's records, synthetic ids as the calls dataset uses them (1-1000).
    const relatedId = found.length > 0 ? random.pick(found).id : random.int(1, 1000);
    const owner = records.users.length > 0 ? random.pick(records.users).id : options.userId;
    const created = now - random.int(0, options.days * DAY_MS);
    const due = created + random.int(1, DUE_WITHIN_DAYS) * DAY_MS;
    const completed = due < now ? random.chance(0.7) : random.chance(0.1);
    const completedOn = completed ? Math.min(now, created + random.int(1, Math.max(1, due - created))) : 0;
    const updated = Math.max(created, completedOn, Math.min(now, created + random.int(0, 3 * DAY_MS)));
    return {
      id,
      ukey: `${options.tenantId}000${id}`,
      title: `${random.pick(ACTIONS)} ${random.pick(OBJECTS)}`,
      description: `${random.pick(DESCRIPTION_OPENERS)} ${random.pick(DESCRIPTION_TOPICS)}. ${random.pick(DESCRIPTION_NEXT_STEPS)}`,
      priority: random.pick(TASK_PRIORITIES),
      status: completed ? 'Completed' : random.pick(TASK_STATUSES.filter((s) => s !== 'Completed')),
      due_date: new Date(due).toISOString(),
      completed_on: completed ? new Date(completedOn).toISOString() : '',
      related_to: type,
      related_to_id: relatedId,
      owner_id: owner,
      tenant_id: options.tenantId,
      user_id: options.userId,
      add_by: options.userId,
      active: 1,
      deleted: 0,
      createdon: new Date(created).toISOString(),
      updatedon: new Date(updated).toISOString(),
      [BATCH_FIELD]: options.batch,
    };
  };
}
