export { inTransaction, isUniqueViolation } from "../../core/db/transaction.ts";
export { vietnamToday } from "../../core/dates.ts";
