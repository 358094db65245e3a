import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import type { ModuleContext } from "../../core/module.ts";
import { DEMO_HOME_AFFAIRS_CODE, findOrganizationByCode } from "../directory/index.ts";
import { registerEntry } from "./register-entries.ts";
import { vietnamToday } from "./register-rules.ts";
import type { Direction, EntryInput, RegisterKind } from "./register-schema.ts";
import { selectRegisterByKey } from "./registers-repo.ts";
import { createRegister } from "./registers.ts";

const SEED_ACTOR: Actor = { kind: "system", name: "seed" };

/** The ministry and the Departments of Home Affairs of Hà Nội, Đà Nẵng and Hồ Chí Minh City. */
const DEMO_ORGANIZATIONS = [
  DEMO_HOME_AFFAIRS_CODE,
  "000.00.05.H01",
  "000.00.05.H48",
  "000.00.05.H79",
];

const REGISTERS: readonly { direction: Direction; kind: RegisterKind }[] = [
  { direction: "outgoing", kind: "ordinary" },
  { direction: "incoming", kind: "ordinary" },
  { direction: "outgoing", kind: "secret" },
];

type DemoEntry = Omit<EntryInput, "documentDate" | "receivedOn"> & {
  /** Month and day, `MM-DD`; a date after today becomes today, so the demo fits any day. */
  on: string;
  /** Days between the date of an incoming document and its arrival. */
  travelDays?: number;
};

const outgoing = (year: number): DemoEntry[] => [
  {
    on: "01-12",
    typeCode: "QĐ",
    subject: `Quyết định ban hành Kế hoạch chuyển đổi số của Bộ Nội vụ năm ${year}`,
    signer: "Nguyễn Minh Tuấn",
    counterpart: "Các đơn vị thuộc Bộ; Lưu: VT, TTTT",
    internalRecipient: "Trung tâm Thông tin",
    copies: 3,
    pages: 12,
  },
  {
    on: "02-24",
    typeCode: "CV",
    unit: "VP",
    subject: "V/v đôn đốc báo cáo tình hình thực hiện Đề án 06 quý I",
    signer: "Lê Thị Thu Hà",
    counterpart: "Sở Nội vụ các tỉnh, thành phố trực thuộc Trung ương",
    internalRecipient: "Văn phòng Bộ",
    copies: 2,
  },
  {
    on: "04-08",
    typeCode: "TB",
    subject: "Thông báo kết luận của Bộ trưởng tại cuộc họp giao ban tháng 3",
    signer: "Lê Thị Thu Hà",
    counterpart: "Lãnh đạo Bộ; các đơn vị thuộc Bộ",
    internalRecipient: "Văn phòng Bộ",
  },
  {
    on: "05-19",
    typeCode: "CV",
    unit: "CCVC",
    urgency: "khan",
    subject: `V/v hướng dẫn đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm ${year}`,
    signer: "Phạm Quốc Hưng",
    counterpart: "Các bộ, cơ quan ngang bộ; UBND các tỉnh, thành phố",
    internalRecipient: "Vụ Công chức - Viên chức",
    copies: 2,
  },
  {
    on: "07-03",
    typeCode: "BC",
    subject: `Báo cáo tình hình thực hiện nhiệm vụ 6 tháng đầu năm ${year}`,
    signer: "Nguyễn Minh Tuấn",
    counterpart: "Văn phòng Chính phủ",
    internalRecipient: "Vụ Kế hoạch - Tài chính",
    pages: 18,
  },
  {
    on: "09-15",
    typeCode: "GM",
    unit: "VTLTNN",
    subject: "Giấy mời dự Hội nghị tập huấn nghiệp vụ văn thư, lưu trữ điện tử",
    signer: "Đỗ Văn Khải",
    counterpart: "Văn thư các bộ, ngành, địa phương",
    internalRecipient: "Cục Văn thư và Lưu trữ nhà nước",
  },
];

