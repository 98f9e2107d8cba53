// TAP_UPLOAD (TAP 1.1 §2.5, DALI 1.1 §3.4.5): UPLOAD=name,URI where URI is `param:part` (a part of the same
// multipart POST) or an http(s) URL the service fetches (upload-fetch.ts: public addresses only, unless the operator
// allows private ones). Each VOTable (any serialization, read by the streaming
// reader) becomes a table the query can join as TAP_UPLOAD.name: a real table created for the request in the
// `obscura` schema (SQLite streams read through their own connections, so a TEMP table would not be seen), dropped
// afterwards. When the upload has an ICRS position (pos.eq.ra / pos.eq.dec UCDs, else columns named ra and dec) it
// gets the spatial index a catalogue has (HEALPix column + B-tree on SQLite, spoint + GiST on PostgreSQL), built
// after the rows are in (SQLite: one bulk transaction; PostgreSQL: HEALPix-sorted column arrays on two connections,
// upload-pg-writer.ts), then ANALYZEd: a cross-match can be driven from either side.
// Tables a crashed process left behind are dropped when a server starts (sweepUploadTables).
// Row and byte limits are declared in the capabilities (TAPRegExt uploadLimit) and enforced with a clear error.
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  type AdqlType,
  BulkWriter,
  type ColumnDef,
  createTableStatements,
  type Database,
  HEALPIX_COLUMN,
  type TableDef,
} from '@obscura/archive';
import { type Field, openVOTable, VotableError } from '@obscura/votable';
import { HttpError } from '../errors.ts';
import type { UploadTable } from './adql-query.ts';
import type { TapColumn } from './tap-metadata.ts';
import { fetchUploadUrl, uploadTooLarge } from './upload-fetch.ts';
import { PostgresArrayWriter } from './upload-pg-writer.ts';

export interface UploadLimits {
  maxBytes: number;
  maxRows: number;
  /**
   * Fetch upload URLs at loopback, private and link-local addresses too (config tapUploadAllowPrivateUrls;
   * upload-fetch.ts). Absent: refused.
   */
  allowPrivateUrls?: boolean;
}

export interface UploadSpec {
  name: string;
  uri: string;
}

/** ADQL 2.1 §2.1.3 regular identifier: what TAP 1.1 §2.5.1 requires of an upload table name. */
const TABLE_NAME_RE = /^[A-Za-z][A-Za-z0-9_]*$/;

/** UPLOAD values (repeatable, and `;`-separated pairs as in TAP 1.0) to name/URI pairs. */
export function parseUploadParam(values: readonly string[]): UploadSpec[] {
  const out: UploadSpec[] = [];
  for (const value of values) {
    for (const pair of value.split(';')) {
      if (pair.trim() === '') continue;
      const comma = pair.indexOf(',');
      if (comma < 0) {
        throw new HttpError('TAP_BAD_UPLOAD', `UPLOAD "${pair}" must be name,URI (e.g. mytable,param:file1)`);
      }
      const name = pair.slice(0, comma).trim();
      const uri = pair.slice(comma + 1).trim();
      if (!TABLE_NAME_RE.test(name)) {
        throw new HttpError(
          'TAP_BAD_UPLOAD',
          `UPLOAD table name "${name}" must be an ADQL identifier (a letter, then letters, digits or _)`,
        );
      }
      if (out.some((u) => u.name.toLowerCase() === name.toLowerCase())) {
        throw new HttpError('TAP_BAD_UPLOAD', `UPLOAD names the table "${name}" twice`);
      }
      if (!/^param:.+/.test(uri) && !/^https?:\/\/./i.test(uri)) {
        throw new HttpError(
          'TAP_BAD_UPLOAD',
          `UPLOAD ${name}: "${uri}" is neither param:<part> (inline, multipart) nor an http(s) URL`,
        );
      }
      out.push({ name, uri });
    }
  }
  return out;
}

/** Where inline upload parts are found (a multipart request now, or files saved with an async job). */
export type InlineParts = (part: string) => Promise<Buffer | null>;

