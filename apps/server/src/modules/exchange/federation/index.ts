import type { App } from "../../../core/http/app-type.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { createGateway } from "../gateway/index.ts";
import { answerCatalogue } from "./catalogue.ts";
import { DELIVERIES_PATH, deliveriesHandler } from "./deliveries.ts";
import { federatedGateway } from "./federated-gateway.ts";
import { startFederationListener, type FederationListener } from "./listener.ts";
import { closePeerAgents } from "./outbound.ts";
import { federationRoutes } from "./routes.ts";

export { forwardToPeer } from "./outbound.ts";
export {
  registerDeliveryInbox,
  sendToPeer,
  type DeliveryInbox,
  type InboundDelivery,
  type PeerDelivery,
} from "./deliveries.ts";
export { peerServing } from "./peers.ts";

/**
 * Federation with peer instances (NDXP, other ministries): the administration API, and — when
 * `FEDERATION_PORT` is set and the platform listens — the mutual-TLS listener for calls and
 * deliveries (messages of a channel, such as edXML packages) from pinned peers. See README.md in this folder.
 */
export function federation(app: App, ctx: ModuleContext) {
  federationRoutes(app, ctx);
  const port = ctx.config.federationPort;
  let listener: FederationListener | undefined;
  const gateway = createGateway();
  if (port !== undefined)
    app.addHook("onListen", async () => {
      const calls = federatedGateway(ctx, gateway);
      const deliveries = deliveriesHandler(ctx);
      listener = await startFederationListener({
        ctx,
        port,
        host: ctx.config.host,
        handle: (req, res, meta) =>
          req.method === "GET" && req.url === "/federation/catalogue"
            ? answerCatalogue(ctx, req, res)
            : req.url!.startsWith(DELIVERIES_PATH)
              ? deliveries(req, res, meta)
              : calls(req, res, meta),
      });
      ctx.log.info({ port: listener.port }, "federation listener started");
    });
  app.addHook("onClose", async () => {
    await listener?.close();
    await gateway.close();
    await closePeerAgents();
  });
}
