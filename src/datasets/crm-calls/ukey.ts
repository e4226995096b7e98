import type { IdKey } from '../../dataset/contract';

/** The CRM's ukey, `<tenant_id>000<id>`: ids the tenant's calls hold there are taken. */
export function ukeyOf(tenantId: number): IdKey {
  return { field: 'ukey', prefix: `${tenantId}000`, where: { tenant_id: tenantId } };
}
