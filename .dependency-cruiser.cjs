/**
 * Gavel's layering, checked by `npm run lint` (dependency-cruiser). Type-only imports count:
 * a cycle of types is still a cycle a reader has to untangle.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No module depends on itself through others, in server/, shared/ or client/.',
      from: { path: '^(server|shared|client)/' },
      to: { circular: true },
    },
    {
      name: 'shared-stands-alone',
      severity: 'error',
      comment: 'shared/ is code both sides run: it imports nothing from server/, client/ or tests/.',
      from: { path: '^shared/' },
      to: { path: '^(server|client|tests|bench)/' },
    },
    {
      name: 'shared-does-no-io',
      severity: 'error',
      comment: 'shared/ has no I/O: no Node built-ins, and of the npm packages only zod.',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: '(^|/)node_modules/zod/' },
    },
    {
      name: 'client-and-server-apart',
      severity: 'error',
      comment: 'The browser and the node share code only through shared/.',
      from: { path: '^client/' },
      to: { path: '^server/' },
    },
    {
      name: 'server-not-client',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^client/' },
    },
    {
      name: 'stores-below-cluster',
      severity: 'error',
      comment: 'Store backends (ledger, auth, links, snapshots, storage) and the Redis connection never import cluster/, which assembles them.',
      from: { path: '^server/(ledger|auth|links|snapshots|storage|redis)(/|\\.ts$)' },
      to: { path: '^server/cluster/' },
    },
    {
      name: 'redis-imports-no-backend',
      severity: 'error',
      comment: 'server/redis/ (connection, scripts, clock) is below every store: it imports none of them.',
      from: { path: '^server/redis/' },
      to: { path: '^server/(ledger|auth|links|snapshots|cluster|people)(/|\\.ts$)' },
    },
    {
      name: 'socket-wiring-only-in-the-app',
      severity: 'error',
      comment: 'Only the app assembles the Socket.IO wiring; everything else talks to the command path, the host and the rooms.',
      from: { path: '^(server|shared|client)/', pathNot: '^server/app\\.ts$' },
      to: { path: '^server/sockets\\.ts$' },
    },
    {
      name: 'not-to-tests',
      severity: 'error',
      comment: 'Production code never imports test code.',
      from: { path: '^(server|shared|client)/' },
      to: { path: '^(tests|bench)/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
