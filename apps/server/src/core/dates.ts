const VIETNAM_DATE = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Ho_Chi_Minh",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Today's date in Vietnam (YYYY-MM-DD): dates follow the civil calendar there, not UTC. */
export function vietnamToday(now: Date = new Date()): string {
  return VIETNAM_DATE.format(now);
}