const incoming = (year: number): DemoEntry[] => [
  {
    on: "01-20",
    travelDays: 2,
    typeCode: "CV",
    symbol: "215/BTP-PLDSKT",
    subject: "V/v góp ý dự thảo Nghị định quy định về vị trí việc làm",
    counterpart: "Bộ Tư pháp",
    internalRecipient: "Vụ Pháp chế",
  },
  {
    on: "03-11",
    travelDays: 1,
    typeCode: "CV",
    symbol: "856/UBND-NC",
    subject: `V/v đề nghị bổ sung biên chế công chức năm ${year}`,
    counterpart: "Ủy ban nhân dân Thành phố Hà Nội",
    internalRecipient: "Vụ Tổ chức - Biên chế",
  },
  {
    on: "06-05",
    travelDays: 3,
    typeCode: "BC",
    symbol: "412/BC-SNV",
    subject: "Báo cáo kết quả sắp xếp đơn vị hành chính cấp xã",
    counterpart: "Sở Nội vụ Thành phố Hồ Chí Minh",
    internalRecipient: "Vụ Chính quyền địa phương",
  },
  {
    on: "08-21",
    travelDays: 0,
    typeCode: "GM",
    urgency: "hoa_toc",
    symbol: "98/GM-VPCP",
    subject: "Giấy mời họp trực tuyến về chuyển đổi số trong cơ quan hành chính nhà nước",
    counterpart: "Văn phòng Chính phủ",
    internalRecipient: "Lãnh đạo Bộ; Trung tâm Thông tin",
  },
  {
    on: "10-02",
    travelDays: 2,
    typeCode: "QĐ",
    symbol: "1502/QĐ-TTg",
    subject: "Quyết định phê duyệt Đề án nâng cao chất lượng đội ngũ công chức cấp xã",
    counterpart: "Thủ tướng Chính phủ",
    internalRecipient: "Vụ Công chức - Viên chức",
  },
];

const secret = (year: number): DemoEntry[] => [
  {
    on: "03-30",
    typeCode: "BC",
    confidentiality: "mat",
    subject: `Báo cáo công tác bảo vệ bí mật nhà nước quý I năm ${year}`,
    signer: "Nguyễn Minh Tuấn",
    counterpart: "Bộ Công an",
    internalRecipient: "Văn phòng Bộ",
    copies: 2,
  },
];

/**
 * Demo registers for the current year (Vietnam time): outgoing and incoming ordinary registers
 * and a secret outgoing one for the ministry and three Departments of Home Affairs, with a few
 * entries in the ministry's. Registers are matched by organization, direction, year and kind, and
 * entries go only into a register that has none, so a second run changes nothing.
 */
export async function seedRegistersDemo(ctx: ModuleContext): Promise<void> {
  const today = vietnamToday();
  const year = Number(today.slice(0, 4));
  await ctx.db.transaction().execute(async (trx) => {
    for (const code of DEMO_ORGANIZATIONS) {
      const organization = await findOrganizationByCode({ db: trx, code });
      if (!organization) continue;
      for (const { direction, kind } of REGISTERS) {
        const key = { organizationId: organization.id, direction, year, kind };
        const register =
          (await selectRegisterByKey(trx, key)) ??
          (await createRegister({ db: trx, actor: SEED_ACTOR, input: key }));
        if (code !== DEMO_HOME_AFFAIRS_CODE || register.lastNumber > 0) continue;
        const demo =
          kind === "secret"
            ? secret(year)
            : direction === "outgoing"
              ? outgoing(year)
              : incoming(year);
        for (const entry of demo)
          await addDemoEntry(trx, register.id, direction, entry, year, today);
      }
    }
  });
}

async function addDemoEntry(
  db: Db,
  registerId: string,
  direction: Direction,
  demo: DemoEntry,
  year: number,
  today: string,
) {
  const { on, travelDays, ...input } = demo;
  const arrival = [`${year}-${on}`, today].sort()[0]!;
  const dated = new Date(Date.parse(`${arrival}T00:00:00Z`) - (travelDays ?? 0) * 86_400_000);
  const documentDate = dated.toISOString().slice(0, 10);
  await registerEntry({
    db,
    actor: SEED_ACTOR,
    registerId,
    input:
      direction === "incoming"
        ? { ...input, documentDate, receivedOn: arrival }
        : { ...input, documentDate: arrival },
  });
}
