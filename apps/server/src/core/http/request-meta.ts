import type { FastifyRequest } from "fastify";

/** Where a change came from, recorded with its audit entry. */
export type RequestMeta = { ip?: string; requestId?: string };

export function requestMeta(request: FastifyRequest): RequestMeta {
  return { ip: request.ip, requestId: request.id };
}
