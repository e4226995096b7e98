/** This package's version, recorded in the batch registry. Same relative path from src/ and dist/. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const TOOL_VERSION = (require('../package.json') as { version: string }).version;
