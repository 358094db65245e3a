export { vietnamToday } from "../../core/dates.ts";
