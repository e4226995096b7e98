// Generation alone, no database, in a process of its own: the compiled library of one tree
// (<root>/dist), as an application runs it. The gen stage starts one per workload, round and
// tree, so that `--compare-with <dir>` runs the very same workload in another checkout's dist,
// side by side, and no workload runs in code the JIT fitted to another dataset's documents.
// One warm-up run that lets the JIT settle, then <reps> timed runs, each timed by this
// process's CPU time (GC helper threads included, so it errs low) and by the wall clock.
// Prints {"cpu": [...], "wall": [...]} (documents per second of each run) as one JSON line, or
// null when the tree's library lacks the workload's modules (an older checkout).
//
// usage: node bench/gen-child.cjs <root> <calls|tasks|custom|scaffolded> <job JSON: {reps, chunkSize, seed, refDate, calls, callsPlan, scaffolded?}>
'use strict';

const { existsSync } = require('node:fs');
const { join } = require('node:path');

const [root, workload, jobJson] = process.argv.slice(2);
if (!root || !workload || !jobJson)
  throw new Error('usage: gen-child.cjs <root> <calls|tasks|custom> <job JSON>');
const job = JSON.parse(jobJson);
const dist = join(root, 'dist');
if (!existsSync(join(dist, 'index.js')))
  throw new Error(`${dist}/index.js is missing: build that tree first`);

/** A module of the tree's compiled library, or undefined where this version of it has none. */
function optional(path) {
  const file = join(dist, path);
  return existsSync(file) ? require(file) : undefined;
}

const library = require(join(dist, 'index.js'));
// A checkout with the dataset contract has an internal entry; an older one, its modules.
const internal = optional('internal.js');
const engine = internal ?? optional('generate/dataset-generation.js');
const datasets = internal ?? optional('generate/dataset.js');
const tasks = optional('datasets/crm-tasks/dataset.js');
const refDate = new Date(job.refDate);

/** A dataset of the contract built as a seed run builds it, with the engine's run identity. */
function contractPlan(dataset, values, batch) {
  const plan = internal.planOf(dataset, { randomSeed: job.seed, refDate: job.refDate, ...values }, { batch });
  return { ...plan, runId: `${batch}-run` };
}

/** Warm-up, then `reps` timed runs of `run`, which returns the documents it made. */
function measure(run) {
  run();
  const cpu = [];
  const wall = [];
  for (let r = 0; r < job.reps; r++) {
    const wallStart = performance.now();
    const cpuStart = process.cpuUsage();
    const made = run();
    const used = process.cpuUsage(cpuStart);
    const wallMs = performance.now() - wallStart;
    cpu.push((made * 1e6) / Math.max(used.user + used.system, 1));
    wall.push((made * 1000) / Math.max(wallMs, 0.001));
  }
  return { cpu, wall };
}

/** Counts the documents of every chunk, and checks there are as many as the plan says. */
function countAll(chunks, expected, what) {
  let made = 0;
  for (const chunk of chunks) for (const group of chunk.groups) made += group.docs.length;
  if (made !== expected) throw new Error(`${what}: made ${made} documents instead of ${expected}`);
  return made;
}

/** A run of the engine on a dataset, as a seed runs it: marker and run identity written. */
function datasetPlan(spec, batch) {
  const plan = { batch, seed: job.seed, refDate, spec, existing: new Map(), runId: `${batch}-run` };
  return { ...plan, totals: datasets.checkDataset(spec, batch) };
}

// The calls and their logs: through the contract, or an older package's own generateChunks (the plan given as JSON).
function callsWorkload() {
  if (internal) {
    const plan = contractPlan(library.crmCalls, { calls: job.calls }, 'bench-generation');
    return measure(() => {
      let made = 0;
      for (const chunk of internal.generateDataset(plan, {}, job.chunkSize))
        made += chunk.groups[0].docs.length;
      if (made !== job.calls) throw new Error(`calls: made ${made} instead of ${job.calls}`);
      return made;
    });
  }
  const plan = JSON.parse(JSON.stringify(job.callsPlan), (key, value) =>
    ['refDate', 'from', 'to'].includes(key) && typeof value === 'string' ? new Date(value) : value,
  );
  return measure(() => {
    let made = 0;
    for (const chunk of library.generateChunks(plan, 1, 1, job.chunkSize)) made += chunk.calls.length;
    if (made !== job.calls) throw new Error(`calls: made ${made} instead of ${job.calls}`);
    return made;
  });
}

