import { formatEdxmlDate, formatEdxmlTimestamp } from "./dates.ts";
import type {
  Bussiness,
  Edoc,
  Organization,
  ResponseFor,
  StaffInfo,
  Status,
  TraceHeader,
} from "./model.ts";
import { el, wrap } from "./xml-text.ts";

const HEADER = "edXMLHeader/MessageHeader";
const TRACE = "edXMLHeader/TraceHeaderList";

const date = (value: string | undefined) =>
  value === undefined ? undefined : formatEdxmlDate(value);

function organization(name: string, org: Organization, path: string): string {
  const p = `${path}/${name}`;
  return wrap(
    name,
    el("OrganId", org.organId, p) +
      el("OrganizationInCharge", org.organizationInCharge, p) +
      el("OrganName", org.organName, p) +
      el("OrganAdd", org.organAdd, p) +
      el("Email", org.email, p) +
      el("Telephone", org.telephone, p) +
      el("Fax", org.fax, p) +
      el("Website", org.website, p),
  );
}

function responseFor(value: ResponseFor, path: string): string {
  const p = `${path}/ResponseFor`;
  return wrap(
    "ResponseFor",
    el("OrganId", value.organId, p) +
      el("Code", value.code, p) +
      el("PromulgationDate", date(value.promulgationDate), p) +
      el("DocumentId", value.documentId, p),
  );
}

function staffInfo(value: StaffInfo | undefined, path: string): string {
  if (!value) return "";
  const p = `${path}/StaffInfo`;
  return wrap(
    "StaffInfo",
    el("Department", value.department, p) +
      el("Staff", value.staff, p) +
      el("Mobile", value.mobile, p) +
      el("Email", value.email, p),
  );
}

function bussiness(value: Bussiness): string {
  const p = `${TRACE}/Bussiness`;
  const info = value.bussinessDocumentInfo;
  const infoPath = `${p}/BussinessDocumentInfo`;
  return wrap(
    "Bussiness",
    el("BussinessDocType", value.bussinessDocType, p) +
      el("BussinessDocReason", value.bussinessDocReason, p) +
      el("DocumentId", value.documentId, p) +
      el("Paper", value.paper, p) +
      staffInfo(value.staffInfo, p) +
      (info
        ? wrap(
            "BussinessDocumentInfo",
            el("DocumentInfo", info.documentInfo, infoPath) +
              el("DocumentReceiver", info.documentReceiver, infoPath) +
              wrap(
                "ReceiverList",
                info.receiverList
                  .map((r) =>
                    wrap(
                      "Receiver",
                      el("OrganId", r.organId, infoPath) +
                        el("ReceiverType", r.receiverType, infoPath),
                    ),
                  )
                  .join(""),
              ),
          )
        : "") +
      wrap(
        "ReplacementInfoList",
        value.replacementInfoList
          .map((r) =>
            wrap(
              "ReplacementInfo",
              el("DocumentId", r.documentId, p) +
                wrap("OrganIdList", r.organIdList.map((id) => el("OrganId", id, p)).join("")),
            ),
          )
          .join(""),
      ),
  );
}

function traceHeaderList(traces: TraceHeader[], business: Bussiness | undefined): string {
  const hops = traces
    .map((t) =>
      wrap(
        "TraceHeader",
        el("OrganId", t.organId, TRACE) + el("Timestamp", formatEdxmlTimestamp(t.timestamp), TRACE),
      ),
    )
    .join("");
  return wrap("TraceHeaderList", hops + (business ? bussiness(business) : ""));
}

/** MessageHeader and TraceHeaderList of a document package, in the standard's element order. */
export function writeEdocHeader(edoc: Edoc): string {
  const other = edoc.otherInfo;
  const otherPath = `${HEADER}/OtherInfo`;
  const message = wrap(
    "MessageHeader",
    organization("From", edoc.from, HEADER) +
      edoc.to.map((to) => organization("To", to, HEADER)).join("") +
      el("DocumentId", edoc.documentId, HEADER) +
      wrap(
        "Code",
        el("CodeNumber", edoc.code.codeNumber, `${HEADER}/Code`) +
          el("CodeNotation", edoc.code.codeNotation, `${HEADER}/Code`),
      ) +
      wrap(
        "PromulgationInfo",
        el("Place", edoc.promulgationInfo.place, `${HEADER}/PromulgationInfo`) +
          el("PromulgationDate", date(edoc.promulgationInfo.promulgationDate), HEADER),
      ) +
      wrap(
        "DocumentType",
        el("Type", edoc.documentType.type, `${HEADER}/DocumentType`) +
          el("TypeDetail", edoc.documentType.typeDetail, `${HEADER}/DocumentType`) +
          el("TypeName", edoc.documentType.typeName, `${HEADER}/DocumentType`),
      ) +
      el("Subject", edoc.subject, HEADER) +
      el("Content", edoc.content, HEADER) +
      (edoc.signerInfo
        ? wrap(
            "SignerInfo",
            el("Competence", edoc.signerInfo.competence, `${HEADER}/SignerInfo`) +
              el("Position", edoc.signerInfo.position, `${HEADER}/SignerInfo`) +
              el("FullName", edoc.signerInfo.fullName, `${HEADER}/SignerInfo`),
          )
        : "") +
      el("DueDate", date(edoc.dueDate), HEADER) +
      wrap("ToPlaces", edoc.toPlaces.map((place) => el("Place", place, HEADER)).join("")) +
      (other
        ? wrap(
            "OtherInfo",
            el("Priority", other.priority, otherPath) +
              el("SphereOfPromulgation", other.sphereOfPromulgation, otherPath) +
              el("TyperNotation", other.typerNotation, otherPath) +
              el("PromulgationAmount", other.promulgationAmount, otherPath) +
              el("PageAmount", other.pageAmount, otherPath) +
              el("Direction", other.direction, otherPath) +
              (other.appendixes
                ? wrap(
                    "Appendixes",
                    other.appendixes.map((a) => el("Appendix", a, otherPath)).join(""),
                  )
                : ""),
          )
        : "") +
      edoc.responseFor.map((r) => responseFor(r, HEADER)).join("") +
      el("SteeringType", edoc.steeringType, HEADER),
  );
  return message + traceHeaderList(edoc.traceHeaders, edoc.bussiness);
}

/** MessageHeader and TraceHeaderList of a status package. */
export function writeStatusHeader(status: Status): string {
  const message = wrap(
    "MessageHeader",
    organization("From", status.from, HEADER) +
      responseFor(status.responseFor, HEADER) +
      staffInfo(status.staffInfo, HEADER) +
      el("StatusCode", status.statusCode, HEADER) +
      el("Description", status.description, HEADER) +
      el("Timestamp", formatEdxmlTimestamp(status.timestamp), HEADER),
  );
  return message + traceHeaderList(status.traceHeaders, undefined);
}
