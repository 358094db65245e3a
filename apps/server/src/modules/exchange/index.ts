import type { ModuleManifest } from "../../core/module.ts";
import { catalogueSubscriptions, seedCatalogueDemo } from "./catalogue/index.ts";
import { catalogueRoutes } from "./catalogue/routes.ts";
import { evidenceCheckpointJob } from "./evidence/checkpoint.ts";
import { evidenceRoutes } from "./evidence/routes.ts";
import { federation } from "./federation/index.ts";
import { gatewayRoutes } from "./gateway-route.ts";
import { exchangeKpis } from "./kpis.ts";
import { deliveryJob } from "./messaging/delivery.ts";
import { messagingRoutes } from "./messaging/routes.ts";
import { providerHealthJob } from "./monitoring/health-job.ts";
import { monitoringRoutes } from "./monitoring/routes.ts";
import { exchangeMigrations } from "./migrations/index.ts";

/**
 * Which federation peer serves an agency code (other modules route deliveries by it), and the
 * delivery of a module's messages (edXML packages) to and from peer instances.
 */
export {
  peerServing,
  registerDeliveryInbox,
  sendToPeer,
  type DeliveryInbox,
  type InboundDelivery,
  type PeerDelivery,
} from "./federation/index.ts";

/**
 * For providers served by this platform itself: the gateway's signed statement of who the
 * consumer is, and its check.
 */
export {
  CONSUMER_ASSERTION_HEADER,
  createConsumerAssertionVerifier,
  type AssertedConsumer,
} from "./consumer-assertion.ts";

/**
 * The LGSP: the ministry's data integration and sharing platform. A catalogue of the services
 * information systems provide, access rights granted by the data owner, a gateway at `/gw` that
 * forwards calls, and an evidence log in which every exchange is a link of a signed, timestamped
 * hash chain. See README.md.
 */
export const exchangeModule: ModuleManifest = {
  id: "exchange",
  title: { vi: "Trục tích hợp, chia sẻ dữ liệu (LGSP)", en: "Data integration platform (LGSP)" },
  migrations: exchangeMigrations,
  async routes(app, ctx) {
    await catalogueRoutes(app, ctx);
    await evidenceRoutes(app, ctx);
    messagingRoutes(app, ctx);
    monitoringRoutes(app, ctx);
    gatewayRoutes(app, ctx);
    federation(app, ctx);
  },
  jobs: [deliveryJob, evidenceCheckpointJob, providerHealthJob],
  subscriptions: catalogueSubscriptions,
  kpis: exchangeKpis,
  seedDemo: seedCatalogueDemo,
};
