import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { AppError, type ErrorCode, type FieldError } from "../errors.ts";
import { errorTitle, pickLanguage, type Language } from "../i18n.ts";

/** RFC 9457 problem details, as every error response of the platform is shaped. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({
      description: "URI naming the kind of problem: urn:lienthong:problem:<code>",
    }),
    code: Type.String({ description: "Stable machine-readable error code" }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { $id: "Problem", additionalProperties: true, description: "RFC 9457 problem details" },
);

/** Response entries to spread into a route schema so OpenAPI documents the error body. */
export const problemResponses = {
  "4xx": Type.Ref("Problem"),
  "5xx": Type.Ref("Problem"),
};

function fromFastifyError(error: FastifyError): AppError {
  if (error.validation) {
    const errors: FieldError[] = error.validation.map((v) => {
      const where = error.validationContext ?? "body";
      const missing =
        (v.params as { missingProperty?: string; additionalProperty?: string } | undefined) ?? {};
      const field = missing.missingProperty ?? missing.additionalProperty;
      const base = v.instancePath ? v.instancePath.replace(/^\//, "").replace(/\//g, ".") : "";
      const path = [where, base, field].filter(Boolean).join(".");
      return { path, message: v.message ?? "invalid" };
    });
    return new AppError("validation_failed", { errors });
  }
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new AppError("malformed_json");
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError("payload_too_large");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new AppError("unsupported_media_type");
  }
  if (error instanceof SyntaxError || error.statusCode === 400)
    return new AppError("malformed_json");
  if (error.statusCode === 413) return new AppError("payload_too_large");
  if (error.statusCode === 415) return new AppError("unsupported_media_type");
  if (error.statusCode === 429) return new AppError("rate_limited");
  return new AppError("internal", { cause: error });
}

/** Turns any error into an AppError; unknown errors become `internal` and are logged with stack. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (
    error &&
    typeof error === "object" &&
    "code" in error &&
    typeof (error as FastifyError).code === "string"
  ) {
    return fromFastifyError(error as FastifyError);
  }
  if (error && typeof error === "object" && "validation" in error)
    return fromFastifyError(error as FastifyError);
  return new AppError("internal", { cause: error });
}

/** The RFC 9457 body of an error, in the caller's language. */
export function problemBody(
  appError: AppError,
  { language, instance, requestId }: { language: Language; instance: string; requestId: string },
): Record<string, unknown> {
  return {
    type: `urn:lienthong:problem:${appError.code}`,
    code: appError.code,
    title: errorTitle(appError.code as ErrorCode, language),
    status: appError.status,
    ...(appError.detail ? { detail: appError.detail[language] } : {}),
    instance,
    requestId,
    ...(appError.errors ? { errors: appError.errors } : {}),
    ...appError.extra,
  };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const appError = toAppError(error);
  if (appError.code === "internal" || appError.code === "service_unavailable") {
    request.log.error({ err: appError.cause ?? appError }, "request failed");
  }
  const language = pickLanguage(request.headers["accept-language"]);
  const body = problemBody(appError, {
    language,
    instance: request.url.split("?")[0]!,
    requestId: request.id,
  });
  if (appError.code === "rate_limited" && typeof appError.extra?.retryAfter === "number") {
    reply.header("retry-after", String(appError.extra.retryAfter));
  }
  return reply.status(appError.status).type("application/problem+json").send(body);
}
