import { sql } from "kysely";
import { vietnamToday } from "../../core/dates.ts";
import type { Kpi, ModuleContext } from "../../core/module.ts";

/** Window of the time-to-register and time-to-done medians. */
const MEDIAN_WINDOW = "90 days";

type Figures = {
  exchanged: number;
  validly_signed: number;
  registered: number;
  registered_electronic: number;
  hours_to_register: number | null;
  hours_to_done: number | null;
  overdue: number;
};

/**
 * The documents' figures for the IOC. Secret documents never count: they are not exchanged
 * electronically. "Exchanged" is this year's (Vietnam time) issued outgoing documents plus the
 * incoming ones that arrived as edXML packages; "validly signed" are the issued ones (signed and
 * sealed here) plus the incoming ones whose every signature check passed on receipt. The share of
 * electronic documents compares the registers' non-secret entries with those that belong to an
 * electronic document.
 */
export async function documentsKpis(ctx: ModuleContext): Promise<Kpi[]> {
  const at = new Date();
  const today = vietnamToday(at);
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const { rows } = await sql<Figures>`
    with exchanged as (
      select d.id, d.direction from doc_documents d
      where d.confidentiality = 'none'
        and exists (
          select 1 from doc_events e
          where e.document_id = d.id
            and e.action = case when d.direction = 'outgoing' then 'issued' else 'received' end
            and (e.at at time zone 'Asia/Ho_Chi_Minh')::date >= ${yearStart}::date)
    ),
    entries as (
      select n.id, exists (select 1 from doc_documents d where d.register_entry_id = n.id)
        as electronic
      from doc_register_entries n
      where n.confidentiality = 'none' and n.document_date >= ${yearStart}::date
    ),
    arrivals as (
      select d.id, d.status, min(e.at) filter (where e.action = 'received') as arrived,
        min(e.at) filter (where e.action = 'accepted') as registered,
        min(e.at) filter (where e.action = 'completed') as done
      from doc_documents d join doc_events e on e.document_id = d.id
      where d.direction = 'incoming' and d.confidentiality = 'none'
      group by d.id, d.status
    )
    select
      (select count(*)::int from exchanged) as exchanged,
      (select count(*)::int from exchanged x
        where x.direction = 'outgoing'
          or (exists (select 1 from doc_validations v where v.document_id = x.id)
            and not exists (select 1 from doc_validations v
              where v.document_id = x.id and v.indication <> 'TOTAL_PASSED'))) as validly_signed,
      (select count(*)::int from entries) as registered,
      (select count(*)::int from entries where electronic) as registered_electronic,
      (select percentile_cont(0.5) within group (
          order by extract(epoch from registered - arrived) / 3600)
        from arrivals where registered is not null
          and arrived > now() - ${MEDIAN_WINDOW}::interval) as hours_to_register,
      (select percentile_cont(0.5) within group (
          order by extract(epoch from done - arrived) / 3600)
        from arrivals where done is not null
          and arrived > now() - ${MEDIAN_WINDOW}::interval) as hours_to_done,
      (select count(*)::int from doc_documents d
        left join doc_assignments a on a.document_id = d.id and a.superseded_at is null
        where d.direction = 'incoming' and d.status in ('accepted', 'assigned', 'in_progress')
          and coalesce(a.due_date, d.due_date) < ${today}::date) as overdue`.execute(ctx.db);
  const figures = rows[0]!;
  const percent = (part: number, whole: number) =>
    whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
  const hours = (value: number | string | null) =>
    value === null ? 0 : Math.round(Number(value) * 10) / 10;
  return [
    {
      key: "documents.exchanged_electronically_ytd",
      label: {
        vi: "Văn bản trao đổi điện tử từ đầu năm (trừ văn bản mật)",
        en: "Documents exchanged electronically this year (secrets excluded)",
      },
      value: figures.exchanged,
      at,
    },
    {
      key: "documents.validly_signed_share_ytd",
      label: {
        vi: "Tỷ lệ văn bản điện tử có chữ ký số hợp lệ (từ đầu năm)",
        en: "Electronic documents validly signed (this year)",
      },
      value: percent(figures.validly_signed, figures.exchanged),
      unit: "%",
      at,
    },
    {
      key: "documents.electronic_share_ytd",
      label: {
        vi: "Tỷ lệ văn bản đi, đến là văn bản điện tử (sổ văn bản, từ đầu năm, trừ văn bản mật)",
        en: "Registered documents that are electronic (this year, secrets excluded)",
      },
      value: percent(figures.registered_electronic, figures.registered),
      unit: "%",
      at,
    },
    {
      key: "documents.median_hours_to_register",
      label: {
        vi: "Thời gian trung vị từ khi đến đến khi vào sổ (giờ, 90 ngày)",
        en: "Median time from arrival to registration (hours, 90 days)",
      },
      value: hours(figures.hours_to_register),
      unit: "h",
      at,
    },
    {
      key: "documents.median_hours_to_done",
      label: {
        vi: "Thời gian trung vị từ khi đến đến khi xử lý xong (giờ, 90 ngày)",
        en: "Median time from arrival to done (hours, 90 days)",
      },
      value: hours(figures.hours_to_done),
      unit: "h",
      at,
    },
    {
      key: "documents.overdue_open",
      label: { vi: "Văn bản đến quá hạn xử lý", en: "Incoming documents overdue" },
      value: figures.overdue,
      at,
    },
  ];
}
