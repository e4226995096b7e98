import { defineCallSeed } from 'crm-calls-seed';

export = defineCallSeed(__filename, { calls: 500 });
