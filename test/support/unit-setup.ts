import { join } from 'node:path';

/**
 * `npm run test:unit` starts no server. Some of its tests run the crm-seed bin, which is
 * compiled JavaScript: dist/ is built first when src/ changed since (as migrate-mongo's config does).
 */
export default function unitSetup(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ensureBuilt } = require('../../scripts/ensure-built.cjs') as {
    ensureBuilt: (root: string) => void;
  };
  ensureBuilt(join(__dirname, '..', '..'));
}
