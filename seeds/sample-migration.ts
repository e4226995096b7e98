// The template `npx migrate-mongo create <name>` copies (migrate-mongo skips this file itself).
// A seed file: its name without extension is the batch marker; `down` removes that batch only.
// Options are the settings of the README's table in camelCase; they win over the environment.
import { defineCallSeed } from 'crm-calls-seed';

export = defineCallSeed(__filename, { calls: 500 });
