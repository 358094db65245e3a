import { parseEdxmlDate, parseEdxmlTimestamp } from "./dates.ts";
import type {
  Bussiness,
  BussinessDocType,
  Edoc,
  Organization,
  Priority,
  ResponseFor,
  StaffInfo,
  Status,
  StatusCode,
  SteeringType,
  TraceHeader,
} from "./model.ts";
import type { XmlNode } from "./sax-reader.ts";

/**
 * Maps the element tree to the model as leniently as real systems need: elements are matched by
 * local name whatever their prefix, absent optional parts stay absent, and a value in the wrong
 * form is kept as it came (or as NaN) for validation to name, never dropped silently.
 */
export const child = (node: XmlNode | undefined, name: string) =>
  node?.children.find((c) => c.name === name);
export const children = (node: XmlNode | undefined, name: string) =>
  node?.children.filter((c) => c.name === name) ?? [];
export const textOf = (node: XmlNode | undefined, name: string) => child(node, name)?.text.trim();

/** Drops absent fields, so a model read back equals the model written. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const numberOf = (node: XmlNode | undefined, name: string) => {
  const text = textOf(node, name);
  if (text === undefined) return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
};
const dateOf = (node: XmlNode | undefined, name: string) => {
  const text = textOf(node, name);
  return text === undefined ? undefined : (parseEdxmlDate(text) ?? text);
};
const timestampOf = (node: XmlNode | undefined, name: string) =>
  parseEdxmlTimestamp(textOf(node, name) ?? "") ?? new Date(Number.NaN);

function organization(node: XmlNode | undefined): Organization {
  return compact({
    organId: textOf(node, "OrganId") ?? "",
    organizationInCharge: textOf(node, "OrganizationInCharge"),
    organName: textOf(node, "OrganName"),
    organAdd: textOf(node, "OrganAdd"),
    email: textOf(node, "Email"),
    telephone: textOf(node, "Telephone"),
    fax: textOf(node, "Fax"),
    website: textOf(node, "Website"),
  });
}

function responseFor(node: XmlNode | undefined): ResponseFor {
  return compact({
    organId: textOf(node, "OrganId") ?? "",
    code: textOf(node, "Code") ?? "",
    promulgationDate: dateOf(node, "PromulgationDate"),
    documentId: textOf(node, "DocumentId") ?? "",
  });
}

function staffInfo(node: XmlNode | undefined): StaffInfo | undefined {
  if (!node) return undefined;
  return compact({
    department: textOf(node, "Department"),
    staff: textOf(node, "Staff"),
    mobile: textOf(node, "Mobile"),
    email: textOf(node, "Email"),
  });
}

function traceHeaders(list: XmlNode | undefined): TraceHeader[] {
  return children(list, "TraceHeader").map((t) => ({
    organId: textOf(t, "OrganId") ?? "",
    timestamp: timestampOf(t, "Timestamp"),
  }));
}

function bussiness(node: XmlNode | undefined): Bussiness | undefined {
  if (!node) return undefined;
  const info = child(node, "BussinessDocumentInfo");
  return compact({
    bussinessDocType: (numberOf(node, "BussinessDocType") ?? 0) as BussinessDocType,
    bussinessDocReason: textOf(node, "BussinessDocReason"),
    documentId: textOf(node, "DocumentId"),
    paper: numberOf(node, "Paper") as 0 | 1 | undefined,
    staffInfo: staffInfo(child(node, "StaffInfo")),
    bussinessDocumentInfo: info
      ? compact({
          documentInfo: textOf(info, "DocumentInfo"),
          documentReceiver: textOf(info, "DocumentReceiver"),
          receiverList: children(child(info, "ReceiverList"), "Receiver").map((r) => ({
            organId: textOf(r, "OrganId") ?? "",
            receiverType: (numberOf(r, "ReceiverType") ?? Number.NaN) as 0 | 1,
          })),
        })
      : undefined,
    replacementInfoList: children(child(node, "ReplacementInfoList"), "ReplacementInfo").map(
      (r) => ({
        documentId: textOf(r, "DocumentId") ?? "",
        organIdList: children(child(r, "OrganIdList"), "OrganId").map((o) => o.text.trim()),
      }),
    ),
  });
}

/** A document package's MessageHeader and TraceHeaderList. */
export function readEdoc(message: XmlNode, traceList: XmlNode | undefined): Edoc {
  const code = child(message, "Code");
  const promulgation = child(message, "PromulgationInfo");
  const type = child(message, "DocumentType");
  const signer = child(message, "SignerInfo");
  const other = child(message, "OtherInfo");
  const appendixes = child(other, "Appendixes");
  return compact({
    from: organization(child(message, "From")),
    to: children(message, "To").map(organization),
    documentId: textOf(message, "DocumentId") ?? "",
    code: {
      codeNumber: textOf(code, "CodeNumber") ?? "",
      codeNotation: textOf(code, "CodeNotation") ?? "",
    },
    promulgationInfo: compact({
      place: textOf(promulgation, "Place"),
      promulgationDate: dateOf(promulgation, "PromulgationDate") ?? "",
    }),
    documentType: compact({
      type: textOf(type, "Type") ?? "",
      typeDetail: textOf(type, "TypeDetail"),
      typeName: textOf(type, "TypeName"),
    }),
    subject: textOf(message, "Subject") ?? "",
    content: textOf(message, "Content"),
    signerInfo: signer
      ? compact({
          competence: textOf(signer, "Competence"),
          position: textOf(signer, "Position"),
          fullName: textOf(signer, "FullName"),
        })
      : undefined,
    dueDate: dateOf(message, "DueDate"),
    toPlaces: children(child(message, "ToPlaces"), "Place").map((p) => p.text.trim()),
    otherInfo: other
      ? compact({
          priority: numberOf(other, "Priority") as Priority | undefined,
          sphereOfPromulgation: textOf(other, "SphereOfPromulgation"),
          typerNotation: textOf(other, "TyperNotation"),
          promulgationAmount: numberOf(other, "PromulgationAmount"),
          pageAmount: numberOf(other, "PageAmount"),
          direction: textOf(other, "Direction"),
          appendixes: appendixes
            ? children(appendixes, "Appendix").map((a) => a.text.trim())
            : undefined,
        })
      : undefined,
    responseFor: children(message, "ResponseFor").map(responseFor),
    steeringType: numberOf(message, "SteeringType") as SteeringType | undefined,
    traceHeaders: traceHeaders(traceList),
    bussiness: bussiness(child(traceList, "Bussiness")),
  });
}

/** Some systems drop the leading zero ("3" for "03"). */
const statusCode = (text: string) => (/^\d$/.test(text) ? `0${text}` : text) as StatusCode;

/** A status package's MessageHeader and TraceHeaderList. */
export function readStatus(message: XmlNode, traceList: XmlNode | undefined): Status {
  return compact({
    from: organization(child(message, "From")),
    responseFor: responseFor(child(message, "ResponseFor")),
    staffInfo: staffInfo(child(message, "StaffInfo")),
    statusCode: statusCode(textOf(message, "StatusCode") ?? ""),
    description: textOf(message, "Description"),
    timestamp: timestampOf(message, "Timestamp"),
    traceHeaders: traceHeaders(traceList),
  });
}
