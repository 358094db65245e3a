import { blobStoreFor } from "../../core/blobs.ts";
import type { DeliveryInbox } from "../exchange/index.ts";
import { MAX_PACKAGE_BYTES, receivePackage } from "./incoming.ts";

/** The LGSP channel edXML packages travel on between platform instances. */
export const EDXML_CHANNEL = "edxml";

/**
 * Packages a federation peer delivers (documents and status messages for agencies this platform
 * serves): checked like any package from the LGSP — package and PDF signatures, sender in the
 * directory, duplicates — and, besides, the sender named in the package must be an agency that
 * peer serves. A refusal (4xx) is the peer's final answer for that package.
 */
export const edxmlInbox: DeliveryInbox = {
  maxBytes: MAX_PACKAGE_BYTES,
  async receive(ctx, delivery) {
    const blobs = blobStoreFor(ctx.config);
    const received = await receivePackage(
      { ...ctx, blobs },
      {
        source: blobs.open(delivery.body.sha256),
        via: "lgsp",
        actor: { kind: "system", name: `federation:${delivery.peer.name}` },
        peer: delivery.peer,
      },
    );
    return { outcome: received.outcome };
  },
};
