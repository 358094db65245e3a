import type { InformationSystemInput, OrganizationKind } from "./schema.ts";

/**
 * Demo data. The agency codes are illustrative, in the right form but not taken from the official
 * register: real installations import their codes (`POST /organizations/import`).
 */
export const DEMO_HOME_AFFAIRS_CODE = "000.00.00.G09";

export type DemoOrganization = {
  code: string;
  name: string;
  shortName: string;
  kind: OrganizationKind;
  adminUnitCode?: string;
  contacts?: { address?: string; email?: string; phone?: string; website?: string };
  units?: DemoOrganization[];
};

const homeAffairsUnit = (nn: string, name: string, shortName: string): DemoOrganization => ({
  code: `000.00.${nn}.G09`,
  name,
  shortName,
  kind: "ministry_unit",
});

export const DEMO_HOME_AFFAIRS: DemoOrganization = {
  code: DEMO_HOME_AFFAIRS_CODE,
  name: "Bộ Nội vụ",
  shortName: "BNV",
  kind: "ministry",
  adminUnitCode: "01",
  contacts: { address: "Số 8 Tôn Thất Thuyết, Hà Nội", website: "https://moha.gov.vn" },
  units: [
    homeAffairsUnit("01", "Văn phòng Bộ", "VP"),
    homeAffairsUnit("02", "Vụ Tổ chức cán bộ", "TCCB"),
    homeAffairsUnit("03", "Vụ Pháp chế", "PC"),
    homeAffairsUnit("04", "Vụ Kế hoạch - Tài chính", "KHTC"),
    homeAffairsUnit("05", "Vụ Chính quyền địa phương", "CQĐP"),
    homeAffairsUnit("06", "Vụ Công chức - Viên chức", "CCVC"),
    homeAffairsUnit("07", "Vụ Tiền lương", "TL"),
    homeAffairsUnit("08", "Vụ Tổ chức - Biên chế", "TCBC"),
    homeAffairsUnit("09", "Vụ Hợp tác quốc tế", "HTQT"),
    homeAffairsUnit("10", "Thanh tra Bộ", "TTr"),
    homeAffairsUnit("11", "Cục Văn thư và Lưu trữ nhà nước", "VTLTNN"),
    homeAffairsUnit("12", "Cục Việc làm", "CVL"),
    homeAffairsUnit("13", "Ban Thi đua - Khen thưởng Trung ương", "TĐKT"),
    homeAffairsUnit("14", "Trung tâm Thông tin", "TTTT"),
  ],
};

const ministry = (nn: string, name: string, shortName: string): DemoOrganization => ({
  code: `000.00.00.G${nn}`,
  name,
  shortName,
  kind: "ministry",
});

export const DEMO_OTHER_MINISTRIES: DemoOrganization[] = [
  ministry("01", "Bộ Công an", "BCA"),
  ministry("02", "Bộ Quốc phòng", "BQP"),
  ministry("03", "Bộ Ngoại giao", "BNG"),
  ministry("04", "Bộ Tư pháp", "BTP"),
  ministry("05", "Bộ Tài chính", "BTC"),
  ministry("06", "Bộ Công Thương", "BCT"),
  ministry("07", "Bộ Nông nghiệp và Môi trường", "BNNMT"),
  ministry("08", "Bộ Xây dựng", "BXD"),
  ministry("10", "Bộ Giáo dục và Đào tạo", "BGDĐT"),
  ministry("11", "Bộ Y tế", "BYT"),
  ministry("12", "Bộ Khoa học và Công nghệ", "BKHCN"),
  ministry("13", "Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL"),
  ministry("14", "Bộ Dân tộc và Tôn giáo", "BDTTG"),
  ministry("15", "Thanh tra Chính phủ", "TTCP"),
  ministry("16", "Ngân hàng Nhà nước Việt Nam", "NHNN"),
  ministry("22", "Văn phòng Chính phủ", "VPCP"),
];

/** A province's People's Committee with its Department of Home Affairs below it. */
export function demoProvince(province: {
  Code: string;
  Name: string;
  FullName: string;
}): DemoOrganization {
  return {
    code: `000.00.00.H${province.Code}`,
    name: `Ủy ban nhân dân ${province.FullName}`,
    shortName: `UBND ${province.Name}`,
    kind: "provincial_committee",
    adminUnitCode: province.Code,
    units: [
      {
        code: `000.00.05.H${province.Code}`,
        name: `Sở Nội vụ ${province.FullName}`,
        shortName: "SNV",
        kind: "provincial_department",
        adminUnitCode: province.Code,
      },
    ],
  };
}

const decision = (number: string, date: string) => ({
  number,
  date,
  issuer: "Bộ trưởng Bộ Nội vụ",
});

/** Information systems of the Ministry of Home Affairs, with illustrative Decree 85/2016 decisions. */
export const DEMO_HOME_AFFAIRS_SYSTEMS: Omit<InformationSystemInput, "organizationId">[] = [
  {
    code: "QLVB",
    name: "Hệ thống quản lý văn bản và điều hành",
    purpose: "Tiếp nhận, xử lý, ký số và gửi văn bản điện tử; điều hành công việc của Bộ.",
    owner: "Văn phòng Bộ",
    securityLevel: 3,
    securityDecision: decision("1021/QĐ-BNV", "2025-09-15"),
    hosting: "government_datacenter",
    status: "operating",
    contacts: { name: "Trung tâm Thông tin" },
  },
  {
    code: "CSDLCBCCVC",
    name: "Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức",
    purpose: "Lưu trữ, khai thác hồ sơ cán bộ, công chức, viên chức trong các cơ quan nhà nước.",
    owner: "Vụ Công chức - Viên chức",
    securityLevel: 4,
    securityDecision: decision("1530/QĐ-BNV", "2025-11-03"),
    hosting: "government_datacenter",
    status: "operating",
  },
  {
    code: "HTTTBC",
    name: "Hệ thống thông tin báo cáo Bộ Nội vụ",
    purpose:
      "Thu thập, tổng hợp báo cáo định kỳ của bộ, ngành, địa phương theo Nghị định 09/2019/NĐ-CP.",
    owner: "Văn phòng Bộ",
    securityLevel: 3,
    securityDecision: decision("1022/QĐ-BNV", "2025-09-15"),
    hosting: "government_cloud",
    status: "operating",
  },
  {
    code: "CONGTTDT",
    name: "Cổng thông tin điện tử Bộ Nội vụ",
    purpose: "Công bố thông tin, văn bản, dịch vụ công của Bộ cho người dân và doanh nghiệp.",
    owner: "Trung tâm Thông tin",
    securityLevel: 2,
    securityDecision: decision("845/QĐ-BNV", "2025-08-20"),
    hosting: "government_cloud",
    status: "operating",
  },
  {
    code: "LGSP",
    name: "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)",
    purpose:
      "Kết nối các hệ thống của Bộ với nhau và với Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP).",
    owner: "Trung tâm Thông tin",
    securityLevel: 3,
    securityDecision: decision("1023/QĐ-BNV", "2025-09-15"),
    hosting: "government_datacenter",
    status: "operating",
  },
  {
    code: "EMAIL",
    name: "Hệ thống thư điện tử",
    purpose: "Thư điện tử công vụ cho cán bộ, công chức của Bộ.",
    owner: "Trung tâm Thông tin",
    securityLevel: 3,
    securityDecision: decision("1024/QĐ-BNV", "2025-09-15"),
    hosting: "on_premises",
    status: "operating",
  },
];
