// The DataLink {links} response document (DataLink 1.1 §3): one RESOURCE type="results" with QUERY_STATUS (DALI 1.1
// §4.4.1) and the mandatory standardID INFO (§3.3.1), a TABLEDATA table with the fields of §3.2 Table 1 in its order,
// a trailing QUERY_STATUS=OVERFLOW when the ID list was truncated (§2.1.1), then one service descriptor RESOURCE per
// cutout-able product (§4: type="meta" utype="adhoc:service", descriptive PARAMs §4.2, GROUP inputParams §4.3).
// The document is small (a few rows per ID) and written as one string.
import { escapeAttr, escapeText } from '@obscura/votable';

export const DATALINK_CONTENT_TYPE = 'application/x-votable+xml;content=datalink'; // DataLink 1.1 §3.1
export const DATALINK_STANDARD_ID = 'ivo://ivoa.net/std/DataLink#links-1.1';
/** XML ID of the ID FIELD, referenced by the descriptors' ID input PARAM (§4.3). */
export const ID_FIELD_REF = 'dlID';

/** One row of the links table (DataLink 1.1 §3.2); exactly one of accessUrl, serviceDef, errorMessage is set. */
export interface LinkRow {
  id: string;
  accessUrl?: string;
  serviceDef?: string;
  errorMessage?: string;
  description?: string;
  semantics: string;
  contentType?: string;
  contentLength?: number | null;
  contentQualifier?: string;
  localSemantics?: string;
  /** §3.2.11: false (anonymous only), optional, true (authentication required). */
  linkAuth?: 'false' | 'optional' | 'true';
  /** §3.2.12: whether the caller is authorized to use the link. */
  linkAuthorized?: boolean;
}

/** A VOTable PARAM of a service descriptor. */
export interface DescriptorParam {
  name: string;
  datatype: 'char' | 'double';
  arraysize?: string;
  value?: string;
  ref?: string;
  unit?: string;
  ucd?: string;
  xtype?: string;
  description?: string;
  min?: string;
  max?: string;
  options?: string[];
}

/** A service descriptor RESOURCE (§4). */
export interface ServiceDescriptor {
  xmlId: string;
  name: string;
  description: string;
  standardId?: string;
  accessUrl: string;
  contentType?: string;
  exampleUrl?: string;
  inputParams: DescriptorParam[];
}

const FIELDS: { name: string; datatype: string; ucd?: string; unit?: string; description: string; id?: string }[] = [
  { name: 'ID', datatype: 'char', ucd: 'meta.id;meta.main', description: 'Input identifier', id: ID_FIELD_REF },
  { name: 'access_url', datatype: 'char', ucd: 'meta.ref.url', description: 'Link to data or service' },
  { name: 'service_def', datatype: 'char', ucd: 'meta.ref', description: 'Reference to a service descriptor resource' },
  { name: 'error_message', datatype: 'char', ucd: 'meta.code.error', description: 'Why no link could be made' },
  { name: 'description', datatype: 'char', ucd: 'meta.note', description: 'What the link is' },
  { name: 'semantics', datatype: 'char', ucd: 'meta.code', description: 'DataLink core vocabulary term' },
  { name: 'content_type', datatype: 'char', ucd: 'meta.code.mime', description: 'MIME type of what the link returns' },
  {
    name: 'content_length',
    datatype: 'long',
    ucd: 'phys.size;meta.file',
    unit: 'byte',
    description: 'Size of what the link returns',
  },
  { name: 'content_qualifier', datatype: 'char', description: 'Product type of the link target (product-type)' },
  { name: 'local_semantics', datatype: 'char', ucd: 'meta.id.assoc', description: 'Kind of link within this service' },
  { name: 'link_auth', datatype: 'char', ucd: 'meta.code', description: 'Whether the link needs authentication' },
  {
    name: 'link_authorized',
    datatype: 'boolean',
    ucd: 'meta.code',
    description: 'Whether the caller is authorized to use the link',
  },
];

function attr(name: string, value: string | undefined): string {
  return value === undefined ? '' : ` ${name}="${escapeAttr(value)}"`;
}

function td(v: string | undefined | null): string {
  return v === undefined || v === null || v === '' ? '<TD/>' : `<TD>${escapeText(v)}</TD>`;
}