/** The bytes of an upload. */
export async function uploadBytes(spec: UploadSpec, inline: InlineParts, limits: UploadLimits): Promise<Buffer> {
  if (spec.uri.startsWith('param:')) {
    const part = spec.uri.slice('param:'.length);
    const data = await inline(part);
    if (!data) {
      throw new HttpError(
        'TAP_BAD_UPLOAD',
        `UPLOAD ${spec.name}: the request has no multipart part named "${part}" (send it with multipart/form-data)`,
      );
    }
    if (data.length > limits.maxBytes) throw uploadTooLarge(spec.name, limits.maxBytes);
    return data;
  }
  // By URL: fetched with each address checked (no server-side request forgery into the operator's network).
  return fetchUploadUrl(spec.name, spec.uri, {
    maxBytes: limits.maxBytes,
    allowPrivateUrls: limits.allowPrivateUrls === true,
  });
}

/** A VOTable FIELD as an archive column type (TAP 1.1 §4.3 / DALI 1.1 §3.3 xtypes). */
function columnType(f: Field): AdqlType {
  const xtype = (f.xtype ?? '').toLowerCase();
  if (xtype === 'timestamp') return 'TIMESTAMP';
  if (xtype === 'point') return 'POINT';
  if (xtype === 'circle') return 'CIRCLE';
  if (xtype === 'polygon') return 'POLYGON';
  if (f.arraysize && f.datatype !== 'char' && f.datatype !== 'unicodeChar') return 'VARCHAR';
  switch (f.datatype) {
    case 'boolean':
    case 'bit':
      return 'BOOLEAN';
    case 'unsignedByte':
    case 'short':
      return 'SMALLINT';
    case 'int':
      return 'INTEGER';
    case 'long':
      return 'BIGINT';
    case 'float':
      return 'REAL';
    case 'double':
      return 'DOUBLE';
    default:
      return 'VARCHAR';
  }
}

/** The published description of an upload column: what the VOTable said, kept as TAP_SCHEMA would say it. */
function tapColumn(table: string, f: Field, type: AdqlType, i: number): TapColumn {
  const plainArray = type === 'VARCHAR' && f.datatype !== 'char' && f.datatype !== 'unicodeChar';
  return {
    table_name: `TAP_UPLOAD.${table}`,
    column_name: f.name,
    utype: f.utype ?? null,
    ucd: f.ucd ?? null,
    unit: f.unit ?? null,
    description: f.description ?? null,
    datatype: plainArray
      ? 'char'
      : f.datatype === 'bit'
        ? 'boolean'
        : f.datatype === 'unsignedByte'
          ? 'short'
          : f.datatype,
    // VOTable 1.3 Erratum 3: arraysize="1" is a scalar (deprecated spelling).
    arraysize: plainArray ? '*' : f.arraysize === '1' ? null : (f.arraysize ?? null),
    xtype: f.xtype ?? null,
    size: null,
    principal: 0,
    indexed: 0,
    std: 0,
    column_index: i + 1,
  };
}

/**
 * RA/Dec of an upload: the columns with UCDs pos.eq.ra / pos.eq.dec (meta.main preferred, UCD1+), else the columns
 * named ra and dec (any case), when they are floating point.
 */
export function positionColumns(fields: readonly Field[]): { ra: string; dec: string } | undefined {
  const real = fields.filter((f) => (f.datatype === 'double' || f.datatype === 'float') && !f.arraysize);
  const pick = (word: string) => {
    const cands = real.filter((f) => (f.ucd ?? '').toLowerCase().split(';').includes(word));
    return (cands.find((f) => (f.ucd ?? '').toLowerCase().includes('meta.main')) ?? cands[0])?.name;
  };
  const ra = pick('pos.eq.ra');
  const dec = pick('pos.eq.dec');
  if (ra && dec) return { ra, dec };
  const named = (n: string) => real.find((f) => f.name.toLowerCase() === n)?.name;
  const ran = named('ra');
  const decn = named('dec');
  return ran && decn ? { ra: ran, dec: decn } : undefined;
}

// Physical names: `upload_<host>_<pid>_<created>_<random>` (base 36 pid and milliseconds): what the start-up sweep
// needs to tell a live process's tables from a dead one's. Short enough for PostgreSQL's 63-byte names with the
// index suffixes (ddl.ts).
const HOST = createHash('sha1').update(hostname()).digest('hex').slice(0, 6);
const NAME_RE = /^upload_([0-9a-f]{6})_([0-9a-z]+)_([0-9a-z]+)_[0-9a-f]+$/;
const PROCESS_START = Date.now() - Math.round(process.uptime() * 1000);

