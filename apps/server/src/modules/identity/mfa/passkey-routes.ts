import { Type } from "typebox";
import type { App } from "../../../core/http/app-type.ts";
import { problemResponses } from "../../../core/http/problem.ts";
import { requestMeta } from "../../../core/http/request-meta.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { IdParams } from "../schema.ts";
import { selfId, sessionBinding } from "./account.ts";
import { browserSessionNeeded } from "./proof.ts";
import {
  CeremonyOptionsSchema,
  CurrentCodeBody,
  PasskeyListSchema,
  PasskeySchema,
  RegisteredPasskeySchema,
  RegisterPasskeyBody,
  RenamePasskeyBody,
} from "./schema.ts";
import {
  listPasskeys,
  passkeyAssertionOptions,
  registerPasskey,
  removeOwnPasskey,
  renameOwnPasskey,
  startPasskeyRegistration,
} from "./service.ts";
import type { Actor } from "../../../core/actor.ts";

const tags = ["identity"];

/** WebAuthn ceremonies happen in a browser: their challenges belong to its session. */
function requireSession(actor: Actor | null | undefined): string {
  selfId(actor);
  const bound = sessionBinding(actor);
  if (!bound) throw browserSessionNeeded();
  return bound;
}

/** The account page's passkeys and security keys: list, register, rename, remove. */
export function passkeyRoutes(app: App, { db, config }: ModuleContext) {
  app.get(
    "/me/second-factor/passkeys",
    {
      schema: {
        tags,
        summary: "Khóa bảo mật / passkey của tôi / my passkeys",
        response: { 200: PasskeyListSchema, ...problemResponses },
      },
    },
    async (request) => listPasskeys({ db, config, userId: selfId(request.actor) }),
  );

  app.post(
    "/me/second-factor/passkeys/registration-options",
    {
      schema: {
        tags,
        summary: "Bắt đầu đăng ký khóa bảo mật / passkey — start registering a passkey",
        response: { 200: CeremonyOptionsSchema, ...problemResponses },
      },
    },
    async (request) =>
      startPasskeyRegistration({
        db,
        config,
        boundTo: requireSession(request.actor),
        userId: selfId(request.actor),
        ...requestMeta(request),
      }),
  );

  app.post(
    "/me/second-factor/passkeys/assertion-options",
    {
      schema: {
        tags,
        summary:
          "Thử thách để xác nhận bằng khóa bảo mật trước khi thay đổi / a passkey challenge to confirm a change",
        response: { 200: CeremonyOptionsSchema, ...problemResponses },
      },
    },
    async (request) =>
      passkeyAssertionOptions({
        db,
        config,
        boundTo: requireSession(request.actor),
        userId: selfId(request.actor),
      }),
  );

  app.post(
    "/me/second-factor/passkeys",
    {
      schema: {
        tags,
        summary: "Lưu khóa bảo mật / passkey vừa tạo — register the new passkey",
        body: RegisterPasskeyBody,
        response: { 201: RegisteredPasskeySchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { name, response, code, passkey } = request.body;
      const registered = await registerPasskey({
        db,
        config,
        boundTo: requireSession(request.actor),
        userId: selfId(request.actor),
        name,
        response,
        proof: { code, passkey },
        ...requestMeta(request),
      });
      return reply.status(201).send(registered);
    },
  );

  app.patch(
    "/me/second-factor/passkeys/:id",
    {
      schema: {
        tags,
        summary: "Đổi tên khóa bảo mật / rename a passkey",
        params: IdParams,
        body: RenamePasskeyBody,
        response: { 200: PasskeySchema, ...problemResponses },
      },
    },
    async (request) =>
      renameOwnPasskey({
        db,
        userId: selfId(request.actor),
        passkeyId: request.params.id,
        name: request.body.name,
        ...requestMeta(request),
      }),
  );

  app.delete(
    "/me/second-factor/passkeys/:id",
    {
      schema: {
        tags,
        summary: "Xóa khóa bảo mật / remove a passkey",
        params: IdParams,
        body: CurrentCodeBody,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await removeOwnPasskey({
        db,
        config,
        userId: selfId(request.actor),
        passkeyId: request.params.id,
        proof: request.body,
        boundTo: sessionBinding(request.actor),
        ...requestMeta(request),
      });
      return reply.status(204).send(null);
    },
  );
}
