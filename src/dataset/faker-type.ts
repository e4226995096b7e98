/**
 * faker's instance type. @faker-js/faker is ESM-only: imported with resolution-mode "import"
 * so that the shipped .d.ts files also type-check in CommonJS consumers on node16 resolution.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- typescript-eslint does not resolve resolution-mode imports
export type Faker = import('@faker-js/faker', { with: { 'resolution-mode': 'import' } }).Faker;
