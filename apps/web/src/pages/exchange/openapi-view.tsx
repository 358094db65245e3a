import { Descriptions, Empty, Flex, Tag, Typography } from "antd";
import { useT } from "../../i18n/index.tsx";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;
const methodColors: Record<string, string> = {
  get: "blue",
  post: "green",
  put: "orange",
  patch: "gold",
  delete: "red",
  head: "purple",
  options: "default",
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

type Parameter = {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  type?: string;
};

/** Follows a local `$ref` (`#/components/parameters/x`) once; anything else is kept as is. */
function resolve(doc: Obj, value: unknown): Obj | undefined {
  if (!isObj(value)) return undefined;
  const ref = str(value.$ref);
  if (!ref?.startsWith("#/")) return value;
  let node: unknown = doc;
  for (const part of ref.slice(2).split("/")) node = isObj(node) ? node[part] : undefined;
  return isObj(node) ? node : undefined;
}

function schemaType(doc: Obj, schema: unknown): string | undefined {
  const s = resolve(doc, schema);
  if (!s) return undefined;
  const ref = isObj(schema) ? str(schema.$ref) : undefined;
  if (ref) return ref.split("/").pop();
  if (s.type === "array") return `${schemaType(doc, s.items) ?? "?"}[]`;
  const type = str(s.type);
  const format = str(s.format);
  return type ? (format ? `${type} (${format})` : type) : undefined;
}

function parametersOf(doc: Obj, list: unknown): Parameter[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw) => {
    const p = resolve(doc, raw);
    const name = str(p?.name);
    if (!p || !name) return [];
    return [
      {
        name,
        in: str(p.in) ?? "",
        required: p.required === true,
        description: str(p.description),
        type: schemaType(doc, p.schema),
      },
    ];
  });
}

/** An OpenAPI 3 description, readable: operations grouped by path, with method tags. */
export function OpenApiView({ document }: { document: unknown }) {
  const t = useT();
  if (!isObj(document) || !isObj(document.paths))
    return <Empty description={t("lgsp.service.noOperations")} />;
  const doc = document;
  const paths = Object.entries(document.paths as Obj).filter(([, item]) => isObj(item));
  if (paths.length === 0) return <Empty description={t("lgsp.service.noOperations")} />;
  const info = isObj(doc.info) ? doc.info : {};
  return (
    <div>
      {str(info.title) ? (
        <Typography.Paragraph>
          <strong>{str(info.title)}</strong> {str(info.version) ? `— ${str(info.version)}` : ""}
          {str(info.description) ? <br /> : null}
          {str(info.description)}
        </Typography.Paragraph>
      ) : null}
      {paths.map(([path, rawItem]) => {
        const item = rawItem as Obj;
        const shared = parametersOf(doc, item.parameters);
        return (
          <section key={path} aria-label={path} style={{ marginBottom: 16 }}>
            <Typography.Title level={3} style={{ fontSize: 15, fontFamily: "monospace" }}>
              {path}
            </Typography.Title>
            <ul style={{ listStyle: "none", paddingInlineStart: 0, margin: 0 }}>
              {METHODS.filter((m) => isObj(item[m])).map((method) => {
                const op = item[method] as Obj;
                const params = [...shared, ...parametersOf(doc, op.parameters)];
                const responses = isObj(op.responses) ? Object.entries(op.responses) : [];
                const body = resolve(doc, op.requestBody);
                const bodyTypes = isObj(body?.content) ? Object.keys(body.content) : [];
                return (
                  <li
                    key={method}
                    style={{
                      border: "1px solid #f0f0f0",
                      borderRadius: 6,
                      padding: 12,
                      marginBottom: 8,
                    }}
                  >
                    <Flex gap={8} align="center" wrap>
                      <Tag color={methodColors[method]} style={{ fontFamily: "monospace" }}>
                        {method.toUpperCase()}
                      </Tag>
                      <code>{path}</code>
                      <span>{str(op.summary) ?? str(op.operationId) ?? ""}</span>
                    </Flex>
                    {str(op.description) ? (
                      <Typography.Paragraph
                        type="secondary"
                        style={{ marginTop: 8, marginBottom: 0 }}
                      >
                        {str(op.description)}
                      </Typography.Paragraph>
                    ) : null}
                    {params.length > 0 ? (
                      <Descriptions
                        size="small"
                        column={1}
                        title={t("lgsp.service.parameters")}
                        style={{ marginTop: 8 }}
                        items={params.map((p) => ({
                          key: `${p.in}:${p.name}`,
                          label: (
                            <code>
                              {p.name} ({p.in})
                            </code>
                          ),
                          children: [
                            p.type,
                            p.required ? t("lgsp.service.paramRequired") : undefined,
                            p.description,
                          ]
                            .filter(Boolean)
                            .join(" — "),
                        }))}
                      />
                    ) : null}
                    {bodyTypes.length > 0 ? (
                      <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
                        {t("lgsp.service.requestBody")}: <code>{bodyTypes.join(", ")}</code>
                      </Typography.Paragraph>
                    ) : null}
                    {responses.length > 0 ? (
                      <Descriptions
                        size="small"
                        column={1}
                        title={t("lgsp.service.responses")}
                        style={{ marginTop: 8 }}
                        items={responses.map(([code, raw]) => ({
                          key: code,
                          label: <code>{code}</code>,
                          children: str(resolve(doc, raw)?.description) ?? "",
                        }))}
                      />
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

/** SOAP services: the operation names the catalogue read from the WSDL. */
export function WsdlOperations({ operations }: { operations: string[] }) {
  const t = useT();
  if (operations.length === 0) return <Empty description={t("lgsp.service.noOperations")} />;
  return (
    <ul>
      {operations.map((op) => (
        <li key={op}>
          <code>{op}</code>
        </li>
      ))}
    </ul>
  );
}
