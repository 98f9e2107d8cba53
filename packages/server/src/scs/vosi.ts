// VOSI 1.1 resources of each cone search service: capabilities (VOSI 1.1 §2) with the SimpleDALRegExt 1.0 cs:ConeSearch
// capability (ConeSearch-v1.0.xsd: maxSR, maxRecords, verbosity, testQuery; standardID ivo://ivoa.net/std/ConeSearch,
// a ParamHTTP interface, SCS 1.03 §3 "Resource Profile"), and availability (VOSI 1.1 §3).
import { escapeText } from '@obscura/votable';
import { securityMethodsXml } from '../auth/security-methods.ts';

export interface ConeCapability {
  /** The service's base URL (SCS 1.03 §2 item 1), e.g. `http://host/scs/vlass.components`. */
  base: string;
  maxSR: number;
  maxRecords: number;
  /** A cone that finds at least one row (ConeSearch-v1.0.xsd testQuery), when the catalogue has one. */
  testQuery?: { ra: number; dec: number; sr: number };
}

function vosiCapability(standardId: string, url: string): string {
  return (
    `  <capability standardID="${standardId}">\n` +
    `    <interface xsi:type="vs:ParamHTTP">\n      <accessURL use="full">${escapeText(url)}</accessURL>\n` +
    securityMethodsXml('      ') +
    '    </interface>\n' +
    '  </capability>\n'
  );
}

export function coneCapabilitiesXml(c: ConeCapability): string {
  let s = '<?xml version="1.0" encoding="UTF-8"?>\n';
  s +=
    '<vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0"' +
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:vr="http://www.ivoa.net/xml/VOResource/v1.0"' +
    ' xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1" xmlns:cs="http://www.ivoa.net/xml/ConeSearch/v1.0">\n';
  s += '  <capability standardID="ivo://ivoa.net/std/ConeSearch" xsi:type="cs:ConeSearch">\n';
  s += '    <interface xsi:type="vs:ParamHTTP" role="std">\n';
  s += `      <accessURL use="base">${escapeText(c.base)}</accessURL>\n`;
  s += securityMethodsXml('      '); // VOResource 1.1, IVOA SSO 2.0: anonymous or bearer token (auth/)
  s += '      <queryType>GET</queryType>\n      <resultType>text/xml</resultType>\n';
  const param = (name: string, description: string, unit: string | null, datatype: string, std = true) =>
    `      <param std="${std}"><name>${name}</name><description>${escapeText(description)}</description>` +
    `${unit ? `<unit>${unit}</unit>` : ''}<dataType>${datatype}</dataType></param>\n`;
  s += param('RA', 'Right ascension (ICRS) of the cone centre', 'deg', 'double');
  s += param('DEC', 'Declination (ICRS) of the cone centre', 'deg', 'double');
  s += param('SR', 'Radius of the cone', 'deg', 'double');
  s += param('VERB', 'Verbosity: 1 id and position, 2 with photometry (default), 3 every column', null, 'int');
  s += param('MAXREC', `Rows to return at most (up to ${c.maxRecords})`, null, 'int', false);
  s += '    </interface>\n';
  s += `    <maxSR>${c.maxSR}</maxSR>\n    <maxRecords>${c.maxRecords}</maxRecords>\n    <verbosity>true</verbosity>\n`;
  if (c.testQuery) {
    const t = c.testQuery;
    s += `    <testQuery>\n      <ra>${t.ra}</ra>\n      <dec>${t.dec}</dec>\n      <sr>${t.sr}</sr>\n    </testQuery>\n`;
  }
  s += '  </capability>\n';
  s += vosiCapability('ivo://ivoa.net/std/VOSI#capabilities', `${c.base}/capabilities`);
  s += vosiCapability('ivo://ivoa.net/std/VOSI#availability', `${c.base}/availability`);
  return `${s}</vosi:capabilities>\n`;
}

/** VOSI 1.1 §3. */
export function availabilityXml(available: boolean, note: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<vosi:availability xmlns:vosi="http://www.ivoa.net/xml/VOSIAvailability/v1.0">\n' +
    `  <vosi:available>${available}</vosi:available>\n  <vosi:note>${escapeText(note)}</vosi:note>\n` +
    '</vosi:availability>\n'
  );
}
