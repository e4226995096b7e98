// 500 calls (SEED_CALLS) with their activity logs for tenant SEED_TENANT_ID; `down` removes this batch only.
import { defineCallSeed } from '../src';

export = defineCallSeed(__filename);
