import { input, select } from '@inquirer/prompts';
import { SafetyError } from '../../errors';
import type { CliIo } from './cli-io';

/** The confirmation word, as in the original cleanup script. */
export const CONFIRM_WORD = 'DELETE';

/** Prompts read the terminal given in io; Ctrl-C or a closed terminal aborts with nothing done. */
export async function askText(
  io: CliIo,
  message: string,
  validate?: (text: string) => string | true,
): Promise<string> {
  return guard(() => input({ message, ...(validate ? { validate } : {}) }, context(io)));
}

export async function askChoice<T>(
  io: CliIo,
  message: string,
  choices: readonly { name: string; value: T; description?: string }[],
): Promise<T> {
  return guard(() => select({ message, choices: [...choices], pageSize: 12 }, context(io)));
}

/** True only if the user typed the confirmation word exactly. */
export async function confirmDelete(io: CliIo): Promise<boolean> {
  const answer = await askText(io, `Type ${CONFIRM_WORD} to delete these documents (anything else aborts):`);
  return answer.trim() === CONFIRM_WORD;
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
