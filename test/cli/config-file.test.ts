import { crmCalls } from 'crm-calls-seed';
import { writeFileSync } from 'node:fs';
import { ConfigError } from 'crm-calls-seed';
import { loadConfigFile, optionsTableOf, parseConfigText, resolveSettings } from 'crm-calls-seed/internal';

const CLI_OPTIONS = optionsTableOf(crmCalls);
import type { CallsSettings } from 'crm-calls-seed/internal';
import { join } from 'node:path';
import { cli } from './support/cli';
import { tempDir } from './support/temp-dir';

function dirWith(files: Record<string, unknown>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

/** The count a dry run reports: "Would generate 7 calls ...". */
async function dryRunCount(cwd: string, args: string[] = []): Promise<number> {
  const { code, stdout, stderr } = await cli(['generate', '--dry-run', ...args], { cwd });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return Number(/Would generate ([\d,]+) calls/.exec(stdout)?.[1]?.replace(/,/g, ''));
}

describe('crm-seed.config.json', () => {
  const saved = process.env['SEED_CALLS'];
  afterEach(() => {
    if (saved === undefined) delete process.env['SEED_CALLS'];
    else process.env['SEED_CALLS'] = saved;
  });

  test('precedence: flag > environment > config file > default', async () => {
    const withFile = dirWith({ 'crm-seed.config.json': { calls: 7 } });
    const withoutFile = dirWith({});
    delete process.env['SEED_CALLS'];
    expect(await dryRunCount(withoutFile)).toBe(500);
    expect(await dryRunCount(withFile)).toBe(7);
    process.env['SEED_CALLS'] = '5';
    expect(await dryRunCount(withFile)).toBe(5);
    expect(await dryRunCount(withFile, ['--calls', '3'])).toBe(3);
  });

  test('--config names another file, which then must exist', async () => {
    const dir = dirWith({ 'crm-seed.config.json': { calls: 7 }, 'other.json': { calls: 9 } });
    delete process.env['SEED_CALLS'];
    expect(await dryRunCount(dir, ['--config', 'other.json'])).toBe(9);

    const missing = await cli(['generate', '--dry-run', '--config', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('crm-seed: cannot read config file nope.json: no such file\n');
  });

  test('holds generation options, custom value lists included', async () => {
    const dir = dirWith({
      'crm-seed.config.json': {
        calls: 40,
        tenantId: 7,
        inboundShare: 1,
        valuesMode: 'replace',
        subjects: ['Only subject'],
        from: '2025-01-01',
        to: '2025-02-01',
      },
    });
    delete process.env['SEED_CALLS'];
    const { code, stdout } = await cli(['generate', '--dry-run'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain('tenant_id 7');
    expect(stdout).toContain('inbound 40 (100%)');
    expect(stdout).toContain('1 subjects');
    expect(stdout).toContain('window: 2025-01-01T00:00:00.000Z .. 2025-02-01T00:00:00.000Z');
    expect(stdout).toContain('"subject": "Only subject"');
  });

  test('a bad value names the file and the key, exit 2', async () => {
    const dir = dirWith({ 'crm-seed.config.json': { calls: -1 } });
    const { code, stderr } = await cli(['generate', '--dry-run'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'crm-seed: crm-seed.config.json: "calls" must be an integer from 1 to 10,000,000 (got -1)\n',
    );
  });

  test('unknown keys are rejected, with a hint for near misses', () => {
    expect(() => parseConfigText('{"tenant_id": 3}', 'crm-seed.config.json', CLI_OPTIONS)).toThrow(
      /crm-seed.config.json: unknown setting "tenant_id"; did you mean "tenantId"\?/,
    );
    expect(() => parseConfigText('{"nodeEnv": "production"}', 'x.json', CLI_OPTIONS)).toThrow(
      /comes from the environment/,
    );
  });

  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'a key named %s is an unknown setting, not a member of Object',
    (key) => {
      expect(() => parseConfigText(`{"${key}": {"schema": 1}}`, 'crm-seed.config.json', CLI_OPTIONS)).toThrow(
        new RegExp(`^crm-seed.config.json: unknown setting "${key}"; known settings: mongoUrl,`),
      );
    },
  );

  test("JSON syntax errors give a line and column, never V8's excerpt of the file (it may hold a password)", () => {
    const message = (text: string): string => {
      try {
        parseConfigText(text, 'c.json', CLI_OPTIONS);
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('parsed');
    };
    expect(message('{"calls": 3,\n "mongoUrl": mongodb://u:s3cretpw@h}')).toBe(
      "c.json is not valid JSON: Unexpected token 'm'",
    );
    expect(message('{"calls": 3,\n "mongoUrl": "mongodb://u:s3c"retpw@h"}')).toBe(
      "c.json is not valid JSON: Expected ',' or '}' after property value at line 2, column 31",
    );
  });

  test('not JSON, or not an object, is a ConfigError naming the file', () => {
    expect(() => parseConfigText('{calls: 3}', 'c.json', CLI_OPTIONS)).toThrow(ConfigError);
    expect(() => parseConfigText('{calls: 3}', 'c.json', CLI_OPTIONS)).toThrow(/^c.json is not valid JSON/);
    expect(() => parseConfigText('[1]', 'c.json', CLI_OPTIONS)).toThrow(/c.json must contain a JSON object/);
  });

  test('no file in the working directory means no layer', () => {
    expect(loadConfigFile(undefined, dirWith({}))).toBeUndefined();
  });

  test('the example config file in the repository is valid', () => {
    const layer = loadConfigFile('crm-seed.config.example.json', join(__dirname, '..', '..'), CLI_OPTIONS);
    if (!layer) throw new Error('example config not found');
    expect((resolveSettings([layer], new Date(), crmCalls) as CallsSettings).calls).toBe(2000);
  });
});
