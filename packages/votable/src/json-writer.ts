// A streaming JSON table writer, in a simple documented form:
//   { "metadata": [ {"name", "datatype", "arraysize"?, "unit"?, "ucd"?, "utype"?, "xtype"?, "description"?}, … ],
//     "params": [ {…metadata, "value"} ]?,
//     "data": [ [v, …], … ],
//     "status": "OK" | "OVERFLOW" }
// Values: numbers, strings, booleans, arrays, null; long (bigint) as an exact JSON number; NaN and ±Infinity as null
// (JSON has no such numbers). "status" comes after "data" so it can report a MAXREC truncation.
import type { Field, Param } from './field.ts';
import { Output, type Sink } from './output.ts';
import { type EndOptions, type TableWriter, WriterState } from './table-writer.ts';

function jsonValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return JSON.stringify(v);
  }
  if (ArrayBuffer.isView(v) || Array.isArray(v)) {
    const a = v as unknown as ArrayLike<unknown>;
    let s = '[';
    for (let i = 0; i < a.length; i++) s += (i > 0 ? ',' : '') + jsonValue(a[i]);
    return `${s}]`;
  }
  return JSON.stringify(String(v));
}

function metadata(f: Field): Record<string, unknown> {
  const m: Record<string, unknown> = { name: f.name, datatype: f.datatype };
  for (const k of ['arraysize', 'unit', 'ucd', 'utype', 'xtype', 'description'] as const)
    if (f[k] !== undefined) m[k] = f[k];
  return m;
}

export class JsonWriter implements TableWriter {
  readonly contentType = 'application/json';
  rowCount = 0;
  private readonly out: Output;
  private readonly state = new WriterState();
  private first = true;

  constructor(sink: Sink) {
    this.out = new Output(sink);
  }

  async writeHeader(fields: Field[], params: Param[] = []): Promise<void> {
    this.state.header();
    let s = `{"metadata":${JSON.stringify(fields.map(metadata))}`;
    if (params.length > 0) {
      s += `,"params":[${params.map((p) => `${JSON.stringify(metadata(p)).slice(0, -1)},"value":${jsonValue(p.value)}}`).join(',')}]`;
    }
    s += ',"data":[\n';
    await this.out.text(s);
  }

  async writeRows(rows: ArrayLike<ArrayLike<unknown>>): Promise<void> {
    this.state.rows();
    let s = '';
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      let line = this.first ? '[' : ',\n[';
      this.first = false;
      for (let c = 0; c < row.length; c++) line += (c > 0 ? ',' : '') + jsonValue(row[c]);
      s += `${line}]`;
      this.rowCount++;
      if (s.length >= 65536) {
        const p = this.out.text(s);
        s = '';
        if (p) await p;
      }
    }
    const p = this.out.text(s);
    if (p) await p;
  }

  async end(options: EndOptions = {}): Promise<void> {
    this.state.end();
    await this.out.text(`\n],"status":"${options.overflow ? 'OVERFLOW' : 'OK'}"}\n`);
    await this.out.flush();
  }
}
