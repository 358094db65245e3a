/**
 * Document types and their abbreviations (Decree 30/2020, Appendix III). Công văn has no
 * abbreviation in the symbol: `123/BNV-VP`; the others read `15/QĐ-BNV`.
 */
export const DOCUMENT_TYPES = {
  NQ: { vi: "Nghị quyết", en: "Resolution" },
  QĐ: { vi: "Quyết định", en: "Decision" },
  CT: { vi: "Chỉ thị", en: "Directive" },
  QC: { vi: "Quy chế", en: "Regulation" },
  QyĐ: { vi: "Quy định", en: "Rules" },
  TC: { vi: "Thông cáo", en: "Communiqué" },
  TB: { vi: "Thông báo", en: "Notice" },
  HD: { vi: "Hướng dẫn", en: "Guidance" },
  CTr: { vi: "Chương trình", en: "Programme" },
  KH: { vi: "Kế hoạch", en: "Plan" },
  PA: { vi: "Phương án", en: "Scheme" },
  ĐA: { vi: "Đề án", en: "Project" },
  DA: { vi: "Dự án", en: "Proposal" },
  BC: { vi: "Báo cáo", en: "Report" },
  BB: { vi: "Biên bản", en: "Minutes" },
  TTr: { vi: "Tờ trình", en: "Submission" },
  HĐ: { vi: "Hợp đồng", en: "Contract" },
  GUQ: { vi: "Giấy ủy quyền", en: "Letter of authorization" },
  GM: { vi: "Giấy mời", en: "Invitation" },
  GGT: { vi: "Giấy giới thiệu", en: "Letter of introduction" },
  CV: { vi: "Công văn", en: "Official letter" },
} as const;

export type DocumentTypeCode = keyof typeof DOCUMENT_TYPES;

export function isDocumentTypeCode(code: string): code is DocumentTypeCode {
  return Object.hasOwn(DOCUMENT_TYPES, code);
}

/** `15/QĐ-BNV`, or for công văn `123/BNV-VP` (issuer, then the drafting unit when given). */
export function buildSymbol(options: {
  number: number;
  typeCode: DocumentTypeCode;
  issuer: string;
  unit?: string | undefined;
}): string {
  const { number, typeCode, issuer, unit } = options;
  if (typeCode === "CV") return `${number}/${issuer}${unit ? `-${unit}` : ""}`;
  return `${number}/${typeCode}-${issuer}${unit ? `-${unit}` : ""}`;
}
