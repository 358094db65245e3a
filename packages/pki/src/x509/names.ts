import * as asn1js from "asn1js";
import { OID } from "./oids.ts";

export type Bilingual = { vi: string; en: string };

/**
 * Personal and organization identifiers Vietnamese CAs put in the UID attribute as `KIND:number`
 * (e.g. `CCCD:001203004567`, `MST:0100109106`), following the VGCA and licensed public CAs' profile.
 */
export const UID_KINDS: Record<string, Bilingual> = {
  CMND: { vi: "Chứng minh nhân dân", en: "Identity card (old)" },
  CCCD: { vi: "Căn cước công dân", en: "Citizen identity card" },
  CC: { vi: "Căn cước", en: "Identity card" },
  HC: { vi: "Hộ chiếu", en: "Passport" },
  MST: { vi: "Mã số thuế", en: "Tax code" },
  MNS: { vi: "Mã quan hệ ngân sách", en: "Budget relation code" },
};

type AttributeInfo = { short: string; label: Bilingual };

const ATTRIBUTES: Record<string, AttributeInfo> = {
  [OID.commonName]: { short: "CN", label: { vi: "Tên", en: "Common name" } },
  [OID.organization]: { short: "O", label: { vi: "Cơ quan", en: "Organization" } },
  [OID.organizationalUnit]: { short: "OU", label: { vi: "Đơn vị", en: "Organizational unit" } },
  [OID.locality]: { short: "L", label: { vi: "Địa phương", en: "Locality" } },
  [OID.state]: { short: "ST", label: { vi: "Tỉnh/Thành phố", en: "State or province" } },
  [OID.country]: { short: "C", label: { vi: "Quốc gia", en: "Country" } },
  [OID.emailAddress]: { short: "E", label: { vi: "Thư điện tử", en: "Email" } },
  [OID.userId]: { short: "UID", label: { vi: "Mã định danh", en: "User ID" } },
  [OID.title]: { short: "T", label: { vi: "Chức vụ", en: "Title" } },
  [OID.serialNumber]: { short: "SERIALNUMBER", label: { vi: "Số hiệu", en: "Serial number" } },
  [OID.street]: { short: "STREET", label: { vi: "Địa chỉ", en: "Street" } },
  [OID.surname]: { short: "SN", label: { vi: "Họ", en: "Surname" } },
  [OID.givenName]: { short: "GN", label: { vi: "Tên riêng", en: "Given name" } },
  [OID.domainComponent]: { short: "DC", label: { vi: "Thành phần miền", en: "Domain component" } },
  [OID.organizationIdentifier]: {
    short: "organizationIdentifier",
    label: { vi: "Mã định danh cơ quan", en: "Organization identifier" },
  },
};

export type NameAttribute = {
  oid: string;
  /** RFC 4514 short name, or the dotted OID when there is none. */
  type: string;
  label: Bilingual;
  value: string;
  /** For UID values of the `KIND:number` form. */
  identifier?: { kind: string; number: string; label: Bilingual };
};

export type DistinguishedName = {
  /** RFC 4514 string: most specific RDN first, special characters escaped. */
  rfc4514: string;
  /** Attributes in encoding order (country first, usually). */
  attributes: NameAttribute[];
};

function escapeValue(value: string): string {
  const escaped = value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/\0/g, "\\00");
  return escaped.replace(/^([ #])/, "\\$1").replace(/ $/, "\\ ");
}

function attributeValue(value: asn1js.AsnType): { text: string; isString: boolean } {
  const block = (value as { valueBlock?: { value?: unknown } }).valueBlock;
  if (value instanceof asn1js.BaseStringBlock || typeof block?.value === "string")
    return { text: String(block?.value ?? ""), isString: true };
  return { text: `#${Buffer.from(value.toBER()).toString("hex")}`, isString: false };
}

function describeAttribute(oid: string, value: string): NameAttribute {
  const info = ATTRIBUTES[oid];
  const attribute: NameAttribute = {
    oid,
    type: info?.short ?? oid,
    label: info?.label ?? { vi: oid, en: oid },
    value,
  };
  const match = oid === OID.userId ? /^([A-Z]{2,5}):(.+)$/.exec(value) : null;
  const kind = match ? UID_KINDS[match[1]!] : undefined;
  if (match && kind) attribute.identifier = { kind: match[1]!, number: match[2]!, label: kind };
  return attribute;
}

/** Reads an encoded X.501 Name (SEQUENCE OF SET OF AttributeTypeAndValue). */
export function readName(der: ArrayBuffer | Uint8Array): DistinguishedName {
  const bytes = der instanceof Uint8Array ? der : new Uint8Array(der);
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence))
    throw new Error("Name is not a SEQUENCE");
  const attributes: NameAttribute[] = [];
  const rdns: string[] = [];
  for (const rdn of parsed.result.valueBlock.value) {
    if (!(rdn instanceof asn1js.Set)) throw new Error("RDN is not a SET");
    const parts: string[] = [];
    for (const atv of rdn.valueBlock.value) {
      const [type, value] = (atv as asn1js.Sequence).valueBlock?.value ?? [];
      if (!(type instanceof asn1js.ObjectIdentifier) || !value)
        throw new Error("bad AttributeTypeAndValue");
      const oid = type.valueBlock.toString();
      const { text, isString } = attributeValue(value);
      const attribute = describeAttribute(oid, text);
      attributes.push(attribute);
      parts.push(`${attribute.type}=${isString ? escapeValue(text) : text}`);
    }
    rdns.push(parts.join("+"));
  }
  return { rfc4514: rdns.reverse().join(","), attributes };
}

/** The first value of an attribute (e.g. the CN), if present. */
export function nameValue(name: DistinguishedName, oid: string): string | undefined {
  return name.attributes.find((a) => a.oid === oid)?.value;
}
