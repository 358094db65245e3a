import fc from "fast-check";
import { formatEdxmlDate } from "../dates.ts";
import type {
  AttachmentSource,
  Bussiness,
  Edoc,
  Organization,
  Status,
  StatusCode,
} from "../model.ts";
import { STATUS_CODES } from "../model.ts";

/** Letters a clerk types, XML's special characters, and line breaks (CR must survive too). */
const CHARS = [
  ..."aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789 -./,:;()ạảãàáệộữỹ<>&\"'\n\r\t😀",
];

/** Values are trimmed when read, so generated ones are trimmed and, if required, non-empty. */
const text = (maxLength: number, minLength = 0) =>
  fc
    .string({ unit: fc.constantFrom(...CHARS), maxLength })
    .map((s) => s.trim())
    .filter((s) => s.length >= minLength);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));

export const agencyCode = fc
  .tuple(digits(3), digits(2), digits(2), fc.constantFrom("G", "H", "A", "B"), digits(2))
  .map(([a, b, c, letter, n]) => `${a}.${b}.${c}.${letter}${n}`);

const isoDate = fc
  .date({
    min: new Date("1990-01-01T00:00:00Z"),
    max: new Date("2099-12-31T00:00:00Z"),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));

/** Whole seconds: the wire form has no fractions. */
const instant = fc
  .integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2099, 0, 1) / 1000 })
  .map((s) => new Date(s * 1000));

/** Drops undefined members the way the reader does. */
const compact = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

const organization: fc.Arbitrary<Organization> = fc
  .record({
    organId: agencyCode,
    organizationInCharge: optional(text(60)),
    organName: optional(text(100)),
    organAdd: optional(text(100)),
    email: optional(text(40)),
    telephone: optional(digits(10)),
    fax: optional(digits(10)),
    website: optional(text(40)),
  })
  .map(compact);

const bussiness: fc.Arbitrary<Bussiness> = fc
  .record({
    bussinessDocType: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const),
    bussinessDocReason: text(100, 1),
    documentId: optional(text(60, 1)),
    paper: optional(fc.constantFrom(0 as const, 1 as const)),
    staffInfo: optional(fc.record({ department: text(40, 1), staff: text(40, 1) })),
    bussinessDocumentInfo: optional(
      fc.record({
        documentInfo: text(40, 1),
        receiverList: fc.array(
          fc.record({ organId: agencyCode, receiverType: fc.constantFrom(0 as const, 1 as const) }),
          { maxLength: 3 },
        ),
      }),
    ),
    replacementInfoList: fc.array(
      fc.record({ documentId: text(60, 1), organIdList: fc.array(agencyCode, { maxLength: 3 }) }),
      { minLength: 1, maxLength: 2 },
    ),
  })
  .map(compact);

/** Valid document headers: DocumentId is derived from From, the date and the code as it must be. */
export const edocModel: fc.Arbitrary<Edoc> = fc
  .record({
    from: organization,
    to: fc.uniqueArray(organization, { minLength: 1, maxLength: 4, selector: (o) => o.organId }),
    code: fc.record({ codeNumber: digits(4), codeNotation: text(20, 1) }),
    promulgationInfo: fc
      .record({ place: optional(text(40)), promulgationDate: isoDate })
      .map(compact),
    documentType: fc.record({ type: digits(1), typeName: optional(text(30)) }).map(compact),
    subject: text(500, 1),
    content: optional(text(500)),
    signerInfo: optional(
      fc.record({ fullName: text(40, 1), position: optional(text(40)) }).map(compact),
    ),
    dueDate: optional(isoDate),
    toPlaces: fc.array(text(150, 1), { maxLength: 3 }),
    otherInfo: optional(
      fc
        .record({
          priority: optional(
            fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const, 4 as const),
          ),
          pageAmount: optional(fc.nat(999)),
          appendixes: optional(fc.array(text(40, 1), { maxLength: 2 })),
        })
        .map(compact),
    ),
    responseFor: fc.array(
      fc.record({ organId: agencyCode, code: text(30), documentId: text(60, 1) }),
      { maxLength: 2 },
    ),
    steeringType: optional(fc.constantFrom(1 as const, 2 as const, 3 as const)),
    traceHeaders: fc.array(fc.record({ organId: agencyCode, timestamp: instant }), {
      maxLength: 3,
    }),
    bussiness: optional(bussiness),
  })
  .map((e) =>
    compact({
      ...e,
      documentId: `${e.from.organId},${formatEdxmlDate(e.promulgationInfo.promulgationDate)},${e.code.codeNumber}/${e.code.codeNotation}`,
    }),
  );

export const statusModel: fc.Arbitrary<Status> = fc
  .record({
    from: organization,
    responseFor: fc.record({ organId: agencyCode, code: text(30), documentId: text(60, 1) }),
    statusCode: fc.constantFrom(...(Object.keys(STATUS_CODES) as StatusCode[])),
    description: text(200, 1),
    timestamp: instant,
    traceHeaders: fc.array(fc.record({ organId: agencyCode, timestamp: instant }), {
      maxLength: 2,
    }),
  })
  .map(compact);

export const attachments: fc.Arbitrary<AttachmentSource[]> = fc.uniqueArray(
  fc.record({
    contentId: fc.stringMatching(/^cid:[a-z0-9.-]{1,20}$/),
    attachmentName: text(60, 1),
    contentType: fc.constantFrom("application/pdf", "application/msword", "image/png"),
    content: fc.uint8Array({ maxLength: 300 }),
  }),
  { maxLength: 3, selector: (a) => a.contentId },
);
