// 500 calls (SEED_CALLS) with their activity logs for tenant SEED_TENANT_ID; `down` removes this batch only.
import { defineCallSeed } from 'crm-calls-seed';

export = defineCallSeed(__filename);
