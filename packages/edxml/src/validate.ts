import { parseEdxmlDate } from "./dates.ts";
import type { ValidationIssue } from "./errors.ts";
import {
  STATUS_CODES,
  type AttachmentInfo,
  type Bussiness,
  type Edoc,
  type ResponseFor,
  type Status,
  type TraceHeader,
} from "./model.ts";
import { IssueList } from "./rules.ts";

const HEADER = "edXMLHeader/MessageHeader";
const TRACE = "edXMLHeader/TraceHeaderList";

function responseFor(list: IssueList, value: ResponseFor, path: string) {
  list.organId(`${path}/OrganId`, value.organId);
  list.required(`${path}/DocumentId`, value.documentId, "số hiệu văn bản", "DocumentId");
  list.date(`${path}/PromulgationDate`, value.promulgationDate);
}

function traces(list: IssueList, headers: TraceHeader[]) {
  headers.forEach((t, i) => {
    const path = `${TRACE}/TraceHeader[${i + 1}]`;
    list.organId(`${path}/OrganId`, t.organId);
    list.timestamp(`${path}/Timestamp`, t.timestamp);
  });
}

/** The 2022 amendment's business information: revoke, update and replace name what and why. */
function bussiness(list: IssueList, value: Bussiness) {
  const path = `${TRACE}/Bussiness`;
  list.oneOf(`${path}/BussinessDocType`, value.bussinessDocType, [0, 1, 2, 3]);
  list.oneOf(`${path}/Paper`, value.paper, [0, 1]);
  if (value.bussinessDocType !== 0)
    list.required(`${path}/BussinessDocReason`, value.bussinessDocReason, "lý do", "the reason");
  if (value.bussinessDocType === 3 && value.replacementInfoList.length === 0)
    list.add(
      `${path}/ReplacementInfoList`,
      "required",
      "Văn bản thay thế cần danh sách văn bản bị thay thế",
      "a replacement needs the replaced documents",
    );
  value.bussinessDocumentInfo?.receiverList.forEach((r, i) => {
    const p = `${path}/BussinessDocumentInfo/ReceiverList/Receiver[${i + 1}]`;
    list.organId(`${p}/OrganId`, r.organId);
    list.oneOf(`${p}/ReceiverType`, r.receiverType, [0, 1]);
  });
  value.replacementInfoList.forEach((r, i) => {
    const p = `${path}/ReplacementInfoList/ReplacementInfo[${i + 1}]`;
    list.required(`${p}/DocumentId`, r.documentId, "số hiệu văn bản", "DocumentId");
    r.organIdList.forEach((id, j) => list.agencyCode(`${p}/OrganIdList/OrganId[${j + 1}]`, id));
  });
}

/**
 * DocumentId is `{sender},{yyyy/MM/dd},{number}/{notation}`; a mismatch with From, the date or
 * the code means the receiver would file the document under the wrong identity.
 */
function documentId(list: IssueList, edoc: Edoc) {
  const parts = edoc.documentId.split(",");
  const [sender, day, ...rest] = parts;
  const expected = `${edoc.code.codeNumber}/${edoc.code.codeNotation}`;
  if (
    parts.length >= 3 &&
    sender === edoc.from.organId &&
    parseEdxmlDate(day!) === edoc.promulgationInfo.promulgationDate &&
    rest.join(",") === expected
  )
    return;
  list.add(
    `${HEADER}/DocumentId`,
    "documentId",
    `DocumentId "${edoc.documentId}" không khớp {From},{ngày ban hành},{số}/{ký hiệu}`,
    `DocumentId "${edoc.documentId}" does not match {From},{promulgation date},{number}/{notation}`,
  );
}

