import { randomInt } from "node:crypto";
import type { Actor } from "../../../core/actor.ts";
import type { Db } from "../../../core/db/index.ts";
import { approveAccessRequest } from "./access-decisions.ts";
import { requestAccess } from "./access-requests.ts";
import type { ApproveInput, ServiceDetail, ServiceInput } from "./schema.ts";
import { registerService } from "./services.ts";

/** Test factories for the catalogue; the gateway's and evidence log's tests may use them too. */

const platformActor: Actor = { kind: "system", name: "test" };

/** A small OpenAPI 3 description with a path template, a collection and a write. */
export const CITIZENS_OPENAPI = {
  openapi: "3.0.3",
  info: { title: "Dân cư thử nghiệm", version: "1.0.0" },
  paths: {
    "/citizens": {
      get: { responses: { "200": { description: "Danh sách" } } },
      post: { responses: { "201": { description: "Đã tạo" } } },
    },
    "/citizens/{id}": {
      get: { responses: { "200": { description: "Một công dân" } } },
      delete: { responses: { "204": { description: "Đã xóa" } } },
    },
  },
};

export const TEST_WSDL = `<?xml version="1.0"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" name="HoTich" targetNamespace="urn:test">
  <portType name="HoTichPort">
    <operation name="TraCuuKhaiSinh"><input message="tns:Req"/></operation>
  </portType>
</definitions>`;

export function buildServiceInput(
  providerSystemId: string,
  overrides: Partial<ServiceInput> = {},
): ServiceInput {
  return {
    providerSystemId,
    code: `dv-${randomInt(1_000_000)}`,
    version: "v1",
    kind: "rest",
    name: "Tra cứu công dân",
    description: "Dịch vụ thử nghiệm",
    baseUrl: "http://127.0.0.1:9/api",
    openapi: CITIZENS_OPENAPI,
    classification: "internal",
    owner: "Văn phòng",
    ...overrides,
  };
}

export async function createTestService(
  db: Db,
  providerSystemId: string,
  overrides: Partial<ServiceInput> = {},
): Promise<ServiceDetail> {
  return registerService({
    db,
    actor: platformActor,
    input: buildServiceInput(providerSystemId, overrides),
  });
}

/** A right granted the way providers grant it (request, then approval); returns its id. */
export async function grantTestAccess(
  db: Db,
  options: {
    consumerSystemId: string;
    serviceId: string;
    endpoints?: string[];
    decision?: ApproveInput;
  },
): Promise<string> {
  const request = await requestAccess({
    db,
    actor: platformActor,
    input: {
      consumerSystemId: options.consumerSystemId,
      serviceId: options.serviceId,
      ...(options.endpoints && { endpoints: options.endpoints }),
      purpose: "Kiểm thử",
      legalBasis: "Quy chế thử nghiệm",
    },
  });
  const approved = await approveAccessRequest({
    db,
    actor: platformActor,
    id: request.id,
    ...(options.decision && { decision: options.decision }),
  });
  return approved.rightId!;
}
