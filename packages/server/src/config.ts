// Obscura's configuration: one optional JSON file (`obscura.config.json` in the working directory, or `--config FILE`)
// plus environment overrides, over defaults that serve the demo archive from ./data (DESIGN.md "Config").
// Precedence, lowest first: defaults < config file < environment (OBSCURA_*) < command-line options.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_AUTHORITY, DEFAULT_DATABASE_URL } from '@obscura/archive';
import { type ConfiguredUser, parseUsers } from './auth/users.ts';

export interface ObscuraConfig {
  /** The archive's name, shown on the landing page. */
  archiveName: string;
  /** IVOA authority of `ivo://<authority>/<collection>?<obs_id>/<file>` identifiers. */
  authority: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** `sqlite:PATH` or `postgres://...`. */
  db: string;
  /** Absolute directory the archive's files live under (collection roots are resolved against it). */
  dataDir: string;
  /** Public URL of the server root (no trailing slash), used in absolute links; null: derived from each request. */
  baseUrl: string | null;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** How long a graceful shutdown waits for in-flight requests before closing their connections. */
  shutdownTimeoutMs: number;
  /** How long the landing page's collection counts are cached (0: never). */
  landingCacheSeconds: number;
  /** TAP: rows returned when MAXREC is not given (TAPRegExt outputLimit default). */
  tapMaxrec: number;
  /** TAP: the most rows any query returns, whatever MAXREC says (TAPRegExt outputLimit hard). */
  tapMaxrecHard: number;
  /** TAP/UWS: seconds a query may run (sync, and the async default executionDuration). */
  tapExecutionDuration: number;
  /** TAP/UWS: the longest executionDuration a client may ask for (seconds). */
  tapExecutionDurationHard: number;
  /** TAP/UWS: seconds a job and its results are kept (TAPRegExt retentionPeriod default; destruction). */
  tapRetentionSeconds: number;
  /** TAP/UWS: the longest retention a client may ask for with DESTRUCTION (seconds). */
  tapRetentionHardSeconds: number;
  /** TAP_UPLOAD: the largest upload accepted (bytes, each table; TAPRegExt uploadLimit hard). */
  tapUploadMaxBytes: number;
  /** TAP_UPLOAD: the most rows an uploaded table may have. */
  tapUploadMaxRows: number;
  /**
   * TAP_UPLOAD by URL: also fetch URLs whose host is a loopback, private, link-local (…) address. Off by default:
   * a client could otherwise make the server read from the operator's own network (tap/upload-fetch.ts).
   */
  tapUploadAllowPrivateUrls: boolean;
  /**
   * Users with bearer tokens and the proposals they are entitled to (DESIGN.md "Proprietary data"); the file's
   * "users" array, or the one in OBSCURA_USERS_FILE. Only token digests are kept (auth/users.ts).
   */
  users: readonly ConfiguredUser[];
}

export const CONFIG_FILE_NAME = 'obscura.config.json';

export const DEFAULT_CONFIG: Readonly<ObscuraConfig> = {
  archiveName: 'Obscura demo archive',
  authority: DEFAULT_AUTHORITY,
  host: '127.0.0.1',
  port: 8080,
  db: DEFAULT_DATABASE_URL,
  dataDir: './data',
  baseUrl: null,
  logLevel: 'info',
  shutdownTimeoutMs: 10_000,
  landingCacheSeconds: 10,
  tapMaxrec: 100_000,
  tapMaxrecHard: 50_000_000,
  tapExecutionDuration: 3600,
  tapExecutionDurationHard: 86_400,
  tapRetentionSeconds: 7 * 86_400,
  tapRetentionHardSeconds: 30 * 86_400,
  tapUploadMaxBytes: 64 * 1024 * 1024,
  tapUploadMaxRows: 1_000_000,
  tapUploadAllowPrivateUrls: false,
  users: [],
};

/** Environment variable naming a JSON file with the users (`[{"name", "tokens", "proposals"}]` or `{"users": [...]}`). */
export const USERS_FILE_VARIABLE = 'OBSCURA_USERS_FILE';

