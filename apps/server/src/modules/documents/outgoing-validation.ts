import { blobStoreFor } from "../../core/blobs.ts";
import type { ModuleContext } from "../../core/module.ts";
import type { DocumentRow } from "./documents-repo.ts";
import { selectFile } from "./documents-repo.ts";
import type { ValidationView } from "./incoming-actions.ts";
import { incomingValidator, summarizePdf } from "./incoming-checks.ts";
import { MAX_PACKAGE_BYTES } from "./incoming.ts";

/**
 * The signature checks of an outgoing document's current file (the leader's signature, then the
 * agency's), made now with the validator received documents go through, for the signature panel.
 * A draft without signatures has none to show.
 */
export async function outgoingValidation(
  ctx: ModuleContext,
  row: DocumentRow,
): Promise<{ items: ValidationView[] }> {
  if (!row.main_file_id) return { items: [] };
  const file = await selectFile(ctx.db, row.id, row.main_file_id);
  if (!file || file.role === "draft") return { items: [] };
  const pdf = await blobStoreFor(ctx.config).read(file.sha256);
  const { validator } = await incomingValidator(ctx);
  const report = await validator.validate({
    pdf: new Uint8Array(pdf),
    maxBytes: MAX_PACKAGE_BYTES,
  });
  const check = summarizePdf(file.name, file.sha256, report);
  return {
    items: [
      {
        target: "pdf",
        fileId: file.id,
        name: check.name,
        indication: check.indication,
        subIndication: check.subIndication,
        signatures: check.signatures,
        messages: check.messages,
        validatedAt: check.validatedAt,
      },
    ],
  };
}
