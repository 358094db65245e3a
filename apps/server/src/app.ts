import { timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import addFormats from "ajv-formats";
import Fastify, { type FastifyBaseLogger } from "fastify";
import type { App } from "./core/http/app-type.ts";
import type { Logger } from "pino";
import { Type } from "typebox";
import { requireRole, type Actor } from "./core/actor.ts";
import { recordAudit } from "./core/audit.ts";
import { runSeeds } from "./core/seed.ts";
import { isReachable } from "./core/db/index.ts";
import { pendingMigrations } from "./core/db/migrate.ts";
import { AppError } from "./core/errors.ts";
import { createMetrics } from "./core/http/metrics.ts";
import { ProblemSchema, sendProblem } from "./core/http/problem.ts";
import { RawRoutes } from "./core/http/raw-routes.ts";
import { newId } from "./core/ids.ts";
import { pickLanguage, type Language } from "./core/i18n.ts";
import type { Authenticator, ModuleContext, ModuleManifest } from "./core/module.ts";
import { migrationSources } from "./modules/index.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is calling; `null` when anonymous. Set before any handler runs. */
    actor: Actor | null;
    language: Language;
  }
}

export type BuildAppOptions = {
  ctx: ModuleContext;
  modules: readonly ModuleManifest[];
  logger: Logger;
  /** Secret the local CLI presents to act as the platform itself (see `core/data-dir-lock.ts`). */
  controlToken?: () => string | undefined;
};

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Builds the HTTP app from the module manifests: every module only adds a folder. */
export async function buildApp({
  ctx,
  modules,
  logger,
  controlToken,
}: BuildAppOptions): Promise<App> {
  const rawRoutes = new RawRoutes(ctx.config.trustProxy, logger);
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    serverFactory: rawRoutes.serverFactory,
    bodyLimit: ctx.config.bodyLimit,
    // Fastify's default (10 s) fails the start of a busy machine's first boot, when migrations,
    // seeds and key generation share the one thread with the plugins; a real hang still shows.
    pluginTimeout: 120_000,
    // Fastify's overloads do not take the union at once; every member is a value it accepts.
    trustProxy: ctx.config.trustProxy as boolean,
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers["x-request-id"];
      return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : newId();
    },
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: "array",
        useDefaults: true,
        allErrors: true,
      },
      plugins: [addFormats.default as never],
    },
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>() as App;

  app.decorateRequest("actor", null);
  app.decorateRequest("language", "vi");
  app.addSchema(ProblemSchema);
  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));

  const metrics = createMetrics();
  metrics.instrument(app);
  rawRoutes.observeWith(metrics.observe);
  app.decorate("rawRoutes", rawRoutes);
  app.decorate("metricsRegistry", metrics.registry);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Liên Thông API",
        version: "1",
        description:
          "API của nền tảng Liên Thông. Lỗi theo RFC 9457 (application/problem+json). / The Liên Thông platform API; errors are RFC 9457 problem details.",
      },
      servers: [{ url: ctx.config.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", description: "API token (Bearer)" },
          session: { type: "apiKey", in: "cookie", name: "lt_session" },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (json.$id as string) ?? `def-${i}`,
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    request.language = pickLanguage(request.headers["accept-language"]);
  });

  const authenticators = [
    controlTokenAuthenticator(controlToken),
    ...modules.flatMap((m) => (m.authenticate ? [m.authenticate] : [])),
  ];
  app.addHook("preHandler", async (request) => {
    if (!request.url.startsWith("/api/v1/")) return;
    for (const authenticate of authenticators) {
      const actor = await authenticate(request, ctx);
      if (actor) {
        request.actor = actor;
        return;
      }
    }
  });

  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));
  app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
    const reachable = await isReachable(ctx.db);
    const pending = reachable ? await pendingMigrations(ctx.db, migrationSources(modules)) : [];
    const ready = reachable && pending.length === 0;
    return reply.status(ready ? 200 : 503).send({
      status: ready ? "ready" : "not_ready",
      database: { kind: ctx.dbKind, reachable },
      pendingMigrations: pending,
    });
  });
  app.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  for (const manifest of modules) {
    if (!manifest.routes) continue;
    const moduleCtx = { ...ctx, log: ctx.log.child({ module: manifest.id }) };
    await app.register(async (scope) => manifest.routes!(scope, moduleCtx), {
      prefix: `/api/v1/${manifest.id}`,
    });
  }
  for (const manifest of modules) {
    if (!manifest.rootRoutes) continue;
    const moduleCtx = { ...ctx, log: ctx.log.child({ module: manifest.id }) };
    await app.register(async (scope) => manifest.rootRoutes!(scope, moduleCtx));
  }
  app.get(
    "/api/v1/modules",
    { schema: { tags: ["platform"], summary: "Modules installed on this platform" } },
    async () => ({
      items: modules.map((m) => ({ id: m.id, title: m.title })),
    }),
  );

  app.post(
    "/api/v1/platform/seed",
    {
      schema: {
        tags: ["platform"],
        summary: "Nạp lại dữ liệu tham chiếu và dữ liệu mẫu / reload reference and demo data",
        body: Type.Object(
          { demo: Type.Boolean({ default: false }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const actor = requireRole(request.actor, "system_admin");
      const ran = await runSeeds({ ctx, modules, demo: request.body.demo, force: true });
      await recordAudit(ctx.db, {
        action: "platform.seed",
        actor,
        ip: request.ip,
        requestId: request.id,
        details: { ran },
      });
      return { ran };
    },
  );

  await serveWebApp(app, ctx.config.webDist);
  return app;
}

/** The CLI on the same machine acts as the platform itself with the running server's control token. */
function controlTokenAuthenticator(token: BuildAppOptions["controlToken"]): Authenticator {
  return async (request) => {
    const expected = token?.();
    const header = request.headers.authorization;
    if (!expected || !header?.startsWith("Bearer ")) return null;
    const given = Buffer.from(header.slice(7));
    const wanted = Buffer.from(expected);
    // The socket's own peer, never a forwarded address: the control token works on this machine only.
    const peer = request.socket.remoteAddress ?? "";
    const loopback = ["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(peer);
    if (!loopback || given.length !== wanted.length || !timingSafeEqual(given, wanted)) return null;
    return { kind: "system", name: "cli" };
  };
}

/** Serves the built single-page app at `/`; unknown non-API paths fall back to its index.html. */
async function serveWebApp(app: App, webDist: string) {
  const index = path.join(webDist, "index.html");
  const built = fs.existsSync(index);
  if (built) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false });
  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url.startsWith("/api/") || request.url.startsWith("/oidc/");
    if (request.method !== "GET" || isApi)
      return sendProblem(request, reply, new AppError("not_found"));
    if (!built) {
      return reply
        .type("text/html; charset=utf-8")
        .send(
          "<!doctype html><meta charset=utf-8><title>Liên Thông</title><p>Chưa build giao diện web: chạy <code>npm run build:web</code>. / The web app is not built: run <code>npm run build:web</code>.</p>",
        );
    }
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-cache")
      .sendFile("index.html");
  });
}
