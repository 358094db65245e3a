import { Type, type TSchema } from "typebox";

/** A value or `null` in request and response schemas (OpenAPI 3.1 `anyOf` with null). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