/** A configuration problem, reported to the user as one line (`obscura: <message>`). */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Environment variable → config key. */
export const ENVIRONMENT_OVERRIDES: Readonly<Record<string, keyof ObscuraConfig>> = {
  OBSCURA_ARCHIVE_NAME: 'archiveName',
  OBSCURA_AUTHORITY: 'authority',
  OBSCURA_HOST: 'host',
  OBSCURA_PORT: 'port',
  OBSCURA_DB: 'db',
  OBSCURA_DATA_DIR: 'dataDir',
  OBSCURA_BASE_URL: 'baseUrl',
  OBSCURA_LOG_LEVEL: 'logLevel',
  OBSCURA_SHUTDOWN_TIMEOUT_MS: 'shutdownTimeoutMs',
  OBSCURA_LANDING_CACHE_SECONDS: 'landingCacheSeconds',
  OBSCURA_TAP_MAXREC: 'tapMaxrec',
  OBSCURA_TAP_MAXREC_HARD: 'tapMaxrecHard',
  OBSCURA_TAP_EXECUTION_DURATION: 'tapExecutionDuration',
  OBSCURA_TAP_EXECUTION_DURATION_HARD: 'tapExecutionDurationHard',
  OBSCURA_TAP_RETENTION_SECONDS: 'tapRetentionSeconds',
  OBSCURA_TAP_RETENTION_HARD_SECONDS: 'tapRetentionHardSeconds',
  OBSCURA_TAP_UPLOAD_MAX_BYTES: 'tapUploadMaxBytes',
  OBSCURA_TAP_UPLOAD_MAX_ROWS: 'tapUploadMaxRows',
  OBSCURA_TAP_UPLOAD_ALLOW_PRIVATE_URLS: 'tapUploadAllowPrivateUrls',
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NUMERIC_KEYS = new Set<keyof ObscuraConfig>([
  'port',
  'shutdownTimeoutMs',
  'landingCacheSeconds',
  'tapMaxrec',
  'tapMaxrecHard',
  'tapExecutionDuration',
  'tapExecutionDurationHard',
  'tapRetentionSeconds',
  'tapRetentionHardSeconds',
  'tapUploadMaxBytes',
  'tapUploadMaxRows',
]);

export interface LoadConfigOptions {
  /** Explicit config file (`--config FILE`): must exist. Otherwise `obscura.config.json` in cwd, if present. */
  file?: string;
  /** Values from the command line, applied last (undefined entries are ignored). */
  overrides?: Partial<Record<keyof ObscuraConfig, unknown>>;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Reads, merges and validates the configuration; throws ConfigError with a one-line message. */
export function loadConfig(options: LoadConfigOptions = {}): ObscuraConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const merged: Record<string, unknown> = { ...DEFAULT_CONFIG };

  const file = options.file ? resolve(cwd, options.file) : resolve(cwd, CONFIG_FILE_NAME);
  if (options.file || existsSync(file)) Object.assign(merged, readConfigFile(file));

  for (const [variable, key] of Object.entries(ENVIRONMENT_OVERRIDES)) {
    const v = env[variable];
    if (v !== undefined && v !== '') merged[key] = NUMERIC_KEYS.has(key) ? numberFrom(v, variable) : v;
  }
  const usersFile = env[USERS_FILE_VARIABLE];
  if (usersFile !== undefined && usersFile !== '') merged.users = readUsersFile(resolve(cwd, usersFile));
  for (const [key, v] of Object.entries(options.overrides ?? {})) {
    if (v !== undefined) merged[key] = v;
  }
  return validateConfig(merged, cwd);
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${file} must hold a JSON object like {"port": 8080}`);
  }
  const known = Object.keys(DEFAULT_CONFIG);
  for (const key of Object.keys(parsed)) {
    if (!known.includes(key)) {
      throw new ConfigError(`config file ${file}: unknown key "${key}" (known: ${known.join(', ')})`);
    }
  }
  return parsed as Record<string, unknown>;
}

/** The users of a users file (OBSCURA_USERS_FILE), not yet validated. */
function readUsersFile(file: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new ConfigError(`${USERS_FILE_VARIABLE}: cannot read users file ${file}: ${why}`);
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'users' in parsed) {
    return (parsed as { users: unknown }).users;
  }
  return parsed;
}

function numberFrom(v: string, where: string): number {
  if (!/^\d+$/.test(v.trim())) throw new ConfigError(`${where} must be a non-negative integer, got "${v}"`);
  return Number(v);
}

function validateConfig(c: Record<string, unknown>, cwd: string): ObscuraConfig {
  const str = (key: string): string => {
    const v = c[key];
    if (typeof v !== 'string' || v.trim() === '') throw new ConfigError(`config "${key}" must be a non-empty string`);
    return v.trim();
  };
  // Booleans: JSON true/false, or (from the environment) true/false, 1/0, yes/no.
  const bool = (key: string): boolean => {
    const raw = c[key];
    if (typeof raw === 'boolean') return raw;
    const text = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
    if (text === 'true' || text === '1' || text === 'yes') return true;
    if (text === 'false' || text === '0' || text === 'no') return false;
    throw new ConfigError(`config "${key}" must be true or false, got ${JSON.stringify(raw)}`);
  };
  const int = (key: string, min: number, max: number): number => {
    const raw = c[key];
    const v = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new ConfigError(`config "${key}" must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    }
    return v;
  };

  const db = str('db');
  if (!/^sqlite:.+/.test(db) && !/^postgres(ql)?:\/\/./.test(db)) {
    throw new ConfigError(`config "db" must be sqlite:PATH or postgres://USER@HOST:PORT/DB, got "${db}"`);
  }
  const authority = str('authority');
  // IVOA Identifiers 2.0 §2.3.2: authority IDs are at least 3 characters of [A-Za-z0-9._~-], starting alphanumeric.
  if (!/^[A-Za-z0-9][A-Za-z0-9._~-]{2,}$/.test(authority)) {
    throw new ConfigError(`config "authority" must be an IVOA authority like "example.org", got "${authority}"`);
  }
  let baseUrl: string | null = null;
  if (c.baseUrl !== null && c.baseUrl !== undefined) {
    const raw = str('baseUrl');
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new ConfigError(`config "baseUrl" must be an absolute http(s) URL, got "${raw}"`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new ConfigError(`config "baseUrl" must be an absolute http(s) URL, got "${raw}"`);
    }
    baseUrl = raw.replace(/\/+$/, '');
  }
  const logLevel = str('logLevel').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`config "logLevel" must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const dataDir = str('dataDir');
  return {
    archiveName: str('archiveName'),
    authority,
    host: str('host'),
    port: int('port', 0, 65535),
    db,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    baseUrl,
    logLevel,
    shutdownTimeoutMs: int('shutdownTimeoutMs', 0, 3_600_000),
    landingCacheSeconds: int('landingCacheSeconds', 0, 86_400),
    tapMaxrec: int('tapMaxrec', 0, 2 ** 31 - 1),
    tapMaxrecHard: int('tapMaxrecHard', 1, 2 ** 31 - 1),
    tapExecutionDuration: int('tapExecutionDuration', 1, 31_536_000),
    tapExecutionDurationHard: int('tapExecutionDurationHard', 1, 31_536_000),
    tapRetentionSeconds: int('tapRetentionSeconds', 1, 315_360_000),
    tapRetentionHardSeconds: int('tapRetentionHardSeconds', 1, 315_360_000),
    tapUploadMaxBytes: int('tapUploadMaxBytes', 0, 2 ** 31 - 1),
    tapUploadMaxRows: int('tapUploadMaxRows', 0, 2 ** 31 - 1),
    tapUploadAllowPrivateUrls: bool('tapUploadAllowPrivateUrls'),
    users: parseUsers(c.users, 'config', (m) => new ConfigError(m)),
  };
}
