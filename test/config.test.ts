import { crmCalls } from 'crm-calls-seed';
import { ConfigError } from 'crm-calls-seed';
import { envLayer as readEnv, optionsTableOf, resolveSettings } from 'crm-calls-seed/internal';
import type { CallsSettings } from 'crm-calls-seed/internal';

const NOW = new Date('2025-10-10T12:00:00Z');
const resolve = (...layers: Parameters<typeof resolveSettings>[0]) =>
  resolveSettings(layers, NOW, crmCalls) as CallsSettings;
/** The environment as the seed reads it: the engine's settings and the calls options. */
const envLayer = (env: Record<string, string>) => readEnv(env, optionsTableOf(crmCalls));

describe('configuration', () => {
  test('defaults match the original seed: 500 calls, tenant 1, user 1, 30 days, database crm', () => {
    const s = resolve();
    expect([s.calls, s.tenantId, s.userId, s.days, s.dbName]).toEqual([500, 1, 1, 30, 'crm']);
    expect(s.refDate).toEqual(NOW);
    expect(Object.isFrozen(s)).toBe(true);
  });

  test('precedence: file < env < flags', () => {
    const s = resolve(
      { kind: 'file', label: 'crm-seed.config.json', values: { calls: 10, tenantId: 2, userId: 3 } },
      envLayer({ SEED_CALLS: '20', SEED_TENANT_ID: '4' }),
      { kind: 'flag', values: { calls: '30' } },
    );
    expect([s.calls, s.tenantId, s.userId]).toEqual([30, 4, 3]);
  });

  test.each([
    [
      envLayer({ SEED_CALLS: '10000001' }),
      /^SEED_CALLS must be an integer from 1 to 10,000,000 \(got "10000001"\)$/,
    ],
    [{ kind: 'flag' as const, values: { days: 'x' } }, /^--days must be an integer/],
    [
      { kind: 'file' as const, label: 'crm-seed.config.json', values: { calsl: 5 } },
      /crm-seed.config.json: unknown setting "calsl"/,
    ],
    [envLayer({ SEED_INBOUND_SHARE: '1.5' }), /^SEED_INBOUND_SHARE must be a number from 0 to 1/],
    [
      envLayer({ SEED_PRODUCTION_PATTERN: '(' }),
      /^SEED_PRODUCTION_PATTERN must be a valid regular expression/,
    ],
    [envLayer({ SEED_TO: '2025-01-01' }), /SEED_TO \(--to\) needs SEED_FROM/],
    [
      envLayer({ SEED_FROM: '2025-02-01', SEED_TO: '2025-01-01' }),
      /SEED_FROM \(--from\) must be before SEED_TO/,
    ],
  ])('rejects %j with a message naming the value', (layer, message) => {
    expect(() => resolve(layer)).toThrow(ConfigError);
    expect(() => resolve(layer)).toThrow(message);
  });

  test("the database: MONGO_DB, --db or the config file's dbName, else the URL's path, else crm", () => {
    const url = (u: string) => envLayer({ MONGO_URL: u });
    expect(resolve(url('mongodb://h:1/mydb?replicaSet=rs0')).dbName).toBe('mydb');
    expect(resolve(url('mongodb://u:p@h:1/my-db')).dbName).toBe('my-db');
    expect(resolve(url('mongodb://h:1/')).dbName).toBe('crm');
    expect(resolve(url('mongodb://h:1/?authSource=admin')).dbName).toBe('crm');
    expect(resolve(envLayer({ MONGO_URL: 'mongodb://h:1/mydb', MONGO_DB: 'crm_dev' })).dbName).toBe(
      'crm_dev',
    );
    expect(resolve({ kind: 'file', values: { dbName: 'fromfile' } }, url('mongodb://h:1/mydb')).dbName).toBe(
      'fromfile',
    );
    expect(resolve(url('mongodb://h:1/mydb'), { kind: 'flag', values: { dbName: 'flagdb' } }).dbName).toBe(
      'flagdb',
    );
    expect(() => resolve(url('mongodb://u:secret@h:1/my%20db'))).toThrow(
      /^MONGO_URL names the database "my db" in its path, which must be a database name of 1-63 letters/,
    );
  });

  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'])(
    'the key %s (a member of every object, not a setting) is an unknown setting in every source',
    (key) => {
      // JSON.parse and Object.fromEntries make "__proto__" an own key, as a config file or options object has it.
      const values = Object.fromEntries([[key, 1]]) as Record<string, unknown>;
      for (const kind of ['file', 'seed file', 'flag'] as const) {
        const layer = { kind, label: 'x.json', values };
        expect(() => resolve(layer)).toThrow(ConfigError);
        expect(() => resolve(layer)).toThrow(
          new RegExp(`unknown setting "${key}"; known settings: mongoUrl,`),
        );
      }
    },
  );

  test('options whose prototype holds settings (`{ __proto__: { calls: 5 } }`) are refused, not read as defaults', () => {
    const values = Object.create({ calls: 5 }) as Record<string, unknown>;
    expect(() => resolve({ kind: 'seed file', label: 'seed.js', values })).toThrow(
      /^seed\.js: options must be a plain object such as \{ batchSize: 500 \}/,
    );
    expect(resolve({ kind: 'seed file', values: Object.create(null) as Record<string, unknown> }).calls).toBe(
      500,
    );
  });

  test('boolean words are looked up as words: "constructor" is not a boolean', () => {
    expect(() => resolve(envLayer({ SEED_ALLOW_PRODUCTION: 'constructor' }))).toThrow(
      /^SEED_ALLOW_PRODUCTION must be 1, 0, true or false \(got "constructor"\)$/,
    );
    expect(resolve(envLayer({ SEED_ALLOW_PRODUCTION: 'true' })).allowProduction).toBe(true);
  });

  test('ISO dates without a zone are read as UTC', () => {
    expect(resolve(envLayer({ SEED_REF_DATE: '2025-10-10T08:30' })).refDate).toEqual(
      new Date('2025-10-10T08:30:00Z'),
    );
  });
});
