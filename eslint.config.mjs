import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The driver's and BSON's classes: matched by name, whichever copy of the driver they come from. */
const DRIVER_CLASS =
  '/^(Mongo[A-Za-z]*|BSON[A-Za-z]*|ObjectId|Long|Decimal128|Timestamp|Binary|Double|Int32|UUID|Code|DBRef|MinKey|MaxKey|Db|Collection|ClientSession|FindCursor|AggregationCursor|ChangeStream)$/';
const DRIVER_INSTANCEOF =
  'No instanceof on driver or BSON classes: the value may come from another copy of the driver. Classify errors in src/write/connection/driver-errors.ts; test ObjectIds with isObjectId (src/generate/object-ids.ts).';
const DRIVER_ERRORS = [
  'MongoError',
  'MongoServerError',
  'MongoDriverError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoBulkWriteError',
  'MongoWriteConcernError',
  'MongoAPIError',
  'MongoRuntimeError',
  'BSONError',
];

/** No instanceof on driver or BSON classes (any copy of the driver). */
const INSTANCEOF_SELECTORS = [
  ...['right.name', 'right.property.name'].map((operand) => ({
    selector: `BinaryExpression[operator='instanceof'][${operand}=${DRIVER_CLASS}]`,
    message: DRIVER_INSTANCEOF,
  })),
  {
    selector: `CallExpression[callee.property.name='instanceof'][arguments.0.name=${DRIVER_CLASS}]`,
    message: DRIVER_INSTANCEOF,
  },
];

/** The CRM's collections and fields: the names of one dataset family, not the engine's vocabulary. */
const CRM_NAMES =
  '/^(leads|contacts|accounts|deals|users|calls|activity_logs|tasks|tenant_id|user_id|add_by|deleted|ukey|owner_id)$/';
const CRM_NAME_MESSAGE =
  "The engine's folders name no CRM collection or field: the CRM's conventions live in src/datasets/crm/ and each CRM dataset; the engine learns names from the dataset it runs (its collections, links, tenantField, live rule).";
const CRM_NAME_SELECTORS = [
  { selector: `Literal[value=${CRM_NAMES}]`, message: CRM_NAME_MESSAGE },
  { selector: `TemplateElement[value.raw=${CRM_NAMES}]`, message: CRM_NAME_MESSAGE },
  { selector: `Property[key.name=${CRM_NAMES}]`, message: CRM_NAME_MESSAGE },
  { selector: `MemberExpression[property.name=${CRM_NAMES}]`, message: CRM_NAME_MESSAGE },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.tools/',
      '.local-db/',
      'coverage/',
      // Scratch space (git-ignored): the scaffold test and bench write generated modules there.
      'tmp/',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // A host may hand us a Db of another copy of the driver (a global migrate-mongo, npx, a
    // monorepo): its errors and values are not instances of our copy's classes.
    // src/write/connection/driver-errors.ts classifies errors by what they carry; see also generate/object-ids.ts.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...INSTANCEOF_SELECTORS],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'mongodb',
              importNames: DRIVER_ERRORS,
              allowTypeImports: true,
              message: DRIVER_INSTANCEOF,
            },
          ],
        },
      ],
    },
  },
  {
    // The engine runs whatever dataset it is handed: its folders name no CRM collection or field.
    files: ['src/{dataset,generate,write,files,inspect,operations,config,schema,scaffold}/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...INSTANCEOF_SELECTORS, ...CRM_NAME_SELECTORS] },
  },
  {
    // Tests, scripts and the benchmark are edges: they may print.
    files: ['test/**', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
);