function physicalUploadName(): string {
  return `upload_${HOST}_${process.pid.toString(36)}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Drops the upload tables no live query can be using (call when a server starts): tables of this host whose
 * process is gone (or is this process, made before it started), older ones of any name form, and other hosts'
 * tables older than `maxAgeSeconds` (the longest a query may run). Returns the names dropped.
 */
export async function sweepUploadTables(db: Database, maxAgeSeconds: number): Promise<string[]> {
  const names =
    db.dialect.name === 'sqlite'
      ? (
          await db.all<{ name: string }>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'obscura.upload\\_%' ESCAPE '\\'",
          )
        ).map((r) => r.name.slice('obscura.'.length))
      : (
          await db.all<{ name: string }>(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'obscura' AND table_name LIKE 'upload\\_%'",
          )
        ).map((r) => r.name);
  const dropped: string[] = [];
  for (const name of names) {
    const m = NAME_RE.exec(name);
    let stale = true;
    if (m) {
      const pid = Number.parseInt(m[2], 36);
      const created = Number.parseInt(m[3], 36);
      if (m[1] === HOST) stale = pid === process.pid ? created < PROCESS_START : !processAlive(pid);
      else stale = Date.now() - created > maxAgeSeconds * 1000;
    }
    if (!stale) continue;
    await db.run(`DROP TABLE IF EXISTS ${db.dialect.table({ schema: 'obscura', name })}`);
    dropped.push(name);
  }
  return dropped;
}

/** Uploaded tables of one query; `drop()` removes them. */
export interface LoadedUploads {
  tables: UploadTable[];
  drop(): Promise<void>;
}

/** Reads each upload into a table of its own; on any error the tables created so far are dropped. */
export async function loadUploads(
  db: Database,
  specs: readonly UploadSpec[],
  inline: InlineParts,
  limits: UploadLimits,
): Promise<LoadedUploads> {
  const created: TableDef[] = [];
  const tables: UploadTable[] = [];
  const drop = async () => {
    for (const def of created.splice(0)) {
      await db.run(`DROP TABLE IF EXISTS ${db.dialect.table(def)}`).catch(() => {});
    }
  };
  try {
    for (const spec of specs) {
      const bytes = await uploadBytes(spec, inline, limits);
      const { def, table } = await loadOne(db, spec, bytes, limits);
      created.push(def);
      tables.push(table);
    }
    return { tables, drop };
  } catch (e) {
    await drop();
    throw e;
  }
}

async function loadOne(
  db: Database,
  spec: UploadSpec,
  bytes: Buffer,
  limits: UploadLimits,
): Promise<{ def: TableDef; table: UploadTable }> {
  let vot: Awaited<ReturnType<typeof openVOTable>>;
  try {
    vot = await openVOTable(bytes);
  } catch (e) {
    throw new HttpError('TAP_BAD_UPLOAD', `UPLOAD ${spec.name} is not a readable VOTable: ${(e as Error).message}`);
  }
  const meta = vot.table;
  if (!meta) throw new HttpError('TAP_BAD_UPLOAD', `UPLOAD ${spec.name}: the VOTable has no TABLE`);
  if (meta.unreadable) {
    throw new HttpError('TAP_BAD_UPLOAD', `UPLOAD ${spec.name}: ${meta.unreadable.message}`);
  }
  const fields = meta.fields;
  if (fields.length === 0) throw new HttpError('TAP_BAD_UPLOAD', `UPLOAD ${spec.name}: the TABLE has no FIELDs`);
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.name.toLowerCase())) {
      throw new HttpError('TAP_BAD_UPLOAD', `UPLOAD ${spec.name}: two FIELDs are named "${f.name}"`);
    }
    seen.add(f.name.toLowerCase());
  }
  const types = fields.map(columnType);
  const columns: ColumnDef[] = fields.map((f, i) => ({
    name: f.name,
    type: types[i],
    description: f.description ?? '',
  }));
  const rowNumber = '_obscura_row';
  columns.push({ name: rowNumber, type: 'BIGINT', description: 'row number', required: true });
  const position = positionColumns(fields);
  const def: TableDef = {
    schema: 'obscura',
    name: physicalUploadName(),
    description: `TAP_UPLOAD.${spec.name}`,
    columns,
    primaryKey: [rowNumber],
    published: false,
    ...(position ? { spatialIndex: position } : {}),
  };
  // The table first, its indexes after the rows: one index build is cheaper than keeping it sorted row by row.
  // PostgreSQL: UNLOGGED (a table that lives for one query needs no WAL; half the insert time), and no B-tree on
  // the HEALPix column (the GiST on obscura_pos serves every spatial query there).
  const pg = db.dialect.name === 'postgres';
  const statements = createTableStatements(db.dialect, def)
    .map((sql) => (pg ? sql.replace(/^CREATE TABLE /, 'CREATE UNLOGGED TABLE ') : sql))
    .filter((sql) => !(pg && sql.startsWith('CREATE INDEX') && sql.includes(`"${HEALPIX_COLUMN}"`)));
  const isIndex = (sql: string) => sql.startsWith('CREATE INDEX');
  for (const sql of statements.filter((x) => !isIndex(x))) await db.run(sql);
  let loaded = false;
  try {
    const names = [...fields.map((f) => f.name), rowNumber];
    const sqlite = db.dialect.name === 'sqlite';
    const load = async (writer: BulkWriter | PostgresArrayWriter) => {
      let n = 0;
      try {
        for await (const batch of vot.batches()) {
          for (const r of batch) {
            n++;
            if (n > limits.maxRows) {
              throw new HttpError(
                'TAP_UPLOAD_TOO_LARGE',
                `UPLOAD ${spec.name} has more than ${limits.maxRows} rows, this service's upload row limit`,
              );
            }
            const values = new Array(names.length);
            for (let i = 0; i < fields.length; i++) values[i] = uploadValue(r[i], types[i], sqlite);
            values[fields.length] = n;
            await writer.add(values);
          }
        }
      } catch (e) {
        // No statement may still be running when the table is dropped.
        if (writer instanceof PostgresArrayWriter) await writer.settle().catch(() => {});
        if (e instanceof VotableError) throw new HttpError('TAP_BAD_UPLOAD', `UPLOAD ${spec.name}: ${e.message}`);
        throw e;
      }
      await writer.finish();
      return n;
    };
    // SQLite: one transaction (one writer). PostgreSQL: statements on several pool connections, no transaction (the
    // table is new and private to this request; on any error it is dropped below).
    if (sqlite) await db.withTransaction((tx) => load(new BulkWriter(tx, def, names, false)));
    else await load(new PostgresArrayWriter(db, def, names));
    // Planner statistics for the join (PostgreSQL has none for a new table; SQLite's plan follows the query form),
    // gathered beside the index builds (ANALYZE and CREATE INDEX take compatible locks; separate pool clients).
    await Promise.all([
      ...statements.filter(isIndex).map((sql) => db.run(sql)),
      ...(position && pg ? [db.run(`ANALYZE ${db.dialect.table(def)}`)] : []),
    ]);
    loaded = true;
  } finally {
    if (!loaded) await db.run(`DROP TABLE IF EXISTS ${db.dialect.table(def)}`).catch(() => {});
  }
  return {
    def,
    table: {
      name: spec.name,
      physical: db.dialect.table(def),
      columns: fields.map((f, i) => tapColumn(spec.name, f, types[i], i)),
      ...(position ? { spatialIndex: position } : {}),
    },
  };
}

/** A VOTable value as a parameter of the column's type (BulkWriter passes values through as they are). */
function uploadValue(v: unknown, type: AdqlType, sqlite: boolean): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return v;
  if (type === 'VARCHAR' || type === 'POINT' || type === 'CIRCLE' || type === 'POLYGON') {
    if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v as ArrayLike<unknown>).join(' ');
    return String(v);
  }
  if (typeof v === 'boolean') return sqlite ? (v ? 1 : 0) : v;
  if (v instanceof Date) return v.toISOString().replace('Z', '');
  return v;
}
