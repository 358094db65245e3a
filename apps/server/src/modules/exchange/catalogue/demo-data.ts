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

const reportsApi = {
  openapi: "3.0.3",
  info: { title: "Tiếp nhận báo cáo định kỳ", version: "1.0.0" },
  paths: {
    "/bao-cao": {
      post: {
        summary: "Nộp báo cáo / submit a report",
        responses: { "201": { description: "Đã tiếp nhận" } },
      },
    },
    "/bao-cao/{id}": {
      get: {
        summary: "Trạng thái báo cáo / state of a report",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "Trạng thái" } },
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

export const DEMO_SERVICES: DemoService[] = [
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
    code: "bao-cao-dinh-ky",
    version: "v1",
    kind: "rest",
    name: "Tiếp nhận báo cáo định kỳ",
    description: "Các bộ, ngành, địa phương nộp báo cáo định kỳ theo Nghị định 09/2019/NĐ-CP.",
    baseUrl: "https://baocao.moha.gov.vn/api/v1",
    openapi: reportsApi,
    classification: "internal",
    owner: "Văn phòng Bộ",
    sla: { availabilityPercent: 99, maxLatencyMs: 2000, supportHours: "24/7" },
    bodyLogging: "both",
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
