// VOSI 1.1 capabilities of the SODA service (VOSI 1.1 §2): SODA 1.0 §2.5 standardIDs for {sync} and {async}, each
// with a ParamHTTP interface, plus the VOSI capabilities and availability endpoints themselves. Every capability has a
// standardID (pyvo 1.2.1 fails on one without). Availability is VOSI 1.1 §3 (scs/vosi.ts writes the document).
import { escapeText } from '@obscura/votable';
import { securityMethodsXml } from '../auth/security-methods.ts';
import { SODA_ASYNC_STANDARD_ID, SODA_SYNC_STANDARD_ID } from './descriptor.ts';

function capability(standardId: string, url: string): string {
  return (
    `  <capability standardID="${standardId}">\n` +
    `    <interface xsi:type="vs:ParamHTTP" role="std">\n      <accessURL use="base">${escapeText(url)}</accessURL>\n` +
    securityMethodsXml('      ') +
    '    </interface>\n' +
    '  </capability>\n'
  );
}

/** The capabilities document of the service rooted at `base` (e.g. http://host/soda). */
export function sodaCapabilitiesXml(base: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0"' +
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:vr="http://www.ivoa.net/xml/VOResource/v1.0"' +
    ' xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1">\n' +
    capability(SODA_SYNC_STANDARD_ID, `${base}/sync`) +
    capability(SODA_ASYNC_STANDARD_ID, `${base}/async`) +
    capability('ivo://ivoa.net/std/VOSI#capabilities', `${base}/capabilities`) +
    capability('ivo://ivoa.net/std/VOSI#availability', `${base}/availability`) +
    '</vosi:capabilities>\n'
  );
}
