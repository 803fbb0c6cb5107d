import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['1', 'true', '0', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes' || v === 'on');

/** One retention rule: posts of `source` (`*`: any other) older than `days` are deleted or lose their author. */
export interface RetentionRule {
  readonly source: string;
  readonly action: 'delete' | 'anonymise';
  readonly days: number;
}

// SIAGA_RETENTION="twitter=delete:90,rss=anonymise:365,*=delete:730"
const Retention = z.string().transform((value, ctx): RetentionRule[] => {
  const rules: RetentionRule[] = [];
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z0-9_.-]{1,64}|\*)=(delete|anonymise|anonymize):(\d{1,5})$/u.exec(part);
    const days = m ? Number(m[3]) : 0;
    if (!m || days < 1) {
      ctx.addIssue({ code: 'custom', message: `"${part}" is not SOURCE=delete:DAYS or SOURCE=anonymise:DAYS (DAYS from 1, SOURCE a source name or *)` });
      return z.NEVER;
    }
    if (rules.some((r) => r.source === m[1])) {
      ctx.addIssue({ code: 'custom', message: `${m[1]} has two rules` });
      return z.NEVER;
    }
    rules.push({ source: m[1]!, action: m[2] === 'delete' ? 'delete' : 'anonymise', days });
  }
  return rules;
});

