import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { crmCalls } from 'crm-calls-seed';
import {
  BUILT_IN_DATASETS,
  chooseDataset,
  createPalette,
  createProgram,
  optionsTableOf,
} from 'crm-calls-seed/internal';
import { ROOT, runProcess } from '../support/run-process';
import { cli, runBin } from './support/cli';

/** The CLI's commander program, built as runCli builds it, never parsed. */
function program(): Command {
  const io = {
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    cwd: ROOT,
    env: {},
  };
  return createProgram({
    io,
    colors: createPalette(false),
    done: () => undefined,
    dataset: chooseDataset([], ROOT),
  });
}

/** `--flag` as a whole word (not the start of a longer flag such as --seed in --seed-file). */
function mentions(text: string, flag: string): boolean {
  return new RegExp(`${flag}(?![\\w-])`).test(text);
}

const COMMANDS = ['stats', 'cleanup', 'verify', 'generate', 'import'];

describe('crm-seed --help', () => {
  test('lists every command, the exit codes and the configuration precedence', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(stdout).toContain('Exit codes:');
    expect(stdout).toContain('flag > environment variable > crm-seed.config.json');
  });

  test.each(COMMANDS)('%s --help shows its usage and the common options', async (command) => {
    const { code, stdout } = await cli([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: crm-seed ${command}`);
    for (const option of ['--config <file>', '--quiet', '--verbose']) expect(stdout).toContain(option);
  });

  test("generate --help offers every option of the dataset and the engine's seed and reference date, with env vars, from the tables", async () => {
    const { stdout } = await cli(['generate', '--help']);
    const table = optionsTableOf(crmCalls);
    for (const key of [...Object.keys(crmCalls.options ?? {}), 'refDate', 'randomSeed']) {
      expect(stdout).toContain(table[key]!.flag);
      expect(stdout).toContain(table[key]!.env);
    }
  });

  test('the real bin prints help and exits 0; unknown commands and options exit 2', async () => {
    const help = await runBin(['cleanup', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--batch <marker>');

    const unknownCommand = await runBin(['frobnicate']);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain("unknown command 'frobnicate'");

    const unknownOption = await cli(['stats', '--colour']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("unknown option '--colour'");
  });

  test('docs/cli.md documents every command and every exit code', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
    for (const command of program().commands) expect(docs).toContain(`### \`${command.name()}\``);
    for (const code of [0, 1, 2, 3, 4]) expect(docs).toMatch(new RegExp(`^\\| ${code}\\s+\\|`, 'm'));
  });

  test('docs/cli.md documents every long flag of every command, walked from the program itself', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
    const commands = program().commands;
    const flagsOf = (command: Command): string[] => command.options.flatMap((o) => (o.long ? [o.long] : []));
    // What every command has is documented once, in the "Common options" line.
    const common = flagsOf(commands[0]!).filter((flag) => commands.every((c) => flagsOf(c).includes(flag)));
    expect(common).toEqual(['--config', '--quiet', '--verbose']);
    const commonLine = /^Common options of every command: .*$/m.exec(docs)?.[0] ?? '';
    const missing: string[] = common.filter((flag) => !mentions(commonLine, flag));
    // The chosen dataset's options (the default one's here) in its table in docs/datasets.md.
    const datasets = readFileSync(join(ROOT, 'docs', 'datasets.md'), 'utf8');
    const calls = datasets.split('### `crm-calls`')[1]?.split(/\n##+ /)[0] ?? '';
    const ofDataset = new Set(Object.values(crmCalls.options ?? {}).map((o) => o.flag));
    // Every other flag in the section of its own command.
    for (const command of commands) {
      const section = docs.split(`### \`${command.name()}\``)[1]?.split(/\n##+ /)[0] ?? '';
      for (const flag of flagsOf(command)) {
        if (common.includes(flag)) continue;
        const documented = ofDataset.has(flag) ? mentions(calls, flag) : mentions(section, flag);
        if (!documented) missing.push(`${command.name()} ${flag}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('docs/datasets.md lists every option of every built-in dataset with its env name and flag', () => {
    const datasets = readFileSync(join(ROOT, 'docs', 'datasets.md'), 'utf8');
    for (const dataset of BUILT_IN_DATASETS) {
      const section = datasets.split(`### \`${dataset.name}\``)[1]?.split(/\n##+ /)[0] ?? '';
      for (const [key, option] of Object.entries(dataset.options ?? {})) {
        const row = new RegExp(`^\\| \`${key}\` +\\| \`${option.env}\` +\\| \`${option.flag}\` +\\|`, 'm');
        expect(section).toMatch(row);
      }
    }
  });

  test('`npx crm-seed` resolves this repository’s own bin', async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
    const npx = await runProcess('npx', ['--no-install', 'crm-seed', '--version']);
    expect(npx.code).toBe(0);
    expect(npx.stdout.trim()).toBe(version);
  });
});
