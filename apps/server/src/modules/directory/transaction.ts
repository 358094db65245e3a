export { inTransaction } from "../../core/db/transaction.ts";
