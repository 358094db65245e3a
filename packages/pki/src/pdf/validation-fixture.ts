/** Shared setup of the validation tests: the demo PKI (EC keys, fast), its CRLs and a TSA. */
import type { TimestampSource } from "../cms/create-signed-data.ts";
import { opensslTimestamp } from "../cms/test-pki.ts";
import { createDemoPki } from "../demo-ca/create-demo-pki.ts";
import { makeTestPdf } from "./test-documents.ts";

export async function validationFixture() {
  const demo = await createDemoPki({ keyType: "EC" });
  const crls = [await demo.crl("root-ca"), await demo.crl("issuing-ca")];
  const tsa = { key: demo.tsa.key, certificate: demo.tsa.certificate, chain: demo.tsa.chain };
  const timestamp: TimestampSource = async ({ imprint }) => opensslTimestamp(imprint, tsa);
  return {
    demo,
    crls,
    tsa,
    timestamp,
    trustAnchors: [demo.root.certificate],
    input: await makeTestPdf({ pages: 2 }),
  };
}
