import type { Platform } from "../../../platform.ts";
import { createTestInformationSystem, createTestOrganization } from "../../directory/testing.ts";
import { createTestService } from "../catalogue/testing.ts";
import { evidenceLogOf } from "../evidence/log.ts";
import { buildExchangeRecord } from "../evidence/testing.ts";
import type { ExchangeRecord } from "../types.ts";

/**
 * Test factory: a ministry with a provider organization under it that registers one service,
 * two consumer organizations each with a system, and an unrelated organization.
 */
export async function createTrafficScene(platform: Platform, serviceOverrides = {}) {
  const db = platform.ctx.db;
  const ministry = await createTestOrganization(db);
  const provider = await createTestOrganization(db, { parentId: ministry.id });
  const consumerA = await createTestOrganization(db);
  const consumerB = await createTestOrganization(db);
  const stranger = await createTestOrganization(db);
  const providerSystem = await createTestInformationSystem(db, provider.id);
  const systemA = await createTestInformationSystem(db, consumerA.id, { name: "Hệ thống A" });
  const systemB = await createTestInformationSystem(db, consumerB.id, { name: "Hệ thống B" });
  const service = await createTestService(db, providerSystem.id, serviceOverrides);
  /** Appends calls of `consumer` to the service through the evidence log. */
  const recordCalls = async (
    consumer: { organization: { id: string }; id: string },
    calls: Partial<ExchangeRecord>[],
  ) => {
    const log = evidenceLogOf(platform.ctx);
    await Promise.all(
      calls.map((call) =>
        log.record(
          buildExchangeRecord({
            serviceId: service.id,
            providerSystemId: providerSystem.id,
            providerOrganizationId: provider.id,
            consumerSystemId: consumer.id,
            consumerOrganizationId: consumer.organization.id,
            ...call,
          }),
        ),
      ),
    );
  };
  return {
    ministry,
    provider,
    consumerA,
    consumerB,
    stranger,
    systemA,
    systemB,
    service,
    recordCalls,
  };
}
