import type { AttachmentSource, Edoc, Status } from "../model.ts";

/** A valid document package header, as the Government Office would send it; override any field. */
export function buildEdocModel(overrides: Partial<Edoc> = {}): Edoc {
  return {
    from: {
      organId: "000.00.00.G22",
      organName: "Văn phòng Chính phủ",
      organAdd: "16 Lê Hồng Phong, Ba Đình, Hà Nội",
      email: "vpcp@chinhphu.vn",
    },
    to: [
      { organId: "000.00.00.H41", organName: "UBND tỉnh Nghệ An" },
      { organId: "000.00.11.H53", organName: "Sở Nội vụ tỉnh Tây Ninh" },
    ],
    documentId: "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT",
    code: { codeNumber: "7816", codeNotation: "VPCP-TTĐT" },
    promulgationInfo: { place: "Hà Nội", promulgationDate: "2015-09-30" },
    documentType: { type: "1", typeDetail: "18", typeName: "Công văn" },
    subject: "V/v triển khai gửi, nhận văn bản điện tử <liên thông> & ký số",
    content: "Đề nghị các cơ quan thực hiện",
    signerInfo: {
      competence: "TL. BỘ TRƯỞNG",
      position: "Chánh Văn phòng",
      fullName: "Nguyễn Văn A",
    },
    dueDate: "2015-10-15",
    toPlaces: ["Như trên", "Lưu: VT, TTĐT"],
    otherInfo: { priority: 1, promulgationAmount: 10, pageAmount: 2, appendixes: ["Phụ lục I"] },
    responseFor: [],
    steeringType: 1,
    traceHeaders: [{ organId: "000.00.00.G22", timestamp: new Date("2015-09-30T03:15:00Z") }],
    ...overrides,
  };
}

export function buildStatusModel(overrides: Partial<Status> = {}): Status {
  return {
    from: { organId: "000.00.00.H41", organName: "UBND tỉnh Nghệ An" },
    responseFor: {
      organId: "000.00.00.G22",
      code: "7816/VPCP-TTĐT",
      promulgationDate: "2015-09-30",
      documentId: "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT",
    },
    staffInfo: { department: "Văn thư", staff: "Trần Thị B", email: "vanthu@nghean.gov.vn" },
    statusCode: "03",
    timestamp: new Date("2015-09-30T04:00:00Z"),
    traceHeaders: [],
    ...overrides,
  };
}

export function buildAttachment(overrides: Partial<AttachmentSource> = {}): AttachmentSource {
  return {
    contentId: "cid:vanban-7816.pdf",
    attachmentName: "7816-VPCP-TTĐT.pdf",
    description: "Văn bản chính",
    contentType: "application/pdf",
    content: new TextEncoder().encode("%PDF-1.7\n% văn bản mẫu\n"),
    ...overrides,
  };
}