/** One entry of SIAGA_TRUST_PROXY: a named range Express knows, an address, or an address/prefix. */
function isProxyEntry(entry: string): boolean {
  if (entry === 'loopback' || entry === 'linklocal' || entry === 'uniquelocal') return true;
  const [addr = '', bits, ...rest] = entry.split('/');
  const family = isIP(addr);
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/**
 * Whose X-Forwarded-For to believe: nobody by default (the client address is the socket's), a
 * number of proxy hops in front, or the proxies' addresses and ranges, comma-separated.
 */
const TrustProxy = z
  .string()
  .trim()
  .transform((v, ctx): false | number | string[] => {
    if (v === '') return false;
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops >= 1 && hops <= 10) return hops;
    } else {
      const entries = v.split(',').map((e) => e.trim());
      if (entries.every(isProxyEntry)) return entries;
    }
    ctx.addIssue({ code: 'custom', message: 'must be a number of proxy hops (1-10) or a comma-separated list of addresses, address/prefix ranges, loopback, linklocal or uniquelocal' });
    return z.NEVER;
  });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SIAGA_DATA_DIR: z.string().min(1).default('./data'),
  SIAGA_ADMIN_EMAIL: z.email().optional().or(z.literal('').transform(() => undefined)),
  SIAGA_ADMIN_PASSWORD: z.string().min(10, 'must have at least 10 characters').optional().or(z.literal('').transform(() => undefined)),
  SIAGA_INGEST_KEY: z.string().min(16, 'must have at least 16 characters').optional().or(z.literal('').transform(() => undefined)),
  SIAGA_JWT_SECRET: z.string().min(32, 'must have at least 32 characters').optional().or(z.literal('').transform(() => undefined)),
  SIAGA_SECRET_KEY: z.string().min(32, 'must have at least 32 characters').optional().or(z.literal('').transform(() => undefined)),
  SIAGA_ACCESS_TOKEN_TTL: z.coerce.number().int().min(30).max(86_400).default(900),
  SIAGA_REFRESH_TOKEN_TTL: z.coerce.number().int().min(300).max(90 * 86_400).default(7 * 86_400),
  SIAGA_DEMO: bool.default(false),
  SIAGA_DEMO_RATE: z.coerce.number().min(1).max(100_000).default(120),
  SIAGA_LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
  SIAGA_LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  SIAGA_BACKFILL_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  SIAGA_INGEST_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(1000).default(8),
  SIAGA_STATIC_DIR: z.string().optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SIAGA_LIVE_REPLAY_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  SIAGA_PUBLIC_URL: z.url().optional().or(z.literal('').transform(() => undefined)),
  SIAGA_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SIAGA_MAIL_FROM: z.string().min(3).default('Siaga <siaga@localhost>'),
  SIAGA_ALERT_AUTO_RESOLVE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  SIAGA_WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  SIAGA_TRUST_PROXY: TrustProxy.default(false),
  SIAGA_RETENTION: Retention.default([]),
  SIAGA_DIGEST_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM (00:00-23:59)')
    .default('07:00'),
  SIAGA_DIGEST_TZ: z.string().min(1).refine(isTimeZone, 'must be an IANA time zone such as Asia/Jakarta').default('Asia/Jakarta'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type DatabaseEngine = 'pglite' | 'postgres';

export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /**
   * Express's `trust proxy`: whose X-Forwarded-For gives the client address (login limits are
   * per address). False unless SIAGA_TRUST_PROXY says otherwise: a forged header from a client
   * that reaches the server directly must not choose its own address.
   */
  readonly trustProxy: false | number | readonly string[];
  readonly database:
    | { readonly engine: 'postgres'; readonly url: string; readonly poolSize: number }
    | { readonly engine: 'pglite'; readonly dataDir: string };
  readonly dataDir: string;
  readonly admin: { readonly email: string; readonly password: string | undefined };
  readonly ingestKey: string | undefined;
  readonly jwt: { readonly secret: string | undefined; readonly accessTtlSeconds: number; readonly refreshTtlSeconds: number };
  /** Encrypts the secrets sources keep (AES-256-GCM); generated and stored once when unset. */
  readonly secretKey: string | undefined;
  readonly demo: { readonly enabled: boolean; readonly ratePerMinute: number };
  readonly login: { readonly maxAttempts: number; readonly windowSeconds: number };
  readonly backfillDays: number;
  /** Ingest requests read and stored at once; more answer 503 with Retry-After. */
  readonly ingestMaxInFlight: number;
  readonly staticDir: string | undefined;
  /** Live updates (/live): Redis fans them out across instances; reconnecting clients get this much replay. */
  readonly realtime: { readonly redisUrl: string | undefined; readonly replayMinutes: number };
  /** Where people reach the dashboard (links in notifications). */
  readonly publicUrl: string;
  readonly alerts: { readonly autoResolveMinutes: number };
  readonly mail: { readonly smtpUrl: string | undefined; readonly from: string };
  /** Webhooks may target loopback and private addresses only when an admin says so. */
  readonly webhooks: { readonly allowPrivate: boolean };
  /** Personal data kept only so long (UU 27/2022): per source, delete posts or strip their authors. */
  readonly retention: readonly RetentionRule[];
  /** Daily and weekly digests go out at this local time (minutes after local midnight) of `timeZone`. */
  readonly digests: { readonly minuteOfDay: number; readonly time: string; readonly timeZone: string };
  readonly logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; a bad variable stops the process with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<string, string>> = {}): AppConfig {
  const parsed = EnvSchema.safeParse({ ...env, ...overrides });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.SIAGA_DATA_DIR);
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    trustProxy: e.SIAGA_TRUST_PROXY,
    database: e.DATABASE_URL
      ? { engine: 'postgres' as const, url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { engine: 'pglite' as const, dataDir: resolve(dataDir, 'pglite') },
    dataDir,
    admin: { email: (e.SIAGA_ADMIN_EMAIL ?? 'admin@siaga.local').toLowerCase(), password: e.SIAGA_ADMIN_PASSWORD },
    ingestKey: e.SIAGA_INGEST_KEY,
    jwt: { secret: e.SIAGA_JWT_SECRET, accessTtlSeconds: e.SIAGA_ACCESS_TOKEN_TTL, refreshTtlSeconds: e.SIAGA_REFRESH_TOKEN_TTL },
    secretKey: e.SIAGA_SECRET_KEY,
    demo: { enabled: e.SIAGA_DEMO, ratePerMinute: e.SIAGA_DEMO_RATE },
    login: { maxAttempts: e.SIAGA_LOGIN_MAX_ATTEMPTS, windowSeconds: e.SIAGA_LOGIN_WINDOW_SECONDS },
    backfillDays: e.SIAGA_BACKFILL_DAYS,
    ingestMaxInFlight: e.SIAGA_INGEST_MAX_IN_FLIGHT,
    staticDir: e.SIAGA_STATIC_DIR,
    realtime: { redisUrl: e.REDIS_URL, replayMinutes: e.SIAGA_LIVE_REPLAY_MINUTES },
    publicUrl: (e.SIAGA_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    alerts: { autoResolveMinutes: e.SIAGA_ALERT_AUTO_RESOLVE_MINUTES },
    mail: { smtpUrl: e.SIAGA_SMTP_URL, from: e.SIAGA_MAIL_FROM },
    webhooks: { allowPrivate: e.SIAGA_WEBHOOK_ALLOW_PRIVATE },
    retention: e.SIAGA_RETENTION,
    digests: { minuteOfDay: Number(e.SIAGA_DIGEST_TIME.slice(0, 2)) * 60 + Number(e.SIAGA_DIGEST_TIME.slice(3)), time: e.SIAGA_DIGEST_TIME, timeZone: e.SIAGA_DIGEST_TZ },
    logLevel: e.LOG_LEVEL,
  });
}

export const APP_CONFIG = Symbol('APP_CONFIG');
