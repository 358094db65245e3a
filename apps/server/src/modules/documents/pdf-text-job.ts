import { createHash } from "node:crypto";
import { blobStoreFor } from "../../core/blobs.ts";
import type { ModuleContext, RecurringJob } from "../../core/module.ts";
import { foldVietnamese } from "../../core/text.ts";
import { extractPdfText } from "./pdf-text.ts";
import { recordFileText, recordFileTextFailure, selectPendingFileTexts } from "./search-repo.ts";

/** Folded characters of extracted text kept per document: about 60 pages of dense prose. */
export const MAX_CONTENT_CHARS = 200_000;
const BATCH = 20;
const MAX_ATTEMPTS = 3;

/**
 * Extracts the text of PDF files waiting in `doc_file_texts` (queued by a trigger on every new
 * PDF of `doc_files`, whichever flow stored it) and adds it to their documents' searchable
 * content. The queue is a table, so files stored before a restart are still extracted after it.
 * Returns the number of files handled.
 */
export async function extractPendingPdfTexts(ctx: ModuleContext): Promise<number> {
  const blobs = blobStoreFor(ctx.config);
  let handled = 0;
  for (;;) {
    const pending = await selectPendingFileTexts(ctx.db, BATCH);
    for (const file of pending) {
      try {
        const raw = await extractPdfText({
          path: blobs.pathOf(file.sha256),
          read: () => blobs.read(file.sha256),
          log: ctx.log,
        });
        const text = foldVietnamese(raw).slice(0, MAX_CONTENT_CHARS);
        await recordFileText(ctx.db, {
          fileId: file.fileId,
          documentId: file.documentId,
          text,
          sha256: createHash("sha256").update(text).digest("hex"),
          maxChars: MAX_CONTENT_CHARS,
        });
      } catch (error) {
        ctx.log.warn(
          { fileId: file.fileId, reason: (error as Error).message },
          "PDF text extraction failed",
        );
        await recordFileTextFailure(ctx.db, file.fileId, MAX_ATTEMPTS);
      }
      handled += 1;
    }
    if (pending.length < BATCH) return handled;
  }
}

export const pdfTextJob: RecurringJob = {
  name: "documents.pdf-text",
  everySeconds: 10,
  run: async (ctx) => {
    await extractPendingPdfTexts(ctx);
  },
};
