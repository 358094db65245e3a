import { Type } from "typebox";
import type { App } from "../../../core/http/app-type.ts";
import { problemResponses } from "../../../core/http/problem.ts";
import {
  AuthenticationResponseBody,
  PasskeyName,
  RegistrationResponseBody,
} from "../mfa/schema.ts";
import { AMR, Next, Uid, wrongStep, type InteractionSteps } from "./interaction-steps.ts";

/**
 * The passkey (WebAuthn) steps of an SSO sign-in: the second factor by a passkey, and enrolment
 * of a passkey for an account that must have a second factor. Each challenge is bound to the
 * interaction, so one sign-in's challenge cannot answer another's.
 */
export function passkeyInteractionRoutes(
  app: App,
  { ctx, secondFactor, perIp, waitingUser, passSecondFactor }: InteractionSteps,
) {
  const tags = ["identity"];
  const bound = (uid: string) => `interaction:${uid}`;

  app.post(
    "/interaction/:uid/passkey/options",
    {
      schema: {
        tags,
        summary:
          "Thử thách khóa bảo mật / passkey trong luồng SSO / passkey challenge of an SSO sign-in",
        params: Uid,
        response: { ...problemResponses },
      },
    },
    async (request, reply) => {
      perIp.take(request.ip);
      const { interaction, user } = await waitingUser(request, reply);
      return secondFactor.passkeyOptions(ctx, {
        userId: user.id,
        boundTo: bound(interaction.uid),
      });
    },
  );

  app.post(
    "/interaction/:uid/passkey",
    {
      schema: {
        tags,
        summary:
          "Xác thực bằng khóa bảo mật / passkey trong luồng SSO / passkey step of an SSO sign-in",
        params: Uid,
        body: Type.Object(
          { response: AuthenticationResponseBody },
          { additionalProperties: false },
        ),
        response: { 200: Next, ...problemResponses },
      },
    },
    async (request, reply) => {
      perIp.take(request.ip);
      const waiting = await waitingUser(request, reply);
      const result = await secondFactor.verifyPasskey(ctx, {
        userId: waiting.user.id,
        boundTo: bound(waiting.interaction.uid),
        response: request.body.response,
        ip: request.ip,
        requestId: request.id,
      });
      return passSecondFactor(request, reply, waiting, ["pwd", AMR[result.method] ?? "hwk"]);
    },
  );

  app.post(
    "/interaction/:uid/enrolment/passkey/options",
    {
      schema: {
        tags,
        summary:
          "Bắt đầu đăng ký khóa bảo mật khi đăng nhập / start passkey registration while signing in",
        params: Uid,
        response: { ...problemResponses },
      },
    },
    async (request, reply) => {
      perIp.take(request.ip);
      const { interaction, user } = await waitingUser(request, reply);
      if ((await secondFactor.status(ctx, user)).enrolled) throw wrongStep();
      return secondFactor.passkeyRegistrationOptions(ctx, {
        userId: user.id,
        boundTo: bound(interaction.uid),
        ip: request.ip,
        requestId: request.id,
      });
    },
  );

  app.post(
    "/interaction/:uid/enrolment/passkey",
    {
      schema: {
        tags,
        summary:
          "Lưu khóa bảo mật và hoàn tất đăng nhập / register the passkey and finish signing in",
        params: Uid,
        body: Type.Object(
          { name: PasskeyName, response: RegistrationResponseBody },
          { additionalProperties: false },
        ),
        response: { ...problemResponses },
      },
    },
    async (request, reply) => {
      perIp.take(request.ip);
      const waiting = await waitingUser(request, reply);
      if ((await secondFactor.status(ctx, waiting.user)).enrolled) throw wrongStep();
      const { recoveryCodes } = await secondFactor.registerPasskey(ctx, {
        userId: waiting.user.id,
        boundTo: bound(waiting.interaction.uid),
        name: request.body.name,
        response: request.body.response,
        ip: request.ip,
        requestId: request.id,
      });
      const { redirectTo } = await passSecondFactor(request, reply, waiting, ["pwd", "hwk"]);
      return { recoveryCodes, redirectTo };
    },
  );
}
