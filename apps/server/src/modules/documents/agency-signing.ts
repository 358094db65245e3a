import type { Signer, TimestampSource } from "@lienthong/pki";
import { signEdxml } from "@lienthong/edxml";
import type { ModuleContext } from "../../core/module.ts";
import { platformTimestampSource, trustCa } from "../trust/index.ts";

/**
 * Who signs what, server-side. On a demo installation the platform's own demo CA holds a leader's
 * key and an agency seal key (`trust` module), so the whole story runs on a fresh machine; the
 * certificates say "demo" and chain to the demo root, never to a real CA. A production agency
 * signs its seal through PKCS#11 (an HSM) and its leaders through their USB tokens or a remote
 * signing service (the external-signing flow of `packages/pki`).
 */
export async function demoLeaderSigner(ctx: ModuleContext): Promise<Signer> {
  return (await trustCa(ctx)).signers.get("leader")!;
}

export async function agencySealSigner(ctx: ModuleContext): Promise<Signer> {
  return (await trustCa(ctx)).signers.get("seal")!;
}

/** The platform's RFC 3161 timestamp authority, called in process (B-T signatures). */
export function platformTimestamps(ctx: ModuleContext): TimestampSource {
  return platformTimestampSource(ctx);
}

/** Signs an edXML package (XML-DSig enveloped) with the agency's seal. */
export async function sealPackage(ctx: ModuleContext, xml: string): Promise<string> {
  return signEdxml({ xml, signer: await agencySealSigner(ctx) });
}
