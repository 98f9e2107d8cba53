// @obscura/server: Obscura's HTTP services and configuration.
export { type AccessDecision, canAccess, type ProductAccess, type User } from './access.ts';
export { type BuildOptions, buildServer } from './app.ts';
export {
  CONFIG_FILE_NAME,
  ConfigError,
  DEFAULT_CONFIG,
  ENVIRONMENT_OVERRIDES,
  type LoadConfigOptions,
  loadConfig,
  type ObscuraConfig,
} from './config.ts';
export { DaliParams, daliParams } from './dali-params.ts';
export { ERROR_CODES, type ErrorCode, type ErrorForm, HttpError, useErrorForm } from './errors.ts';
export type { LandingInfo } from './landing-data.ts';
export { type RunningServer, redactDatabaseUrl, type StartOptions, startServer } from './serve.ts';
export { type ServiceEndpoint, serviceEndpoints } from './services.ts';
