// VOSI 1.1 resources of the TAP service: capabilities (VOSI 1.1 §2, with the TAPRegExt 1.0 TableAccess capability),
// availability (VOSI 1.1 §3) and the VODataService 1.2 tableset (VOSI 1.1 §4, from TAP_SCHEMA: TAP 1.1 §2.6).
import { escapeText } from '@obscura/votable';
import { securityMethodsXml } from '../auth/security-methods.ts';
import type { TapColumn, TapMetadata, TapTable } from './tap-metadata.ts';

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const VS = 'xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"';

export interface UdfDeclarationLike {
  signature: string;
  description: string;
}

export interface CapabilityLimits {
  maxrecDefault: number;
  maxrecHard: number;
  executionDuration: { default: number; hard: number };
  retention: { default: number; hard: number };
  uploadMaxBytes: number;
}

/** TAPRegExt 1.0 §2.3 / ADQL 2.1 §4: every optional feature this service implements, by feature type. */
export const LANGUAGE_FEATURES: readonly { type: string; forms: readonly string[] }[] = [
  {
    // ADQL 2.1 §4.2 geometry (COORDSYS, deprecated in 2.1, is not offered).
    type: 'ivo://ivoa.net/std/TAPRegExt#features-adqlgeo',
    forms: [
      'POINT',
      'CIRCLE',
      'BOX',
      'POLYGON',
      'REGION',
      'CENTROID',
      'COORD1',
      'COORD2',
      'DISTANCE',
      'CONTAINS',
      'INTERSECTS',
      'AREA',
    ],
  },
  { type: 'ivo://ivoa.net/std/TAPRegExt#features-adql-string', forms: ['LOWER', 'UPPER', 'ILIKE'] }, // ADQL 2.1 §4.4
  { type: 'ivo://ivoa.net/std/TAPRegExt#features-adql-common-table', forms: ['WITH'] }, // ADQL 2.1 §4.5
  { type: 'ivo://ivoa.net/std/TAPRegExt#features-adql-sets', forms: ['UNION', 'EXCEPT', 'INTERSECT'] }, // §4.6
  { type: 'ivo://ivoa.net/std/TAPRegExt#features-adql-type', forms: ['CAST'] }, // ADQL 2.1 §4.7
  // ADQL 2.1 §4.8 COALESCE works too, but its feature type #features-adql-conditional is unknown to STILTS 3.4.7's
  // taplint (E-CAP-KEYX), so it is not declared.
  { type: 'ivo://ivoa.net/std/TAPRegExt#features-adql-unit', forms: ['IN_UNIT'] }, // ADQL 2.1 §4.9
  { type: 'ivo://ivoa.net/std/TAPRegExt#features-adql-offset', forms: ['OFFSET'] }, // ADQL 2.1 §4.10
];

/** TAPRegExt 1.0 §2.4 output formats (with the aliases RESPONSEFORMAT accepts, @obscura/votable formats.ts). */
export const OUTPUT_FORMATS: readonly { mime: string; aliases: string[]; ivoId?: string }[] = [
  {
    mime: 'application/x-votable+xml',
    aliases: ['votable'],
    ivoId: 'ivo://ivoa.net/std/TAPRegExt#output-votable-binary2',
  },
  {
    mime: 'application/x-votable+xml;serialization=BINARY2',
    aliases: ['votable/b2', 'votableb2'],
    ivoId: 'ivo://ivoa.net/std/TAPRegExt#output-votable-binary2',
  },
  {
    mime: 'application/x-votable+xml;serialization=TABLEDATA',
    aliases: ['votable/td', 'votabletd'],
    ivoId: 'ivo://ivoa.net/std/TAPRegExt#output-votable-td',
  },
  {
    mime: 'application/x-votable+xml;serialization=BINARY',
    aliases: ['votable/b', 'votable/binary'],
    ivoId: 'ivo://ivoa.net/std/TAPRegExt#output-votable-binary',
  },
  { mime: 'text/xml', aliases: [] },
  { mime: 'text/csv;header=present', aliases: ['csv'] },
  { mime: 'text/tab-separated-values', aliases: ['tsv'] },
  { mime: 'application/json', aliases: ['json'] },
];

