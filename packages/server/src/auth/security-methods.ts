// How every capabilities document declares authentication (VOResource 1.1 Interface/securityMethod, IVOA SSO): each
// interface may be used anonymously (an empty securityMethod, as CADC declares it) or with a bearer token
// (RFC 6750), in that order of preference (SSO 2.0 §2: the order gives the priority). Metadata is public; tokens
// matter only for proprietary files.
// The token method is ivo://ivoa.net/sso#token, the identifier SSO's successor drafts give to bearer tokens and the
// one CADC's services and clients use. The SSO 2.0 REC lists no bearer-token method: its #OAuth means running an
// RFC 6749 authorization flow, which this server does not do, so declaring it would promise what is not there.
// STILTS 3.4.7 taplint knows only the SSO 2.0 list and warns (W-CAP-CPSM) about #token; it is not an error.
export const SSO_TOKEN = 'ivo://ivoa.net/sso#token';

/** The securityMethod elements of one interface, each on its own line with the given indent. */
export function securityMethodsXml(indent: string): string {
  return `${indent}<securityMethod/>\n${indent}<securityMethod standardID="${SSO_TOKEN}"/>\n`;
}
