// The XML around the data: declaration, VOTABLE root, RESOURCE, INFO, COOSYS, TABLE, PARAM, FIELD (VOTable 1.5 §3).
import type { Coosys, Field, Info, Param } from './field.ts';
import { textFormatter } from './text-format.ts';
import { attrs, escapeText } from './xml.ts';

/** VOTable 1.4 and 1.5 keep the 1.3 namespace (the schemas are backward compatible, VOTable 1.5 §7/Appendix). */
export const VOTABLE_NAMESPACE = 'http://www.ivoa.net/xml/VOTable/v1.3';
export const VOTABLE_SCHEMA = 'http://www.ivoa.net/xml/VOTable/votable-1.5.xsd';

export function documentStart(): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<VOTABLE version="1.5" xmlns="${VOTABLE_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
    ` xsi:schemaLocation="${VOTABLE_NAMESPACE} ${VOTABLE_SCHEMA}">\n`
  );
}

export function infoXml(info: Info): string {
  const a = attrs([
    ['ID', info.ID],
    ['name', info.name],
    ['value', info.value],
    ['unit', info.unit],
    ['xtype', info.xtype],
    ['ref', info.ref],
    ['ucd', info.ucd],
    ['utype', info.utype],
  ]);
  return info.content === undefined || info.content === ''
    ? `<INFO${a}/>\n`
    : `<INFO${a}>${escapeText(info.content)}</INFO>\n`;
}

export function coosysXml(c: Coosys): string {
  // VOTable 1.5 §3.7: system values from the IVOA refframe vocabulary (ICRS, FK5, GALACTIC, …); refposition is new in 1.5.
  return `<COOSYS${attrs([
    ['ID', c.ID],
    ['system', c.system],
    ['equinox', c.equinox],
    ['epoch', c.epoch],
    ['refposition', c.refposition],
  ])}/>\n`;
}

function fieldAttrs(f: Field): string {
  return attrs([
    ['ID', f.ID],
    ['name', f.name],
    ['datatype', f.datatype],
    ['arraysize', f.arraysize],
    ['width', f.width],
    ['precision', f.precision],
    ['unit', f.unit],
    ['ucd', f.ucd],
    ['utype', f.utype],
    ['xtype', f.xtype],
    ['ref', f.ref],
  ]);
}

function fieldChildren(f: Field, nullValue: string | undefined): string {
  let s = '';
  if (f.description !== undefined && f.description !== '')
    s += `<DESCRIPTION>${escapeText(f.description)}</DESCRIPTION>`;
  if (nullValue !== undefined) s += `<VALUES${attrs([['null', nullValue]])}/>`; // §3.5.1 VALUES null
  return s;
}

/** A FIELD; `nullValue` overrides the field's own (BINARY declares a magic null for every integer column). */
export function fieldXml(f: Field, nullValue = f.nullValue === undefined ? undefined : String(f.nullValue)): string {
  const children = fieldChildren(f, nullValue);
  return children === '' ? `<FIELD${fieldAttrs(f)}/>\n` : `<FIELD${fieldAttrs(f)}>${children}</FIELD>\n`;
}

export function paramXml(p: Param): string {
  const value = p.value === null || p.value === undefined ? '' : textFormatter(p)(p.value);
  const a = `${fieldAttrs(p)}${attrs([['value', value]])}`;
  const nullValue = p.nullValue === undefined ? undefined : String(p.nullValue);
  const children = fieldChildren(p, nullValue);
  return children === '' ? `<PARAM${a}/>\n` : `<PARAM${a}>${children}</PARAM>\n`;
}
