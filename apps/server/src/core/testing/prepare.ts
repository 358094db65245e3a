import { createTestDatabase } from "./test-db.ts";

/** Builds (or reuses) the template test database so that test files start from it at once. */
const database = await createTestDatabase();
await database.close();