function capability(standardId: string, url: string): string {
  return (
    `  <capability standardID="${standardId}">\n` +
    `    <interface xsi:type="vs:ParamHTTP">\n      <accessURL use="full">${escapeText(url)}</accessURL>\n` +
    securityMethodsXml('      ') +
    '    </interface>\n' +
    '  </capability>\n'
  );
}

/** The capabilities document (VOSI 1.1 §2; TAP 1.1 §2.4; TAPRegExt 1.0 §2). `base` is the TAP base URL. */
export function capabilitiesXml(base: string, limits: CapabilityLimits, udfs: readonly UdfDeclarationLike[]): string {
  let s = XML_DECL;
  s +=
    '<vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0" ' +
    `${XSI} ${VS} xmlns:vr="http://www.ivoa.net/xml/VOResource/v1.0" xmlns:tr="http://www.ivoa.net/xml/TAPRegExt/v1.0">\n`;
  s += '  <capability standardID="ivo://ivoa.net/std/TAP" xsi:type="tr:TableAccess">\n';
  s += `    <interface xsi:type="vs:ParamHTTP" role="std" version="1.1">\n      <accessURL use="base">${escapeText(base)}</accessURL>\n`;
  s += securityMethodsXml('      '); // VOResource 1.1, IVOA SSO 2.0: anonymous or bearer token (auth/)
  s += '    </interface>\n';
  // ObsCore 1.1 §4 (data model identifier), TAPRegExt 1.0 §2.2.
  s += '    <dataModel ivo-id="ivo://ivoa.net/std/ObsCore#core-1.1">ObsCore-1.1</dataModel>\n';
  s += '    <language>\n      <name>ADQL</name>\n';
  s += '      <version ivo-id="ivo://ivoa.net/std/ADQL#v2.1">2.1</version>\n';
  s += '      <version ivo-id="ivo://ivoa.net/std/ADQL#v2.0">2.0</version>\n';
  s +=
    '      <description>ADQL 2.1 (2.0 queries are accepted too). Geometries are ICRS, in degrees; CONTAINS of a ' +
    "table's position in a constant shape uses a HEALPix index.</description>\n";
  if (udfs.length > 0) {
    s += '      <languageFeatures type="ivo://ivoa.net/std/TAPRegExt#features-udf">\n';
    for (const u of udfs) {
      s += `        <feature>\n          <form>${escapeText(u.signature)}</form>\n`;
      s += `          <description>${escapeText(u.description)}</description>\n        </feature>\n`;
    }
    s += '      </languageFeatures>\n';
  }
  for (const f of LANGUAGE_FEATURES) {
    s += `      <languageFeatures type="${f.type}">\n`;
    for (const form of f.forms) s += `        <feature><form>${form}</form></feature>\n`;
    s += '      </languageFeatures>\n';
  }
  s += '    </language>\n';
  for (const f of OUTPUT_FORMATS) {
    s += `    <outputFormat${f.ivoId ? ` ivo-id="${f.ivoId}"` : ''}>\n      <mime>${escapeText(f.mime)}</mime>\n`;
    for (const a of f.aliases) s += `      <alias>${escapeText(a)}</alias>\n`;
    s += '    </outputFormat>\n';
  }
  // TAPRegExt 1.0 §2.5: standard upload methods (inline multipart, and by URL).
  for (const m of ['inline', 'http', 'https']) {
    s += `    <uploadMethod ivo-id="ivo://ivoa.net/std/TAPRegExt#upload-${m}"/>\n`;
  }
  s += `    <retentionPeriod>\n      <default>${limits.retention.default}</default>\n      <hard>${limits.retention.hard}</hard>\n    </retentionPeriod>\n`;
  s += `    <executionDuration>\n      <default>${limits.executionDuration.default}</default>\n      <hard>${limits.executionDuration.hard}</hard>\n    </executionDuration>\n`;
  s += `    <outputLimit>\n      <default unit="row">${limits.maxrecDefault}</default>\n      <hard unit="row">${limits.maxrecHard}</hard>\n    </outputLimit>\n`;
  s += `    <uploadLimit>\n      <hard unit="byte">${limits.uploadMaxBytes}</hard>\n    </uploadLimit>\n`;
  s += '  </capability>\n';
  s += capability('ivo://ivoa.net/std/VOSI#capabilities', `${base}/capabilities`);
  s += capability('ivo://ivoa.net/std/VOSI#availability', `${base}/availability`);
  s += capability('ivo://ivoa.net/std/VOSI#tables-1.1', `${base}/tables`);
  s += capability('ivo://ivoa.net/std/DALI#examples', `${base}/examples`); // DALI 1.1 §2.3
  return `${s}</vosi:capabilities>\n`;
}

