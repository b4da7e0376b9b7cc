import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf, validateSync } from 'class-validator';
import { ApiKey, parseApiKeys } from '../auth/api-keys';
import { parseCorsOrigins } from './cors-origins';
import { isLoopback } from './listen-address';

/**
 * Everything the process reads from its environment, validated once at start (README "Configuration").
 * A bad value stops the process with every problem listed, rather than failing later at first use.
 */
export class AppConfig {
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number;

  /**
   * Bind address of the api (listen-address.ts). Unset: every interface when API_KEYS is set, loopback in
   * development mode, where only a loopback address is accepted.
   */
  @IsOptional()
  @Matches(/^([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|[0-9A-Fa-f:.]+)$/, { message: 'HOST must be a host name or an IP address such as 0.0.0.0, 127.0.0.1 or ::' })
  HOST?: string;

  /** `production` refuses to serve without API_KEYS. */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /**
   * How long a client may take to send a whole request, headers and body; past it the server answers 408
   * and closes the connection (Node's own default is 300 s).
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(600_000)
  REQUEST_TIMEOUT_MS: number;

  /** Comma-separated browser origins allowed cross-origin (cors-origins.ts); unset: no CORS headers at all. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @IsString()
  DATA_DIR: string;

  /** When set, that PostgreSQL is used and no embedded one is started. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** Port of the embedded PostgreSQL; by default a free one is picked at each start. */
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT?: number;

  @IsIn(['postgres', 'eventstoredb'])
  EVENT_STORE: 'postgres' | 'eventstoredb';

  @ValidateIf((config: AppConfig) => config.EVENT_STORE === 'eventstoredb')
  @Matches(/^esdb(\+discover)?:\/\//, { message: 'EVENTSTORE_URL must be an esdb:// URL when EVENT_STORE=eventstoredb' })
  EVENTSTORE_URL?: string;

  /** `[label:]key:role[+permission][,…]`; empty means development mode (everyone is admin, loopback only, loudly logged). */
  @IsOptional()
  @IsString()
  API_KEYS?: string;

  @Matches(/^[A-Z]{3}$/, { message: 'BASE_CURRENCY must be an ISO 4217 code such as EUR' })
  BASE_CURRENCY: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string;

  /** `in-process`: the api runs the projectors itself; `off`: a separate projector process does. */
  @IsIn(['in-process', 'off'])
  PROJECTIONS: 'in-process' | 'off';

  /** How often the event stream (SSE) sends a comment line to keep idle proxies from closing it. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(300_000)
  SSE_HEARTBEAT_MS: number;

  /** Event streams (SSE) one process serves at once; the next is refused with 503 TOO_MANY_STREAMS. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(100_000)
  SSE_MAX_STREAMS: number;

  apiKeys: ApiKey[];
  corsOrigins: string[];
}

export interface LoadOptions {
  /**
   * The process serves HTTP (the api): then production needs API_KEYS, and development mode may not listen
   * beyond loopback. The projector and the cli serve nothing and skip these rules.
   */
  servesHttp?: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const DEFAULTS = {
  PORT: '3000',
  DATA_DIR: './data',
  EVENT_STORE: 'postgres',
  BASE_CURRENCY: 'EUR',
  LOG_LEVEL: 'info',
  PROJECTIONS: 'in-process',
  SSE_HEARTBEAT_MS: '15000',
  SSE_MAX_STREAMS: '1000',
  REQUEST_TIMEOUT_MS: '30000',
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): AppConfig {
  // An empty variable means "not set", as in most shells' `VAR= npm start`.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const config = plainToInstance(AppConfig, { ...DEFAULTS, ...given });
  const errors = validateSync(config, { whitelist: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  let keysRead = true;
  try {
    config.apiKeys = parseApiKeys(config.API_KEYS ?? '');
  } catch (error) {
    problems.push((error as Error).message);
    keysRead = false;
  }
  try {
    config.corsOrigins = parseCorsOrigins(config.CORS_ORIGINS ?? '');
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (options.servesHttp && keysRead && config.apiKeys.length === 0) problems.push(...developmentModeProblems(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Without API_KEYS every caller is admin: fine on a developer's machine, nowhere else. */
function developmentModeProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  if (config.NODE_ENV === 'production') {
    problems.push('API_KEYS is required with NODE_ENV=production: without keys every caller would be admin');
  }
  if (config.HOST !== undefined && !isLoopback(config.HOST)) {
    problems.push(
      `HOST=${config.HOST} needs API_KEYS: without keys every caller is admin, so development mode listens on loopback only (unset HOST, or use 127.0.0.1, ::1 or localhost)`,
    );
  }
  return problems;
}
