// Seeds look-alike leads, accounts, contacts (scaffolded from crm_fixture); `down` removes exactly this batch.
import { defineSeed } from 'crm-calls-seed';
import { dataset } from '../scaffold-crm.dataset';

export = defineSeed(__filename, dataset, {});
