/**
 * The edXML model (QCVN 102:2016/BTTTT, amended 2022). Field names follow the standard's element
 * names in camelCase, keeping its own spellings (`bussiness`), so a reader of the standard finds
 * each field. Dates are ISO `yyyy-MM-dd` strings (a calendar day has no time zone); timestamps are
 * instants, written in Vietnam time. Text values are trimmed when read.
 */

/** A sender or recipient agency (From, To). */
export type Organization = {
  /** Mã định danh điện tử of the agency, e.g. `000.00.00.G22`. */
  organId: string;
  organizationInCharge?: string;
  organName?: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
};

/** Số and ký hiệu of a document, e.g. 7816 and VPCP-TTĐT. */
export type DocumentCode = { codeNumber: string; codeNotation: string };

export type PromulgationInfo = { place?: string; promulgationDate: string };

/** The 2022 amendment's code lists disagree with samples in the wild, so the name is kept too. */
export type DocumentType = { type: string; typeDetail?: string; typeName?: string };

export type SignerInfo = { competence?: string; position?: string; fullName?: string };

/** 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ. */
export type Priority = 0 | 1 | 2 | 3 | 4;

export type OtherInfo = {
  priority?: Priority;
  sphereOfPromulgation?: string;
  typerNotation?: string;
  promulgationAmount?: number;
  pageAmount?: number;
  direction?: string;
  appendixes?: string[];
};

/** The document a package answers (a reply, or the document a status is about). */
export type ResponseFor = {
  organId: string;
  code: string;
  promulgationDate?: string;
  documentId: string;
};

/** 1 not a directive, 2 a directive, 3 a report on a directive. */
export type SteeringType = 1 | 2 | 3;

/** One agency that handled the package on its way. */
export type TraceHeader = { organId: string; timestamp: Date };

export type StaffInfo = { department?: string; staff?: string; mobile?: string; email?: string };

/** 0 new, 1 revoke, 2 update, 3 replace. */
export type BussinessDocType = 0 | 1 | 2 | 3;

/** ReceiverType 0: the agency was removed from the recipients by an update, 1: added. */
export type Receiver = { organId: string; receiverType: 0 | 1 };

export type BussinessDocumentInfo = {
  documentInfo?: string;
  documentReceiver?: string;
  receiverList: Receiver[];
};

export type ReplacementInfo = { documentId: string; organIdList: string[] };

/** Business information of the 2022 amendment: what this package does to an earlier one. */
export type Bussiness = {
  bussinessDocType: BussinessDocType;
  bussinessDocReason?: string;
  documentId?: string;
  /** Whether a paper copy follows (Paper 1). */
  paper?: 0 | 1;
  staffInfo?: StaffInfo;
  bussinessDocumentInfo?: BussinessDocumentInfo;
  replacementInfoList: ReplacementInfo[];
};

/** Header of a document package (công văn điện tử): MessageHeader and TraceHeaderList. */
export type Edoc = {
  from: Organization;
  to: Organization[];
  /** `{senderOrganId},{yyyy/MM/dd},{number}/{notation}`. */
  documentId: string;
  code: DocumentCode;
  promulgationInfo: PromulgationInfo;
  documentType: DocumentType;
  /** Trích yếu. */
  subject: string;
  content?: string;
  signerInfo?: SignerInfo;
  dueDate?: string;
  /** "Nơi nhận", for the record only. */
  toPlaces: string[];
  otherInfo?: OtherInfo;
  responseFor: ResponseFor[];
  steeringType?: SteeringType;
  traceHeaders: TraceHeader[];
  bussiness?: Bussiness;
};

/** Processing status codes of the reference table (01–06, 13, 15, 16). */
export const STATUS_CODES = {
  "01": { vi: "đã đến", en: "arrived" },
  "02": { vi: "từ chối tiếp nhận", en: "rejected" },
  "03": { vi: "đã tiếp nhận", en: "accepted, registered" },
  "04": { vi: "đã đến, đang chờ phân công", en: "awaiting assignment" },
  "05": { vi: "đã phân công, đang xử lý", en: "assigned, in progress" },
  "06": { vi: "đã xử lý xong", en: "done" },
  "13": { vi: "thu hồi", en: "revoke request" },
  "15": { vi: "đồng ý thu hồi/cập nhật", en: "agrees to revoke/update" },
  "16": { vi: "từ chối thu hồi/cập nhật", en: "refuses revoke/update" },
} as const;

export type StatusCode = keyof typeof STATUS_CODES;

/** A status package: what the recipient did with a document. */
export type Status = {
  from: Organization;
  responseFor: ResponseFor;
  staffInfo?: StaffInfo;
  statusCode: StatusCode;
  /** Why, for 02 (rejected) and 16 (refused). */
  description?: string;
  timestamp: Date;
  traceHeaders: TraceHeader[];
};

/** What the manifest says of an attachment, and the attachment's own metadata. */
export type AttachmentInfo = {
  /** `cid:...`, the key the manifest references. */
  contentId: string;
  attachmentName: string;
  description?: string;
  contentType: string;
};

/** Content of an attachment to write: bytes, or chunks for files too large to hold. */
export type AttachmentSource = AttachmentInfo & {
  content: Uint8Array | AsyncIterable<Uint8Array>;
};

/** An attachment as read: its metadata, size, and its bytes unless they went to a sink. */
export type ParsedAttachment = AttachmentInfo & { size: number; content?: Uint8Array };
