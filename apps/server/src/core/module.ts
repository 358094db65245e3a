import type { FastifyRequest } from "fastify";
import type { App } from "./http/app-type.ts";
import type { Logger } from "pino";
import type { Actor } from "./actor.ts";
import type { Config } from "./config.ts";
import type { Db, DatabaseKind } from "./db/index.ts";
import type { Migration } from "./db/migrate.ts";
import type { JobRun } from "./jobs.ts";

/** What every module receives: the database, configuration and a logger named after it. */
export type ModuleContext = {
  db: Db;
  dbKind: DatabaseKind;
  config: Config;
  log: Logger;
  /**
   * Where the audit chain's head is recorded outside the database (`audit-head.ts`); absent when
   * the platform was handed a database it does not own (tests), which has no DATA_DIR of its own.
   */
  auditHead?: { file: string; database: string };
};

/** A figure a module reports to the IOC. */
export type Kpi = {
  key: string;
  label: { vi: string; en: string };
  value: number;
  unit?: string;
  /** When the figure was computed (the IOC shows each figure's age). */
  at: Date;
};

/** A recurring job; each due run executes once across all server processes. */
export type RecurringJob = {
  name: string;
  /** Interval between runs, in seconds. */
  everySeconds: number;
  run(ctx: ModuleContext): Promise<void>;
};

/** A job that runs only when enqueued with `enqueueJob`, e.g. one e-mail to deliver. */
export type OneOffJob = {
  name: string;
  everySeconds?: undefined;
  run(ctx: ModuleContext, run: JobRun): Promise<void>;
};

/** A reaction to an event published by some module through the outbox. */
export type EventSubscription = {
  /** Event type, e.g. `directory.organization_changed`. */
  event: string;
  /** Unique name of this subscriber (deliveries are tracked per subscriber). */
  name: string;
  handle(payload: unknown, ctx: ModuleContext): Promise<void>;
};

/**
 * Resolves who is calling. The identity module supplies one; it may throw an AppError
 * (e.g. `csrf_failed`) to refuse the request outright.
 */
export type Authenticator = (request: FastifyRequest, ctx: ModuleContext) => Promise<Actor | null>;

/**
 * A module declares itself with a manifest; the list of modules in `modules/index.ts` is data,
 * and adding a module touches its own folder and that list only.
 */
export type ModuleManifest = {
  /** Short name, also the URL segment: routes are mounted under `/api/v1/<id>`. */
  id: string;
  /** Human name for navigation and docs. */
  title: { vi: string; en: string };
  migrations: readonly Migration[];
  /** JSON API routes, registered under `/api/v1/<id>`. */
  routes?(app: App, ctx: ModuleContext): Promise<void> | void;
  /**
   * Routes outside `/api/v1` that a standard fixes, such as the OpenID Connect provider at
   * `/oidc`; they authenticate requests themselves.
   */
  rootRoutes?(app: App, ctx: ModuleContext): Promise<void> | void;
  /** Reference data every installation needs (e.g. administrative units); idempotent. */
  seedReference?(ctx: ModuleContext): Promise<void>;
  /** Demo data for a first start (`DEMO_SEED`); idempotent. */
  seedDemo?(ctx: ModuleContext): Promise<void>;
  jobs?: readonly (RecurringJob | OneOffJob)[];
  subscriptions?: readonly EventSubscription[];
  authenticate?: Authenticator;
  kpis?(ctx: ModuleContext): Promise<Kpi[]>;
};