// The built-in tasks dataset: one collection, faker descriptions, synthetic links.
function tasksWorkload() {
  if (internal) {
    const plan = contractPlan(library.crmTasks, { tasks: job.calls, links: 'off' }, 'bench-tasks');
    return measure(() => countAll(internal.generateDataset(plan, {}, job.chunkSize), job.calls, 'tasks'));
  }
  if (!tasks || !engine || !datasets) return null;
  const spec = tasks.crmTasksDataset(
    { count: job.calls, tenantId: 1, userId: 1, days: 30 },
    undefined,
    refDate,
  );
  return measure(() =>
    countAll(
      engine.generateDataset(datasetPlan(spec, 'bench-tasks'), { tasks: 1 }, job.chunkSize),
      job.calls,
      'tasks',
    ),
  );
}

const STATUSES = ['open', 'in progress', 'waiting', 'done'];
const KINDS = ['comment', 'call', 'email'];

// A user's dataset as the README's defineSeed example writes one: a few fields from the random
// source, and a child collection of two notes per task.
function customWorkload() {
  if (!engine || !datasets) return null;
  const collection = library.collection ?? ((spec) => spec);
  const spec = {
    collections: [
      collection({
        name: 'projects',
        count: job.calls,
        make: ({ id, index, random }) => ({
          id,
          title: `Project ${index}`,
          status: random.pick(STATUSES),
          budget: random.int(1_000, 100_000),
          done: random.bool(0.3),
        }),
      }),
      collection({
        name: 'project_notes',
        per: 'projects',
        count: 2,
        parentField: 'project_id',
        make: ({ id, parent, random }) => ({
          id,
          project_id: parent.id,
          kind: random.pick(KINDS),
          score: random.next(),
        }),
      }),
    ],
  };
  const firstIds = { projects: 1, project_notes: 1 };
  if (internal) {
    const plan = contractPlan(library.defineDataset({ name: 'projects', ...spec }), {}, 'bench-custom');
    return measure(() =>
      countAll(internal.generateDataset(plan, firstIds, job.chunkSize), job.calls * 3, 'custom'),
    );
  }
  return measure(() =>
    countAll(
      engine.generateDataset(datasetPlan(spec, 'bench-custom'), firstIds, job.chunkSize),
      job.calls * 3,
      'custom',
    ),
  );
}

// A dataset `crm-seed scaffold` wrote (compiled to JS by the scaffold stage), its links given
// stand-in records: the scaffold stage compares its rate with the calls'.
function scaffoldedWorkload() {
  if (!internal || !job.scaffolded) return null;
  const { dataset } = require(job.scaffolded.module);
  const existing = new Map(
    Object.entries(job.scaffolded.links).map(([name, n]) => [
      name,
      Array.from({ length: n }, (_, i) => ({ id: i + 1 })),
    ]),
  );
  const values = { randomSeed: job.seed, refDate: job.refDate, ...job.scaffolded.values };
  const plan = {
    ...internal.planOf(dataset, values, { batch: 'bench-scaffolded', existing }),
    runId: 'bench-scaffolded-run',
  };
  const total = Object.values(job.scaffolded.values).reduce((a, b) => a + b, 0);
  return measure(() => countAll(internal.generateDataset(plan, {}, job.chunkSize), total, 'scaffolded'));
}

const WORKLOADS = {
  calls: callsWorkload,
  tasks: tasksWorkload,
  custom: customWorkload,
  scaffolded: scaffoldedWorkload,
};
if (!(workload in WORKLOADS))
  throw new Error(`unknown workload ${workload}: one of ${Object.keys(WORKLOADS).join(', ')}`);
process.stdout.write(`${JSON.stringify(WORKLOADS[workload]())}\n`);
