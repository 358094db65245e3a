/** A CSV file that cannot be read as RFC 4180; `line` is the physical line where reading stopped. */
export class CsvSyntaxError extends Error {
  override name = "CsvSyntaxError";
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Excel saves "CSV" with the list separator of the computer's regional settings, which on
 * Vietnamese Windows is ";" (the comma is the decimal mark). The header row has no quoted
 * separators in practice, so its separators decide.
 */
export function detectDelimiter(text: string): "," | ";" {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

/**
 * Parses RFC 4180 CSV: fields separated by `delimiter`, records by CRLF or LF, fields in double
 * quotes may hold separators, line breaks and `""` for a quote. A leading UTF-8 BOM is ignored.
 * Returns one array of fields per record; a final line break does not make an empty record.
 */
export function parseCsv(input: string, delimiter: "," | ";" = detectDelimiter(input)): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let line = 1;
  let i = 0;
  let atFieldStart = true;
  const endField = () => {
    record.push(field);
    field = "";
    atFieldStart = true;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (atFieldStart && c === '"') {
      const quoteLine = line;
      i += 1;
      for (;;) {
        if (i >= text.length)
          throw new CsvSyntaxError(quoteLine, "a quoted field is not closed before the end");
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (q === "\n") line += 1;
        field += q;
        i += 1;
      }
      atFieldStart = false;
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== "\n" && next !== "\r")
        throw new CsvSyntaxError(line, "text follows the closing quote of a field");
      continue;
    }
    if (c === delimiter) {
      endField();
      i += 1;
    } else if (c === "\r" && text[i + 1] === "\n") {
      endRecord();
      line += 1;
      i += 2;
    } else if (c === "\n") {
      endRecord();
      line += 1;
      i += 1;
    } else {
      if (c === '"') throw new CsvSyntaxError(line, "a quote appears inside an unquoted field");
      field += c;
      atFieldStart = false;
      i += 1;
    }
  }
  if (!atFieldStart || record.length > 0) endRecord();
  return records;
}

/** Writes one CSV record with CRLF, quoting only the fields that need it. */
export function formatCsvRecord(fields: string[], delimiter: "," | ";" = ","): string {
  return `${fields
    .map((f) =>
      f.includes(delimiter) || /["\r\n]/.test(f) || f !== f.trim()
        ? `"${f.replace(/"/g, '""')}"`
        : f,
    )
    .join(delimiter)}\r\n`;
}