/** VOSI 1.1 §3 availability. */
export function availabilityXml(available: boolean, note: string): string {
  return (
    `${XML_DECL}<vosi:availability xmlns:vosi="http://www.ivoa.net/xml/VOSIAvailability/v1.0">\n` +
    `  <vosi:available>${available}</vosi:available>\n  <vosi:note>${escapeText(note)}</vosi:note>\n` +
    '</vosi:availability>\n'
  );
}

function el(name: string, value: string | null | undefined, indent: string): string {
  return value === null || value === undefined || value === ''
    ? ''
    : `${indent}<${name}>${escapeText(value)}</${name}>\n`;
}

/** One column (VODataService 1.1 §3.5.2 TableParam: name, description, unit, ucd, utype, dataType, flag*). */
function columnXml(c: TapColumn, indent: string): string {
  let s = `${indent}<column${c.std ? ' std="true"' : ''}>\n`;
  const i = `${indent}  `;
  s += el('name', c.column_name, i);
  s += el('description', c.description, i);
  s += el('unit', c.unit, i);
  s += el('ucd', c.ucd, i);
  s += el('utype', c.utype, i);
  // VODataService 1.1 §3.5.3: the DALI xtype goes in dataType's extendedType attribute (the schema STILTS and pyvo
  // validate against; VODataService 1.2's <xtype> element is not in it).
  const arraysize = c.arraysize ? ` arraysize="${escapeText(c.arraysize)}"` : '';
  const xtype = c.xtype ? ` extendedType="${escapeText(c.xtype)}"` : '';
  s += `${i}<dataType xsi:type="vs:VOTableType"${arraysize}${xtype}>${escapeText(c.datatype)}</dataType>\n`;
  if (c.indexed) s += `${i}<flag>indexed</flag>\n`;
  if (c.principal) s += `${i}<flag>principal</flag>\n`;
  if (c.std) s += `${i}<flag>std</flag>\n`;
  return `${s}${indent}</column>\n`;
}

/** One table (VODataService 1.2 §3.5.1); `detail=min` leaves out the columns and keys (VOSI 1.1 §4.1). */
export function tableXml(t: TapTable, full: boolean, indent = '    '): string {
  const type = t.table_type === 'view' ? 'view' : 'table';
  let s = `${indent}<table type="${type === 'view' ? 'view' : 'base_table'}">\n`;
  const i = `${indent}  `;
  s += el('name', t.table_name, i);
  s += el('description', t.description, i);
  s += el('utype', t.utype, i);
  if (full) {
    for (const c of t.columns) s += columnXml(c, i);
    for (const k of t.keys) {
      s += `${i}<foreignKey>\n${el('targetTable', k.target_table, `${i}  `)}`;
      for (const c of k.columns) {
        s += `${i}  <fkColumn>\n${el('fromColumn', c.from_column, `${i}    `)}${el('targetColumn', c.target_column, `${i}    `)}${i}  </fkColumn>\n`;
      }
      s += `${el('description', k.description, `${i}  `)}${el('utype', k.utype, `${i}  `)}${i}</foreignKey>\n`;
    }
  }
  return `${s}${indent}</table>\n`;
}

/** The tableset (VOSI 1.1 §4, TAP 1.1 §2.6). */
export function tablesetXml(metadata: TapMetadata, full: boolean): string {
  let s = `${XML_DECL}<vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0" ${XSI} ${VS}>\n`;
  for (const schema of metadata.schemas) {
    s += '  <schema>\n';
    s += el('name', schema.schema_name, '    ');
    s += el('description', schema.description, '    ');
    s += el('utype', schema.utype, '    ');
    for (const t of schema.tables) s += tableXml(t, full);
    s += '  </schema>\n';
  }
  return `${s}</vosi:tableset>\n`;
}

/** A single table document (VOSI 1.1 §4.2: /tables/<name> returns a vs:table root element). */
export function singleTableXml(t: TapTable): string {
  const body = tableXml(t, true, '').replace(/^<table type="([^"]+)">/, `<vs:table ${XSI} ${VS} type="$1">`);
  return XML_DECL + body.replace(/<\/table>\n$/, '</vs:table>\n');
}
