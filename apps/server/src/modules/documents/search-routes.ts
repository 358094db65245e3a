import { Type } from "typebox";
import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import { Nullable } from "../../core/http/schema.ts";
import type { ModuleContext } from "../../core/module.ts";
import { INCOMING_STATUSES, OUTGOING_STATUSES, URGENCIES } from "./documents.ts";
import { DocumentSummarySchema } from "./incoming-schema.ts";
import { searchDocuments } from "./search.ts";

const DateOnly = Type.String({ format: "date", description: "YYYY-MM-DD" });

export const SearchQuerySchema = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          "Words, accents optional; each must begin a word of the subject, summary, symbol, number, sender or the PDFs' text",
      }),
    ),
    organizationId: Type.Optional(
      Type.String({ format: "uuid", description: "System administrators only" }),
    ),
    direction: Type.Optional(Type.Enum(["outgoing", "incoming"])),
    status: Type.Optional(Type.Enum([...OUTGOING_STATUSES, ...INCOMING_STATUSES])),
    typeCode: Type.Optional(Type.String({ pattern: "^\\p{L}{1,10}$" })),
    urgency: Type.Optional(Type.Enum([...URGENCIES])),
    from: Type.Optional(DateOnly),
    to: Type.Optional(DateOnly),
    senderCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

const SnippetSchema = Type.Object({
  field: Type.Enum(["subject", "symbol", "sender", "content"]),
  text: Type.String(),
  highlights: Type.Array(Type.Object({ start: Type.Integer(), length: Type.Integer() }), {
    description: "Spans of `text` (in UTF-16 code units) where a query word starts",
  }),
});

export const SearchPageSchema = Type.Object({
  items: Type.Array(
    Type.Intersect([DocumentSummarySchema, Type.Object({ snippet: Nullable(SnippetSchema) })]),
  ),
  nextCursor: Nullable(Type.String()),
});

/** `GET /api/v1/documents/search`: full-text search over the caller's organization's documents. */
export function searchRoutes(app: App, ctx: ModuleContext) {
  app.get(
    "/search",
    {
      schema: {
        tags: ["documents"],
        summary: "Tìm kiếm văn bản / search documents",
        description:
          "Accent-insensitive full-text search over subject, symbol, number, sender and the text of attached PDFs, with filters; newest first, cursor pages. Secret documents only for leaders, clerks and administrators (and their creator).",
        querystring: SearchQuerySchema,
        response: { 200: SearchPageSchema, ...problemResponses },
      },
    },
    async (request) => searchDocuments(ctx.db, request.actor, request.query),
  );
}
