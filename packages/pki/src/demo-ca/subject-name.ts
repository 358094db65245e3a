import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { OID } from "../x509/oids.ts";

/** Subject attributes a demo certificate may carry, written in this order (country first). */
export type SubjectInput = {
  C?: string;
  ST?: string;
  L?: string;
  O?: string;
  OU?: string;
  title?: string;
  CN: string;
  /** `KIND:number`, e.g. `CCCD:001203004567` or `MST:0100109106`. */
  UID?: string;
  /** Agency code (mã định danh điện tử của cơ quan, QĐ 20/2020/QĐ-TTg). */
  organizationIdentifier?: string;
  E?: string;
};

const ORDER: [keyof SubjectInput, string][] = [
  ["C", OID.country],
  ["ST", OID.state],
  ["L", OID.locality],
  ["O", OID.organization],
  ["OU", OID.organizationalUnit],
  ["organizationIdentifier", OID.organizationIdentifier],
  ["title", OID.title],
  ["CN", OID.commonName],
  ["UID", OID.userId],
  ["E", OID.emailAddress],
];

/** Country is a PrintableString and email an IA5String by X.520; everything else is UTF-8. */
function encodeValue(key: keyof SubjectInput, value: string): pkijs.AttributeValueType {
  if (key === "C") return new asn1js.PrintableString({ value });
  if (key === "E") return new asn1js.IA5String({ value });
  return new asn1js.Utf8String({ value });
}

/**
 * One attribute per RDN, as CAs write names. (pkijs would put every attribute in a single
 * multi-valued RDN, which OpenSSL shows as `C = VN + O = ...`.)
 */
export function buildName(subject: SubjectInput): pkijs.RelativeDistinguishedNames {
  const rdns = ORDER.filter(([key]) => subject[key] !== undefined).map(
    ([key, oid]) =>
      new asn1js.Set({
        value: [
          new pkijs.AttributeTypeAndValue({
            type: oid,
            value: encodeValue(key, subject[key]!),
          }).toSchema(),
        ],
      }),
  );
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER());
}
