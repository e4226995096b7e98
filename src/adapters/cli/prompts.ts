import { input, select } from '@inquirer/prompts';
import { SafetyError } from '../../errors';
import type { CliIo } from './cli-io';
import type { Palette } from './colors';

/** The confirmation word, as in the original cleanup script. */
export const CONFIRM_WORD = 'DELETE';

/** The terminal a prompt runs on: its streams and this run's colours. */
export interface PromptTerminal {
  readonly io: CliIo;
  readonly colors: Palette;
}

/** Prompts read the terminal given in io; Ctrl-C or a closed terminal aborts with nothing done. */
export async function askText(
  terminal: PromptTerminal,
  message: string,
  validate?: (text: string) => string | true,
): Promise<string> {
  return guard(() =>
    input(
      { message, theme: themeOf(terminal.colors), ...(validate ? { validate } : {}) },
      context(terminal.io),
    ),
  );
}

export async function askChoice<T>(
  terminal: PromptTerminal,
  message: string,
  choices: readonly { name: string; value: T; description?: string }[],
): Promise<T> {
  const { colors } = terminal;
  const theme = themeOf(colors);
  return guard(() =>
    select(
      {
        message,
        choices: [...choices],
        pageSize: 12,
        theme: {
          ...theme,
          style: {
            ...theme.style,
            // select's own additions to the theme, with the same colours.
            disabled: (text: string) => colors.dim(`- ${text}`),
            description: colors.cyan,
            keysHelpTip: (keys: [string, string][]) =>
              keys
                .map(([key, action]) => `${colors.bold(key)} ${colors.dim(action)}`)
                .join(colors.dim(' • ')),
          },
        },
      },
      context(terminal.io),
    ),
  );
}

/** True only if the user typed the confirmation word exactly. */
export async function confirmDelete(terminal: PromptTerminal): Promise<boolean> {
  const answer = await askText(
    terminal,
    `Type ${CONFIRM_WORD} to delete these documents (anything else aborts):`,
  );
  return answer.trim() === CONFIRM_WORD;
}

/**
 * @inquirer/prompts' default theme with this run's colours: its own colours (yoctocolors) are
 * decided from the process when loaded, which would ignore NO_COLOR/FORCE_COLOR given in io.
 */
function themeOf(colors: Palette) {
  return {
    prefix: { idle: colors.blue('?'), done: colors.green('✔') },
    spinner: {
      interval: 80,
      frames: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'].map((frame) => colors.yellow(frame)),
    },
    style: {
      answer: colors.cyan,
      message: (text: string) => colors.bold(text),
      error: (text: string) => colors.red(`> ${text}`),
      defaultAnswer: (text: string) => colors.dim(`(${text})`),
      help: colors.dim,
      highlight: colors.cyan,
      key: (text: string) => colors.cyan(colors.bold(`<${text}>`)),
    },
  };
}

function context(io: CliIo): { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } {
  return { input: io.stdin, output: io.stdout };
}

async function guard<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (err) {
    if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) {
      throw new SafetyError('aborted at the prompt; nothing deleted', { code: 'NOT_CONFIRMED' });
    }
    throw err;
  }
}
