/** What `startEmulator` takes and what it gives back. */
import type { FaultSettings } from './edge.js';
import type { GroupStore, StoreData } from './store.js';

/** The Bearer token every emulator accepts unless `token` says otherwise (CONTRACT.md); the sandbox and the demo use it. */
export const EMULATOR_TOKEN = 'emulator-token';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Base `/{org}/{app}`; both default to `demo`. */
  org?: string;
  app?: string;
  /** Base `/app-id/{appId}`; default `demo`. */
  appId?: string;
  /**
   * With it, Agora app tokens built from appId + this certificate are accepted too
   * (agora-token wants both as 32 hex digits).
   */
  appCertificate?: string;
  /** A fixed Bearer token that is always accepted; default `emulator-token`. */
  token?: string;
  /** Credentials `POST /token` accepts; default `emulator` / `emulator-secret`. */
  clientId?: string;
  clientSecret?: string;
  /** Lifetime of issued tokens when the request gives no `ttl`; default 60 days. */
  tokenTtlSeconds?: number;
  /** Persist state here (snapshot) and in `${dataFile}.journal`. */
  dataFile?: string;
  /** Initial state when there is no data file yet. */
  seed?: StoreData;
  /** Delay before every answer. */
  latencyMs?: number;
  /** Requests per second for the whole app; 0 or undefined: no limit. */
  rateLimit?: number;
  /** 0..1: share of requests that fail with a 503 or a dropped connection. */
  faultRate?: number;
  /** The next this many successful creates are made and their answers dropped (edge.ts). */
  loseCreateAnswers?: number;
  /** The free edition's call quota: after this many calls every call answers 429 (edge.ts); default none. */
  callQuota?: number;
  /** Sent as `Retry-After` on 429s when set. */
  retryAfterSeconds?: number;
  /** Edition quotas (FACTS.md: free edition 100 groups per app; 100/600/100000 groups per user); default none. */
  groupsPerApp?: number;
  groupsPerUser?: number;
  /** See StoreOptions.transferKeepsAdmin; overrides the `transfer-keeps-admin` dialect. */
  transferKeepsAdmin?: boolean;
  /** Dialect names (dialects.ts), as a list or comma-separated; none: the doc pages' reading. */
  dialects?: string | readonly string[];
  /** No startup or error lines on stderr. */
  quiet?: boolean;
  /** Clock for timestamps, token expiry and the rate bucket (tests); default Date.now. */
  now?: () => number;
  /** Source of randomness for faults (tests); default Math.random. */
  random?: () => number;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  baseUrls: { easemob: string; agora: string };
  store: GroupStore;
  counters(): Record<string, number>;
  resetCounters(): void;
  setFaults(faults: FaultSettings): void;
  /** Stops serving and writes a compacted snapshot. */
  close(): Promise<void>;
  /** Stops serving without compacting: what a kill -9 leaves on disk (for crash tests). */
  kill(): Promise<void>;
}

