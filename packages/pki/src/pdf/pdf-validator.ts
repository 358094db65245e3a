import type { PdfValidationReport } from "./validation-report.ts";
import { createValidationMemo } from "./validation-memo.ts";
import { validatePdfWithMemo, type ValidatePdfOptions } from "./validate-pdf-signatures.ts";

export type PdfValidator = {
  validate(
    document: Pick<ValidatePdfOptions, "pdf" | "at" | "maxBytes">,
  ): Promise<PdfValidationReport>;
};

/**
 * A validator for one set of trust anchors and revocation sources, kept for the life of a
 * service: it remembers parsed CMS, certificate descriptions and path validations (with their
 * revocation checks), so a document signed under known chains costs its digests, its signature
 * checks and reading the PDF. Path results are reused for `chainReuseMs` (default one minute)
 * of validation time.
 */
export function createPdfValidator(
  options: Pick<ValidatePdfOptions, "trustAnchors" | "revocation"> & { chainReuseMs?: number },
): PdfValidator {
  const memo = createValidationMemo({ chainReuseMs: options.chainReuseMs ?? 60_000 });
  return {
    validate: (document) =>
      validatePdfWithMemo(
        { trustAnchors: options.trustAnchors, revocation: options.revocation, ...document },
        memo,
      ),
  };
}
