// VOSI 1.1 resources of the SIA service: capabilities (VOSI 1.1 §2) with the SIA 2.0 query capability (standardID
// ivo://ivoa.net/std/SIA#query-2.0, SIA 2.0 §2.3, a ParamHTTP interface whose accessURL is the {query} resource) and
// the VOSI capabilities and availability capabilities. Every capability carries a standardID: pyvo 1.2.1 fails on a
// capabilities document with one that has none. Availability is scs/vosi.ts's VOSI 1.1 §3 document.
import { escapeText } from '@obscura/votable';
import { securityMethodsXml } from '../auth/security-methods.ts';

export const SIA_QUERY_STANDARD_ID = 'ivo://ivoa.net/std/SIA#query-2.0';

function capability(standardId: string, url: string, extra = ''): string {
  return (
    `  <capability standardID="${standardId}">\n` +
    `    <interface xsi:type="vs:ParamHTTP"${extra}>\n      <accessURL use="full">${escapeText(url)}</accessURL>\n` +
    securityMethodsXml('      ') +
    '    </interface>\n  </capability>\n'
  );
}

/** The capabilities document of the SIA service whose base URL (…/sia) is given. */
export function siaCapabilitiesXml(base: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0"' +
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:vr="http://www.ivoa.net/xml/VOResource/v1.0"' +
    ' xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1">\n' +
    `  <capability standardID="${SIA_QUERY_STANDARD_ID}">\n` +
    '    <interface xsi:type="vs:ParamHTTP" role="std" version="2.0">\n' +
    `      <accessURL use="base">${escapeText(`${base}/query`)}</accessURL>\n` +
    securityMethodsXml('      ') + // VOResource 1.1, IVOA SSO: anonymous or bearer token (auth/)
    '      <queryType>GET</queryType>\n      <queryType>POST</queryType>\n' +
    '      <resultType>application/x-votable+xml</resultType>\n' +
    '    </interface>\n  </capability>\n' +
    capability('ivo://ivoa.net/std/VOSI#capabilities', `${base}/capabilities`) +
    capability('ivo://ivoa.net/std/VOSI#availability', `${base}/availability`) +
    '</vosi:capabilities>\n'
  );
}
