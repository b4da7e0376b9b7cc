import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf, validateSync } from 'class-validator';
import { ApiKey, parseApiKeys } from '../auth/api-keys';

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

  /** `key:role[,key:role…]`; empty means development mode (everyone is admin, loudly logged). */
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
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const DEFAULTS = { PORT: '3000', DATA_DIR: './data', EVENT_STORE: 'postgres', BASE_CURRENCY: 'EUR', LOG_LEVEL: 'info', PROJECTIONS: 'in-process', SSE_HEARTBEAT_MS: '15000', SSE_MAX_STREAMS: '1000' };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable means "not set", as in most shells' `VAR= npm start`.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const config = plainToInstance(AppConfig, { ...DEFAULTS, ...given });
  const errors = validateSync(config, { whitelist: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  try {
    config.apiKeys = parseApiKeys(config.API_KEYS ?? '');
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
