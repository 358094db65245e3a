import type { ServiceInput } from "./schema.ts";

/**
 * Demo services of the Ministry of Home Affairs' systems. Addresses and descriptions are
 * illustrative: real providers register their own.
 */
type DemoService = Omit<ServiceInput, "providerSystemId"> & { systemCode: string };

const officialsApi = {
  openapi: "3.0.3",
  info: { title: "Hồ sơ cán bộ, công chức, viên chức", version: "1.0.0" },
  paths: {
    "/can-bo": {
      get: {
        summary: "Tìm cán bộ theo đơn vị / search officials by unit",
        parameters: [{ name: "maDonVi", in: "query", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "Danh sách cán bộ" } },
      },
    },
    "/can-bo/{maDinhDanh}": {
      get: {
        summary: "Hồ sơ một cán bộ / one official's record",
        parameters: [
          { name: "maDinhDanh", in: "path", required: true, schema: { type: "string" } },
        ],
        responses: { "200": { description: "Hồ sơ" }, "404": { description: "Không có" } },
      },
    },
  },
};

/** The platform's own reporting import (DHIS2 `dataValueSets`), as provinces call it on the LGSP. */
export const REPORTS_IMPORT_OPENAPI = {
  openapi: "3.0.3",
  info: { title: "Nhập số liệu báo cáo (dataValueSets)", version: "1.0.0" },
  paths: {
    "/dataValueSets": {
      post: {
        summary: "Nhập số liệu của một chế độ báo cáo / import values of a reporting regime",
        description:
          "JSON như dataValueSets của DHIS2 hoặc CSV; dryRun=true để kiểm tra trước; atomicMode=NONE để nhận phần hợp lệ. / DHIS2-shaped JSON or CSV.",
        parameters: [
          { name: "dryRun", in: "query", schema: { type: "boolean" } },
          { name: "atomicMode", in: "query", schema: { type: "string", enum: ["ALL", "NONE"] } },
        ],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["dataValues"],
                properties: {
                  dataSet: { type: "string" },
                  period: { type: "string" },
                  orgUnit: { type: "string" },
                  dataValues: {
                    type: "array",
                    items: {
                      type: "object",
                      required: ["dataElement"],
                      properties: {
                        dataElement: { type: "string" },
                        period: { type: "string" },
                        orgUnit: { type: "string" },
                        categoryOptionCombo: { type: "string" },
                        value: { type: "string" },
                        comment: { type: "string" },
                      },
                    },
                  },
                },
              },
            },
            "text/csv": { schema: { type: "string" } },
          },
        },
        responses: {
          "200": { description: "Kết quả nhập (importSummary)" },
          "409": {
            description: "Không nhập được giá trị nào; importSummary kèm lý do từng giá trị",
          },
        },
      },
    },
  },
};

const documentsWsdl = `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:tns="urn:moha:qlvb:lienthong" targetNamespace="urn:moha:qlvb:lienthong">
  <wsdl:message name="GuiVanBanRequest"><wsdl:part name="edxml" type="xsd:string"/></wsdl:message>
  <wsdl:message name="GuiVanBanResponse"><wsdl:part name="maGoiTin" type="xsd:string"/></wsdl:message>
  <wsdl:portType name="VanBanLienThong">
    <wsdl:operation name="GuiVanBan">
      <wsdl:input message="tns:GuiVanBanRequest"/>
      <wsdl:output message="tns:GuiVanBanResponse"/>
    </wsdl:operation>
    <wsdl:operation name="NhanTrangThai">
      <wsdl:input message="tns:GuiVanBanRequest"/>
      <wsdl:output message="tns:GuiVanBanResponse"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="VanBanLienThongSoap" type="tns:VanBanLienThong">
    <soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
  </wsdl:binding>
  <wsdl:service name="VanBanLienThongService">
    <wsdl:port name="VanBanLienThongPort" binding="tns:VanBanLienThongSoap">
      <soap:address location="https://qlvb.moha.gov.vn/ws/lienthong"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;

/** The demo services; the reporting import points at this platform's own API. */
export const demoServices = (publicUrl: string): DemoService[] => [
  {
    systemCode: "CSDLCBCCVC",
    code: "ho-so-can-bo",
    version: "v1",
    kind: "rest",
    name: "Tra cứu hồ sơ cán bộ, công chức, viên chức",
    description: "Tra cứu hồ sơ cán bộ, công chức, viên chức theo mã định danh hoặc theo đơn vị.",
    baseUrl: "https://csdlcbccvc.moha.gov.vn/api/v1",
    openapi: officialsApi,
    classification: "restricted",
    owner: "Vụ Công chức - Viên chức",
    contact: { name: "Trung tâm Thông tin", email: "csdl@moha.gov.vn" },
    sla: {
      availabilityPercent: 99.5,
      maxLatencyMs: 800,
      supportHours: "Giờ hành chính, 8:00–17:00",
    },
    bodyLogging: "none",
  },
  {
    systemCode: "HTTTBC",
    code: "so-lieu-bao-cao",
    version: "v1",
    kind: "rest",
    name: "Nhập số liệu báo cáo",
    description:
      "Hệ thống của bộ, ngành, địa phương đẩy số liệu báo cáo theo Nghị định 09/2019/NĐ-CP (dataValueSets của DHIS2, JSON hoặc CSV) vào hệ thống báo cáo của Bộ.",
    baseUrl: `${publicUrl}/api/v1/reports`,
    openapi: REPORTS_IMPORT_OPENAPI,
    classification: "internal",
    owner: "Văn phòng Bộ",
    sla: { availabilityPercent: 99, maxLatencyMs: 5000, supportHours: "24/7" },
    bodyLogging: "request",
  },
  {
    systemCode: "QLVB",
    code: "van-ban-lien-thong",
    version: "v1",
    kind: "soap",
    name: "Gửi, nhận văn bản liên thông (SOAP)",
    description: "Giao diện SOAP 1.1 cũ của hệ thống quản lý văn bản để gửi gói tin edXML.",
    baseUrl: "https://qlvb.moha.gov.vn/ws/lienthong",
    wsdl: documentsWsdl,
    classification: "internal",
    owner: "Văn phòng Bộ",
    bodyLogging: "request",
  },
];

/** The reporting system reads one official's record from the officials' database. */
export const DEMO_RIGHT = {
  consumerSystemCode: "HTTTBC",
  service: "CSDLCBCCVC/ho-so-can-bo",
  endpoints: ["GET /can-bo/{maDinhDanh}"],
  purpose: "Đối chiếu thông tin người ký báo cáo với hồ sơ cán bộ.",
  legalBasis: "Nghị định 09/2019/NĐ-CP; Nghị định 47/2020/NĐ-CP về kết nối, chia sẻ dữ liệu số.",
};
