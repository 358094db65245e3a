import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { recordAudit } from "../../../core/audit.ts";
import { AppError } from "../../../core/errors.ts";
import type { App } from "../../../core/http/app-type.ts";
import { problemResponses } from "../../../core/http/problem.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { RateLimiter } from "../rate-limit.ts";
import { selectUserById } from "../repo.ts";
import { actorFromUser, authenticatePassword } from "../sign-in.ts";
import type { UserRow } from "../tables.ts";
import { databaseAdapter } from "./adapter.ts";
import { passkeyInteractionRoutes } from "./interaction-passkeys.ts";
import {
  AMR,
  Next,
  Uid,
  wrongStep,
  type FactorStatus,
  type InteractionSteps,
  type PendingLogin,
  type SecondFactorHooks,
} from "./interaction-steps.ts";
import { TTL } from "./provider.ts";
import type { OidcRuntime } from "./runtime.ts";

export type { SecondFactorHooks } from "./interaction-steps.ts";

/**
 * What the web app's interaction pages call while the provider waits at `/interaction/:uid`:
 * the password, then a second factor where policy requires one, then consent for third-party
 * clients. The provider's interaction cookie is scoped to `/interaction/:uid`, so these JSON
 * endpoints live under that path too. Answers are `{ next }` (the next step to show) or
 * `{ redirectTo }` (hand the browser back to the provider).
 */
