/** Configuration from the environment, validated once at start. */
import { resolve } from 'node:path';
import { z } from 'zod';

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  PUBLIC_URL: z.url().optional(),
  REDIS_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string | null;
  redisUrl: string | null;
  logLevel: string;
  clientDir: string;
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
    dataDir: resolve(c.DATA_DIR),
    publicUrl: c.PUBLIC_URL?.replace(/\/$/, '') ?? null,
    redisUrl: c.REDIS_URL || null,
    logLevel: c.LOG_LEVEL,
    clientDir: resolve(import.meta.dirname, '../dist'),
  };
}

/** The base of printed links when PUBLIC_URL is not set. */
export function defaultPublicUrl(config: Config): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}
