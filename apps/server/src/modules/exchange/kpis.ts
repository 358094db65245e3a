import { sql } from "kysely";
import type { Kpi, ModuleContext } from "../../core/module.ts";
import { countInformationSystems } from "../directory/index.ts";
import { countMessages } from "./messaging/store.ts";

/** Window of the LGSP's figures: the last 24 hours. */
const WINDOW = "24 hours";

/**
 * The LGSP's figures for the IOC. The ministry's target is that every information system with
 * shared data is connected: a system counts as connected when, in the last 24 hours, it served a
 * call through the gateway, or called one successfully.
 */
export async function exchangeKpis(ctx: ModuleContext): Promise<Kpi[]> {
  const at = new Date();
  const { rows } = await sql<{ calls: number; failed: number; connected: number }>`
    with recent as (
      select consumer_system_id, provider_system_id, outcome, status
      from xch_exchanges where started_at > now() - ${WINDOW}::interval
    )
    select
      (select count(*)::int from recent) as calls,
      (select count(*)::int from recent
        where outcome not in ('completed', 'refused') or status >= 500) as failed,
      (select count(distinct system_id)::int from (
        select provider_system_id as system_id from recent
          where outcome = 'completed' and status < 500
        union
        select consumer_system_id from recent
          where outcome = 'completed' and status < 400
      ) connected where system_id is not null) as connected`.execute(ctx.db);
  const { calls, failed, connected } = rows[0]!;
  const systems = await countInformationSystems({ db: ctx.db });
  const messages = await countMessages(ctx.db);
  const percent = (part: number, whole: number) =>
    whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
  return [
    {
      key: "exchange.connected_systems_share",
      label: {
        vi: "Tỷ lệ hệ thống thông tin kết nối qua LGSP (24 giờ)",
        en: "Information systems connected through the LGSP (24 h)",
      },
      value: percent(connected, systems),
      unit: "%",
      at,
    },
    {
      key: "exchange.calls_24h",
      label: { vi: "Lượt gọi qua LGSP (24 giờ)", en: "Calls through the LGSP (24 h)" },
      value: calls,
      at,
    },
    {
      key: "exchange.error_rate_24h",
      label: { vi: "Tỷ lệ lỗi của lượt gọi (24 giờ)", en: "Call error rate (24 h)" },
      value: percent(failed, calls),
      unit: "%",
      at,
    },
    {
      key: "exchange.messages_waiting",
      label: { vi: "Thông điệp đang chờ chuyển phát", en: "Messages waiting for delivery" },
      value: messages.queued,
      at,
    },
    {
      key: "exchange.dead_letters",
      label: { vi: "Thông điệp chuyển phát lỗi", en: "Dead letters" },
      value: messages.dead,
      at,
    },
  ];
}