export function interactionRoutes(
  app: App,
  ctx: ModuleContext,
  runtime: OidcRuntime,
  secondFactor: SecondFactorHooks,
) {
  const { db } = ctx;
  const { signInLimitPerIp } = ctx.config;
  const perIp = new RateLimiter(signInLimitPerIp, signInLimitPerIp / 60);
  /** Per account whatever the address: slows a spread-out guessing attack before the lockout. */
  const perAccount = new RateLimiter(10, 10 / 60);
  const pending = new (databaseAdapter(db, async () => undefined))("PendingLogin");
  const tags = ["identity"];

  const details = async (request: FastifyRequest, reply: FastifyReply) => {
    const provider = await runtime.provider();
    try {
      const found = await provider.interactionDetails(request.raw, reply.raw);
      if (found.uid !== (request.params as { uid: string }).uid) throw new Error("uid mismatch");
      return { provider, interaction: found };
    } catch {
      throw new AppError("not_found", {
        detail: {
          vi: "Phiên đăng nhập đã hết hạn hoặc không tồn tại. Hãy mở lại ứng dụng và đăng nhập.",
          en: "This sign-in has expired or does not exist. Open the application again and sign in.",
        },
      });
    }
  };

  const finish = async (
    request: FastifyRequest,
    reply: FastifyReply,
    result: Record<string, unknown>,
  ) => {
    const provider = await runtime.provider();
    const redirectTo = await provider.interactionResult(request.raw, reply.raw, result, {
      mergeWithLastSubmission: true,
    });
    return { redirectTo };
  };

  /**
   * Ends the login prompt. For first-party clients the result also answers the consent prompt
   * (their grant is made by `loadExistingGrant`), so `prompt=consent` asks nothing more.
   */
  const finishLogin = async (
    request: FastifyRequest,
    reply: FastifyReply,
    clientId: unknown,
    user: UserRow,
    amr: string[],
  ) => {
    const provider = await runtime.provider();
    const client = await provider.Client.find(String(clientId));
    return finish(request, reply, {
      login: { accountId: user.id, amr, acr: amr.length > 1 ? "mfa" : "pwd", remember: true },
      ...(client?.metadata().lt_first_party === true ? { consent: {} } : {}),
    });
  };

  app.get(
    "/interaction/:uid/details",
    {
      schema: {
        tags,
        summary: "Bước đăng nhập đang chờ / the pending sign-in step",
        params: Uid,
        response: { ...problemResponses },
      },
    },
    async (request, reply) => {
      const { interaction } = await details(request, reply);
      const provider = await runtime.provider();
      const client = await provider.Client.find(String(interaction.params.client_id));
      const waiting = (await pending.find(interaction.uid)) as PendingLogin | undefined;
      let next = interaction.prompt.name === "login" ? "password" : interaction.prompt.name;
      let factors: Omit<FactorStatus, "required" | "enrolled"> | null = null;
      if (waiting) {
        const user = await selectUserById(db, waiting.userId);
        const status = user ? await secondFactor.status(ctx, user) : undefined;
        next = status?.enrolled ? "second_factor" : "enrol_second_factor";
        if (status) {
          const { totp, passkey, passkeysAvailable } = status;
          factors = { totp, passkey, passkeysAvailable };
        }
      }
      const promptDetails = interaction.prompt.details as Record<string, unknown>;
      return reply.send({
        uid: interaction.uid,
        next,
        client: {
          clientId: client?.clientId ?? null,
          name: client?.clientName ?? null,
          firstParty: client?.metadata().lt_first_party === true,
        },
        scopes: String(interaction.params.scope ?? "")
          .split(" ")
          .filter(Boolean),
        missingScopes: (promptDetails.missingOIDCScope as string[] | undefined) ?? [],
        missingResourceScopes: promptDetails.missingResourceScopes ?? {},
        loginHint: interaction.params.login_hint ?? null,
        secondFactor: factors,
      });
    },
  );

  app.post(
    "/interaction/:uid/login",
    {
      schema: {
        tags,
        summary: "Đăng nhập bằng mật khẩu trong luồng SSO / password step of an SSO sign-in",
        params: Uid,
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 200 }),
            password: Type.String({ minLength: 1, maxLength: 1000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Next, ...problemResponses },
      },
    },
    async (request, reply) => {
      perIp.take(request.ip);
      perAccount.take(request.body.username.trim().toLowerCase());
      const { interaction } = await details(request, reply);
      if (interaction.prompt.name !== "login") throw wrongStep();
      const user = await authenticatePassword({
        db,
        username: request.body.username,
        password: request.body.password,
        ip: request.ip,
        requestId: request.id,
      });
      const status = await secondFactor.status(ctx, user);
      if (status.required || status.enrolled) {
        const record: PendingLogin = { userId: user.id, passwordAt: Date.now() };
        await pending.upsert(interaction.uid, record as never, TTL.Interaction);
        return { next: status.enrolled ? "second_factor" : "enrol_second_factor" };
      }
      return finishLogin(request, reply, interaction.params.client_id, user, ["pwd"]);
    },
  );

  const passSecondFactor: InteractionSteps["passSecondFactor"] = async (
    request,
    reply,
    { interaction, user },
    amr,
  ) => {
    await pending.destroy(interaction.uid);
    return finishLogin(request, reply, interaction.params.client_id, user, amr);
  };

  const waitingUser = async (request: FastifyRequest, reply: FastifyReply) => {
    const { interaction } = await details(request, reply);
    const waiting = (await pending.find(interaction.uid)) as PendingLogin | undefined;
    if (!waiting || interaction.prompt.name !== "login") throw wrongStep();
    const user = await selectUserById(db, waiting.userId);
    if (!user) throw wrongStep();
    return { interaction, user };
  };

  app.post(
    "/interaction/:uid/second-factor",
    {
      schema: {
        tags,
        summary: "Mã xác thực hai yếu tố trong luồng SSO / second-factor step of an SSO sign-in",
        params: Uid,
        body: Type.Object(
          { code: Type.String({ minLength: 6, maxLength: 32 }) },
          { additionalProperties: false },
        ),
        response: { 200: Next, ...problemResponses },
      },
    },
    async (request, reply) => {
      perIp.take(request.ip);
      const waiting = await waitingUser(request, reply);
      const result = await secondFactor.verify(ctx, {
        userId: waiting.user.id,
        code: request.body.code,
        ip: request.ip,
        requestId: request.id,
      });
      return passSecondFactor(request, reply, waiting, ["pwd", AMR[result.method] ?? "otp"]);
    },
  );

  passkeyInteractionRoutes(app, { ctx, secondFactor, perIp, waitingUser, passSecondFactor });

  app.post(
    "/interaction/:uid/enrolment",
    {
      schema: {
        tags,
        summary:
          "Bắt đầu đăng ký ứng dụng xác thực khi đăng nhập / start authenticator enrolment while signing in",
        params: Uid,
        response: { ...problemResponses },
      },
    },
    async (request, reply) => {
      perIp.take(request.ip);
      const { user } = await waitingUser(request, reply);
      if ((await secondFactor.status(ctx, user)).enrolled) throw wrongStep();
      return secondFactor.startEnrolment(ctx, {
        userId: user.id,
        ip: request.ip,
        requestId: request.id,
      });
    },
  );

  app.post(
    "/interaction/:uid/enrolment/confirm",
    {
      schema: {
        tags,
        summary:
          "Xác nhận ứng dụng xác thực và hoàn tất đăng nhập / confirm the authenticator and finish signing in",
        params: Uid,
        body: Type.Object(
          { code: Type.String({ minLength: 6, maxLength: 32 }) },
          { additionalProperties: false },
        ),
        response: { ...problemResponses },
      },
    },
    async (request, reply) => {
      perIp.take(request.ip);
      const waiting = await waitingUser(request, reply);
      if ((await secondFactor.status(ctx, waiting.user)).enrolled) throw wrongStep();
      const { recoveryCodes } = await secondFactor.confirmEnrolment(ctx, {
        userId: waiting.user.id,
        code: request.body.code,
        ip: request.ip,
        requestId: request.id,
      });
      const { redirectTo } = await passSecondFactor(request, reply, waiting, ["pwd", "otp"]);
      return { recoveryCodes, redirectTo };
    },
  );

  app.post(
    "/interaction/:uid/consent",
    {
      schema: {
        tags,
        summary: "Đồng ý chia sẻ thông tin với ứng dụng / consent to a client",
        params: Uid,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: Next, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { provider, interaction } = await details(request, reply);
      if (interaction.prompt.name !== "consent" || !interaction.session) throw wrongStep();
      const clientId = String(interaction.params.client_id);
      const grant = interaction.grantId
        ? await provider.Grant.find(interaction.grantId)
        : new provider.Grant({ accountId: interaction.session.accountId, clientId });
      if (!grant) throw wrongStep();
      const promptDetails = interaction.prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      if (promptDetails.missingOIDCScope)
        grant.addOIDCScope(promptDetails.missingOIDCScope.join(" "));
      if (promptDetails.missingOIDCClaims) grant.addOIDCClaims(promptDetails.missingOIDCClaims);
      for (const [resource, scopes] of Object.entries(promptDetails.missingResourceScopes ?? {}))
        grant.addResourceScope(resource, scopes.join(" "));
      const grantId = await grant.save();
      const user = await selectUserById(db, interaction.session.accountId);
      await recordAudit(db, {
        action: "identity.consent_given",
        actor: user ? actorFromUser(user, "session") : null,
        targetType: "client",
        targetId: clientId,
        details: { scopes: promptDetails.missingOIDCScope ?? [] },
        ip: request.ip,
        requestId: request.id,
      });
      return finish(request, reply, { consent: interaction.grantId ? {} : { grantId } });
    },
  );

  app.post(
    "/interaction/:uid/abort",
    {
      schema: {
        tags,
        summary: "Từ chối / hủy đăng nhập — refuse or cancel the sign-in",
        params: Uid,
        response: { 200: Next, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { interaction } = await details(request, reply);
      await pending.destroy(interaction.uid);
      return finish(request, reply, {
        error: "access_denied",
        error_description: "the user cancelled the sign-in or refused consent",
      });
    },
  );
}
