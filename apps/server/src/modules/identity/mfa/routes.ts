import { Type } from "typebox";
import type { App } from "../../../core/http/app-type.ts";
import { problemResponses } from "../../../core/http/problem.ts";
import { requestMeta } from "../../../core/http/request-meta.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { IdParams } from "../schema.ts";
import { selfId, sessionBinding } from "./account.ts";
import { passkeyRoutes } from "./passkey-routes.ts";
import {
  ConfirmTotpBody,
  CurrentCodeBody,
  PolicyBody,
  PolicySchema,
  RecoveryCodesSchema,
  SecondFactorStatusSchema,
  TotpEnrolmentSchema,
} from "./schema.ts";
import {
  confirmTotpEnrolment,
  getOrganizationSecondFactorPolicy,
  regenerateRecoveryCodes,
  removeTotp,
  resetSecondFactor,
  secondFactorStatus,
  setOrganizationSecondFactorPolicy,
  startTotpEnrolment,
} from "./service.ts";

const tags = ["identity"];
const NoContent = { 204: Type.Null(), ...problemResponses };

/** The account page's second-factor section, the administrator's reset, and organization policy. */
export function secondFactorRoutes(app: App, ctx: ModuleContext) {
  const { db, config } = ctx;
  passkeyRoutes(app, ctx);
  app.get(
    "/me/second-factor",
    {
      schema: {
        tags,
        summary: "Trạng thái xác thực hai yếu tố của tôi / my second factor",
        response: { 200: SecondFactorStatusSchema, ...problemResponses },
      },
    },
    async (request) => secondFactorStatus(db, selfId(request.actor)),
  );

  app.post(
    "/me/second-factor/totp",
    {
      schema: {
        tags,
        summary: "Bắt đầu đăng ký ứng dụng xác thực / start enrolling an authenticator app",
        response: { 201: TotpEnrolmentSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await startTotpEnrolment({
          db,
          config,
          userId: selfId(request.actor),
          ...requestMeta(request),
        }),
      ),
  );

  app.post(
    "/me/second-factor/totp/confirm",
    {
      schema: {
        tags,
        summary:
          "Xác nhận ứng dụng xác thực, nhận mã khôi phục / confirm the app, get recovery codes",
        body: ConfirmTotpBody,
        response: { 200: RecoveryCodesSchema, ...problemResponses },
      },
    },
    async (request) =>
      confirmTotpEnrolment({
        db,
        config,
        userId: selfId(request.actor),
        boundTo: sessionBinding(request.actor),
        ...request.body,
        ...requestMeta(request),
      }),
  );

  app.post(
    "/me/second-factor/recovery-codes",
    {
      schema: {
        tags,
        summary: "Tạo lại mã khôi phục / regenerate recovery codes",
        body: CurrentCodeBody,
        response: { 200: RecoveryCodesSchema, ...problemResponses },
      },
    },
    async (request) =>
      regenerateRecoveryCodes({
        db,
        config,
        userId: selfId(request.actor),
        proof: request.body,
        boundTo: sessionBinding(request.actor),
        ...requestMeta(request),
      }),
  );

  app.delete(
    "/me/second-factor/totp",
    {
      schema: {
        tags,
        summary: "Tắt xác thực hai yếu tố / remove my authenticator app",
        body: CurrentCodeBody,
        response: NoContent,
      },
    },
    async (request, reply) => {
      await removeTotp({
        db,
        config,
        userId: selfId(request.actor),
        proof: request.body,
        boundTo: sessionBinding(request.actor),
        ...requestMeta(request),
      });
      return reply.status(204).send(null);
    },
  );

  app.delete(
    "/users/:id/second-factor",
    {
      schema: {
        tags,
        summary:
          "Đặt lại xác thực hai yếu tố (ứng dụng, khóa bảo mật, mã khôi phục) / reset an account's second factor",
        params: IdParams,
        response: NoContent,
      },
    },
    async (request, reply) => {
      await resetSecondFactor({
        db,
        actor: request.actor,
        userId: request.params.id,
        meta: requestMeta(request),
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/organizations/:id/second-factor-policy",
    {
      schema: {
        tags,
        summary:
          "Chính sách xác thực hai yếu tố của đơn vị / an organization's second-factor policy",
        params: IdParams,
        response: { 200: PolicySchema, ...problemResponses },
      },
    },
    async (request) =>
      getOrganizationSecondFactorPolicy({
        db,
        actor: request.actor,
        organizationId: request.params.id,
      }),
  );

  app.put(
    "/organizations/:id/second-factor-policy",
    {
      schema: {
        tags,
        summary: "Bắt buộc hoặc bỏ bắt buộc xác thực hai yếu tố / require a second factor or not",
        params: IdParams,
        body: PolicyBody,
        response: { 200: PolicySchema, ...problemResponses },
      },
    },
    async (request) =>
      setOrganizationSecondFactorPolicy({
        db,
        actor: request.actor,
        organizationId: request.params.id,
        required: request.body.required,
        meta: requestMeta(request),
      }),
  );
}
