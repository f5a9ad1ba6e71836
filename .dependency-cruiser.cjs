/**
 * The layers of the house (README, "Where things are"), checked in `npm test`:
 * domain ← events ← application ← functions ← infra, with provinces (data) beside domain, and no
 * cycles. docs/decisions/0009-application-layer.md says why.
 */
const layer = (name, mayImport, comment) => ({
  name: `${name}-imports-only-${mayImport.join('-')}`,
  comment,
  severity: 'error',
  from: { path: `^${name}/` },
  to: {
    path: '^(domain|events|application|functions|infra|provinces|tools|tests|web)/',
    pathNot: mayImport.map((allowed) => `^${allowed}/`),
  },
});

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle makes two modules one: split them or move what they share down a layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer('domain', ['domain'], 'The domain is pure: it imports nothing above it.'),
    layer('events', ['domain', 'events'], 'Contracts build on the domain and nothing else.'),
    layer(
      'application',
      ['domain', 'events', 'application'],
      'Use cases name ports; adapters live in functions/.',
    ),
    layer(
      'functions',
      ['domain', 'events', 'application', 'functions'],
      'Functions never import infra/ or provinces/: they read the province at run time.',
    ),
    layer('provinces', ['domain', 'provinces'], 'Province configuration is data typed by the domain.'),
    {
      name: 'domain-uses-no-sdk',
      comment:
        'No AWS SDK, no CDK, no test tool in the domain (tests/architecture/domain-purity.test.ts checks the rest).',
      severity: 'error',
      from: { path: '^(domain|events|application)/' },
      to: { path: 'node_modules/(@aws-sdk|aws-cdk-lib|constructs|@aws-lambda-powertools|@middy)/' },
    },
    {
      name: 'shipped-code-uses-no-dev-dependency',
      comment:
        'What a Lambda bundle carries must be a runtime dependency (lunar-javascript is a build-time tool).',
      severity: 'error',
      from: { path: '^(domain|events|application|functions)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|\\.data|web/.*/dist)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
