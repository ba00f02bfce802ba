/** The public surface of the API layer. */
export { ApiError, type ApiCall, type ApiErrorKind } from './errors.js';
export { ServiceError, type GroupService, type GroupSnapshot, type GroupSummary, type MemberAnswer, type Refusal, type ServiceErrorReason } from './service.js';
export { HttpGroupService } from './http-service.js';
export { ApiClient } from './client.js';
export { createGroupService, ConnectionError, type ClientLimits, type Connection, type Credentials, type GroupServiceHandle } from './connect.js';
export { isLoopback, parseBaseUrl, BaseUrlError, type BaseUrl } from './base-url.js';
export { toWireSettings, fromWireSettings, fromWireFlags } from './setting-fields.js';
export { redact, SecretSet } from './redact.js';
export { AGORA_MAX_EXPIRE_SECONDS, ttlSecondsOf } from './auth.js';
export { RateLimiter, DEFAULT_RATE } from './rate-limiter.js';
export { defaultRetryPolicy, type RetryPolicy } from './retry.js';
export type { TransportStats } from './transport.js';
export { formatHttpLog, type HttpLog, type HttpLogEntry, type HttpNext } from './http-log.js';
export { DEFAULT_CONCURRENCY, type ConcurrencySetting } from './auto-concurrency.js';
export { probeHost, type HostProbe } from './probe-host.js';
