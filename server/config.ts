/** Configuration from the environment, validated once at start. */
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_SECURITY, type SecurityOverrides, scaledRates } from './security/options.ts';
import { DEFAULT_STATE_BUDGET_BYTES } from './stateBudget.ts';

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Readiness and metrics listen here, apart from the public port (S60). */
  OPS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  OPS_HOST: z.string().default('127.0.0.1'),
  /** The operator's token (S61); when unset, one is generated once into DATA_DIR/operator-token. */
  OPERATOR_TOKEN: z.string().min(32, 'at least 32 characters').optional(),
  DATA_DIR: z.string().default('./data'),
  PUBLIC_URL: z.url().optional(),
  REDIS_URL: z.string().optional(),
  /** Prefix of every Redis key and channel, so that several deployments can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{0,64}$/, 'letters, digits and : _ . - only')
    .default('gavel:'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Reverse proxies in front of the node whose X-Forwarded-For is believed (0: none). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Comma-separated browser origins allowed besides the node's own and PUBLIC_URL's. */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .refine(
      (v) => v.split(',').every((o) => o.trim() === '' || /^https?:\/\/[^/\s]+$/.test(o.trim())),
      'origins like https://events.example.org, comma-separated',
    ),
  /** Comma-separated host names the node answers to besides localhost, IP addresses and PUBLIC_URL's; `*`: any (S33). */
  ALLOWED_HOSTS: z
    .string()
    .default('')
    .refine((v) => v.split(',').every((h) => /^(\*|[A-Za-z0-9.-]*(:\d+)?)$/.test(h.trim())), 'host names like events.example.org, comma-separated, or *'),
  MAX_CONNECTIONS_PER_IP: z.coerce.number().int().positive().default(DEFAULT_SECURITY.maxConnectionsPerIp),
  /** Sockets one person may hold open at once on a node (tabs and devices). */
  MAX_SOCKETS_PER_PERSON: z.coerce.number().int().positive().default(DEFAULT_SECURITY.maxSocketsPerPerson),
  /** Multiplies every rate limit (load tests: 100; never below 1 in production without a reason). */
  RATE_LIMIT_SCALE: z.coerce.number().positive().max(1_000_000).default(1),
  /** The byte budget of what people post in an event's state (S51). */
  STATE_BUDGET_BYTES: z.coerce.number().int().positive().default(DEFAULT_STATE_BUDGET_BYTES),
  /** File mode: start a new event even though auth.jsonl or links.json have no ledger beside them (they are moved aside). */
  GAVEL_START_FRESH: z.enum(['', '0', '1', 'false', 'true'], { message: '1 or 0' }).default(''),
});

export interface Config {
  port: number;
  host: string;
  opsPort: number;
  opsHost: string;
  operatorToken: string | null;
  dataDir: string;
  publicUrl: string | null;
  redisUrl: string | null;
  redisPrefix: string;
  logLevel: string;
  clientDir: string;
  security: SecurityOverrides;
  startFresh: boolean;
  stateBudgetBytes: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`bad configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    opsPort: c.OPS_PORT,
    opsHost: c.OPS_HOST,
    operatorToken: c.OPERATOR_TOKEN || null,
    dataDir: resolve(c.DATA_DIR),
    publicUrl: c.PUBLIC_URL?.replace(/\/$/, '') ?? null,
    redisUrl: c.REDIS_URL || null,
    redisPrefix: c.REDIS_PREFIX,
    logLevel: c.LOG_LEVEL,
    clientDir: resolve(import.meta.dirname, '../dist'),
    startFresh: c.GAVEL_START_FRESH === '1' || c.GAVEL_START_FRESH === 'true',
    stateBudgetBytes: c.STATE_BUDGET_BYTES,
    security: {
      trustProxy: c.TRUST_PROXY,
      allowedOrigins: c.ALLOWED_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      allowedHosts: c.ALLOWED_HOSTS.split(',')
        .map((h) => h.trim())
        .filter(Boolean),
      maxConnectionsPerIp: c.MAX_CONNECTIONS_PER_IP,
      maxSocketsPerPerson: c.MAX_SOCKETS_PER_PERSON,
      // A snapshot a socket may receive is a rate too.
      snapshotIntervalMs: DEFAULT_SECURITY.snapshotIntervalMs / c.RATE_LIMIT_SCALE,
      rates: scaledRates(c.RATE_LIMIT_SCALE),
    },
  };
}

/** The base of printed links when PUBLIC_URL is not set. */
export function defaultPublicUrl(config: Config): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}
