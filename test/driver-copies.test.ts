import * as ownDriver from 'mongodb';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  duplicateKeyOf,
  isAuthError,
  isConnectionLoss,
  isDriverError,
  isDuplicateKey,
  isObjectId,
  objectIdLike,
} from 'crm-calls-seed/internal';

/**
 * A host may hand the seed a Db of another copy of the driver (a global migrate-mongo, npx, a
 * monorepo). A fresh module registry gives a real second copy of `mongodb`, whose classes are
 * not ours: everything the seed decides about its errors and values must still hold.
 */
function otherDriverCopy(): typeof ownDriver {
  let copy: typeof ownDriver | undefined;
  jest.isolateModules(() => {
    copy = jest.requireActual<typeof ownDriver>('mongodb');
  });
  return copy!;
}

const other = otherDriverCopy();

test('the second copy really is another copy: instanceof of our classes fails on its errors', () => {
  const err = new other.MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key error' });
  expect(other.MongoServerError).not.toBe(ownDriver.MongoServerError);
  expect(err instanceof ownDriver.MongoServerError).toBe(false);
});

describe.each([
  ['our copy', ownDriver],
  ['another copy', other],
])('errors of %s of the driver', (_label, driver) => {
  test('E11000 is a duplicate key, whose collection and key are read from the error', () => {
    const err = new driver.MongoServerError({
      code: 11000,
      codeName: 'DuplicateKey',
      errmsg:
        'E11000 duplicate key error collection: crm.seed_locks index: _id_ dup key: { _id: "crm-seed" }',
    });
    expect(isDriverError(err)).toBe(true);
    expect(isDuplicateKey(err)).toBe(true);
    expect(isConnectionLoss(err)).toBe(false);
    expect(duplicateKeyOf(err)).toMatchObject({ collection: 'seed_locks', index: '_id_' });
  });

  test('network errors and their subclasses, and server shutdown codes, are a lost connection', () => {
    expect(isConnectionLoss(new driver.MongoNetworkError('socket closed'))).toBe(true);
    expect(isConnectionLoss(new driver.MongoNetworkTimeoutError('timed out'))).toBe(true);
    expect(isConnectionLoss(new driver.MongoServerError({ code: 91, errmsg: 'shutting down' }))).toBe(true);
    expect(isConnectionLoss(new driver.MongoServerError({ code: 2, errmsg: 'bad value' }))).toBe(false);
  });

  test('a lost connection wrapped by a bulk write or in a cause is still one', () => {
    const network = new driver.MongoNetworkError('connection reset');
    const bulk = Object.assign(new driver.MongoServerError({ code: 1, errmsg: 'bulk' }), {
      errorResponse: network,
    });
    expect(isConnectionLoss(bulk)).toBe(true);
    expect(isConnectionLoss(new Error('ours', { cause: network }))).toBe(true);
  });

  test('authentication failures by code and code name', () => {
    expect(isAuthError(new driver.MongoServerError({ code: 18, errmsg: 'x' }))).toBe(true);
    expect(isAuthError(new driver.MongoServerError({ codeName: 'Unauthorized', errmsg: 'x' }))).toBe(true);
    expect(isAuthError(new driver.MongoServerError({ code: 2, errmsg: 'x' }))).toBe(false);
  });

  test('ObjectIds are told by what they carry, and new ones are made by the same copy', () => {
    const id = new driver.ObjectId('65a1b2c3d4e5f60718293a4b');
    expect(isObjectId(id)).toBe(true);
    expect(isObjectId({ toHexString: () => 'x' })).toBe(false);
    const next = objectIdLike(id, '65a1b2c3d4e5f60718293a4c');
    expect(next).toBeInstanceOf(driver.ObjectId);
    expect(next.toHexString()).toBe('65a1b2c3d4e5f60718293a4c');
  });
});

test('plain errors are not driver errors', () => {
  expect(isDriverError(new Error('E11000'))).toBe(false);
  expect(isDuplicateKey(Object.assign(new Error('x'), { code: 11000 }))).toBe(false);
});

test('the lint rule forbids instanceof on driver classes in src/', () => {
  const code = [
    "import { MongoServerError } from 'mongodb';",
    "import type { ObjectId } from 'mongodb';",
    'export const a = (e: unknown): boolean => e instanceof MongoServerError;',
    'export const b = (e: unknown, o: typeof ObjectId): boolean => e instanceof o;',
    '',
  ].join('\n');
  // eslint's config is ESM, which jest's module system cannot load: run it as `npm run lint` does.
  const eslint = join(process.cwd(), 'node_modules', 'eslint', 'bin', 'eslint.js');
  const run = spawnSync(
    process.execPath,
    [eslint, '--format', 'json', '--stdin', '--stdin-filename', 'src/write/connection/driver-errors.ts'],
    { input: code, encoding: 'utf8', timeout: 120_000 },
  );
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[];
  const rules = result!.messages.map((m) => m.ruleId);
  expect(rules).toContain('@typescript-eslint/no-restricted-imports');
  expect(rules.filter((r) => r === 'no-restricted-syntax')).toHaveLength(1);
});