function rowXml(r: LinkRow): string {
  return (
    '<TR>' +
    td(r.id) +
    td(r.accessUrl) +
    td(r.serviceDef) +
    td(r.errorMessage) +
    td(r.description) +
    td(r.semantics) +
    td(r.contentType) +
    td(r.contentLength === undefined || r.contentLength === null ? undefined : String(r.contentLength)) +
    td(r.contentQualifier) +
    td(r.localSemantics) +
    td(r.linkAuth) +
    td(r.linkAuthorized === undefined ? undefined : String(r.linkAuthorized)) +
    '</TR>\n'
  );
}

function paramXml(p: DescriptorParam, indent: string): string {
  let s =
    `${indent}<PARAM${attr('name', p.name)}${attr('datatype', p.datatype)}` +
    `${attr('arraysize', p.arraysize ?? (p.datatype === 'char' ? '*' : undefined))}` +
    `${attr('unit', p.unit)}${attr('ucd', p.ucd)}${attr('xtype', p.xtype)}${attr('ref', p.ref)}` +
    ` value="${escapeAttr(p.value ?? '')}"`;
  const values = p.min !== undefined || p.max !== undefined || (p.options && p.options.length > 0);
  if (!p.description && !values) return `${s}/>\n`;
  s += '>\n';
  if (p.description) s += `${indent} <DESCRIPTION>${escapeText(p.description)}</DESCRIPTION>\n`;
  if (values) {
    s += `${indent} <VALUES>`;
    if (p.min !== undefined) s += `<MIN value="${escapeAttr(p.min)}"/>`;
    if (p.max !== undefined) s += `<MAX value="${escapeAttr(p.max)}"/>`;
    for (const o of p.options ?? []) s += `<OPTION value="${escapeAttr(o)}"/>`;
    s += '</VALUES>\n';
  }
  return `${s}${indent}</PARAM>\n`;
}

function descriptorXml(d: ServiceDescriptor): string {
  let s = `<RESOURCE type="meta" utype="adhoc:service"${attr('ID', d.xmlId)}${attr('name', d.name)}>\n`;
  s += ` <DESCRIPTION>${escapeText(d.description)}</DESCRIPTION>\n`;
  if (d.standardId) s += paramXml({ name: 'standardID', datatype: 'char', value: d.standardId }, ' ');
  s += paramXml({ name: 'accessURL', datatype: 'char', value: d.accessUrl, ucd: 'meta.ref.url' }, ' ');
  if (d.contentType) s += paramXml({ name: 'contentType', datatype: 'char', value: d.contentType }, ' ');
  if (d.exampleUrl) {
    s += paramXml(
      { name: 'exampleURL', datatype: 'char', value: d.exampleUrl, description: 'A small cutout at the image centre' },
      ' ',
    );
  }
  s += ' <GROUP name="inputParams">\n';
  for (const p of d.inputParams) s += paramXml(p, '  ');
  s += ' </GROUP>\n</RESOURCE>\n';
  return s;
}

/** The whole {links} document. */
export function linksDocument(rows: readonly LinkRow[], descriptors: readonly ServiceDescriptor[], overflow: boolean) {
  let s =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"' +
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
    '<RESOURCE type="results">\n' +
    '<INFO name="QUERY_STATUS" value="OK"/>\n' +
    `<INFO name="standardID" value="${DATALINK_STANDARD_ID}"/>\n` +
    '<TABLE>\n';
  for (const f of FIELDS) {
    s +=
      `<FIELD${attr('ID', f.id)}${attr('name', f.name)}${attr('datatype', f.datatype)}` +
      `${f.datatype === 'char' ? ' arraysize="*"' : ''}${attr('unit', f.unit)}${attr('ucd', f.ucd)}>` +
      `<DESCRIPTION>${escapeText(f.description)}</DESCRIPTION></FIELD>\n`;
  }
  s += '<DATA><TABLEDATA>\n';
  for (const r of rows) s += rowXml(r);
  s += '</TABLEDATA></DATA>\n</TABLE>\n';
  // DALI 1.1 §4.4.2: an overflow after the table (pyvo reads the last QUERY_STATUS).
  if (overflow) s += '<INFO name="QUERY_STATUS" value="OVERFLOW"/>\n';
  s += '</RESOURCE>\n';
  for (const d of descriptors) s += descriptorXml(d);
  s += '</VOTABLE>\n';
  return s;
}