/** Every rule of a document package's header; an empty list means valid. */
export function validateEdoc(edoc: Edoc): ValidationIssue[] {
  const list = new IssueList();
  list.organId(`${HEADER}/From/OrganId`, edoc.from.organId);
  if (edoc.to.length === 0)
    list.add(`${HEADER}/To`, "required", "Cần ít nhất một nơi nhận", "at least one To is required");
  const seen = new Set<string>();
  edoc.to.forEach((to, i) => {
    const path = `${HEADER}/To[${i + 1}]/OrganId`;
    list.organId(path, to.organId);
    if (seen.has(to.organId))
      list.add(
        path,
        "uniqueOrganId",
        `Nơi nhận ${to.organId} bị lặp`,
        `recipient ${to.organId} appears twice`,
      );
    seen.add(to.organId);
  });
  const hasId = list.required(`${HEADER}/DocumentId`, edoc.documentId, "DocumentId", "DocumentId");
  const hasNumber = list.required(
    `${HEADER}/Code/CodeNumber`,
    edoc.code.codeNumber,
    "số văn bản",
    "CodeNumber",
  );
  const hasNotation = list.required(
    `${HEADER}/Code/CodeNotation`,
    edoc.code.codeNotation,
    "ký hiệu văn bản",
    "CodeNotation",
  );
  const datePath = `${HEADER}/PromulgationInfo/PromulgationDate`;
  const date = edoc.promulgationInfo.promulgationDate;
  if (list.required(datePath, date, "ngày ban hành", "PromulgationDate")) list.date(datePath, date);
  if (hasId && hasNumber && hasNotation && edoc.from.organId) documentId(list, edoc);
  list.required(`${HEADER}/DocumentType/Type`, edoc.documentType.type, "loại văn bản", "Type");
  list.required(`${HEADER}/Subject`, edoc.subject, "trích yếu", "Subject");
  list.maxLength(`${HEADER}/Subject`, edoc.subject, 500, "Trích yếu", "Subject");
  list.maxLength(`${HEADER}/Content`, edoc.content, 500, "Nội dung", "Content");
  list.date(`${HEADER}/DueDate`, edoc.dueDate);
  edoc.toPlaces.forEach((place, i) =>
    list.maxLength(`${HEADER}/ToPlaces/Place[${i + 1}]`, place, 150, "Nơi nhận", "Place"),
  );
  const other = edoc.otherInfo;
  list.oneOf(`${HEADER}/OtherInfo/Priority`, other?.priority, [0, 1, 2, 3, 4]);
  list.count(`${HEADER}/OtherInfo/PromulgationAmount`, other?.promulgationAmount);
  list.count(`${HEADER}/OtherInfo/PageAmount`, other?.pageAmount);
  edoc.responseFor.forEach((r, i) => responseFor(list, r, `${HEADER}/ResponseFor[${i + 1}]`));
  list.oneOf(`${HEADER}/SteeringType`, edoc.steeringType, [1, 2, 3]);
  traces(list, edoc.traceHeaders);
  if (edoc.bussiness) bussiness(list, edoc.bussiness);
  return list.items;
}

/** Every rule of a status package. */
export function validateStatus(status: Status): ValidationIssue[] {
  const list = new IssueList();
  list.organId(`${HEADER}/From/OrganId`, status.from.organId);
  responseFor(list, status.responseFor, `${HEADER}/ResponseFor`);
  list.oneOf(`${HEADER}/StatusCode`, status.statusCode, Object.keys(STATUS_CODES).sort());
  if (status.statusCode === "02" || status.statusCode === "16")
    list.required(`${HEADER}/Description`, status.description, "lý do từ chối", "the reason");
  list.timestamp(`${HEADER}/Timestamp`, status.timestamp);
  traces(list, status.traceHeaders);
  return list.items;
}

/** Attachment metadata: each has a unique `cid:` ContentId, a name and a content type. */
export function validateAttachments(attachments: AttachmentInfo[]): ValidationIssue[] {
  const list = new IssueList();
  const seen = new Set<string>();
  attachments.forEach((a, i) => {
    const path = `AttachmentEncoded/Attachment[${i + 1}]`;
    if (list.required(`${path}/ContentId`, a.contentId, "ContentId", "ContentId")) {
      if (!a.contentId.startsWith("cid:") || a.contentId.length < 5)
        list.add(
          `${path}/ContentId`,
          "contentId cid:",
          "ContentId phải có dạng cid:...",
          "ContentId must be cid:...",
        );
      if (seen.has(a.contentId))
        list.add(
          `${path}/ContentId`,
          "uniqueContentId",
          `ContentId ${a.contentId} bị lặp`,
          `ContentId ${a.contentId} appears twice`,
        );
      seen.add(a.contentId);
    }
    list.required(`${path}/AttachmentName`, a.attachmentName, "tên tệp", "AttachmentName");
    list.required(`${path}/ContentType`, a.contentType, "kiểu tệp", "ContentType");
  });
  return list.items;
}
