// How every capabilities document declares authentication (VOResource 1.1 Interface/securityMethod, IVOA SSO 2.0): each
// interface may be used anonymously (an empty securityMethod) or with a bearer token (ivo://ivoa.net/sso#token,
// RFC 6750), in that order of preference (SSO 2.0 §2: the order gives the priority). Metadata is public; tokens
// matter only for proprietary files.
export const SSO_TOKEN = 'ivo://ivoa.net/sso#token';

/** The securityMethod elements of one interface, each on its own line with the given indent. */
export function securityMethodsXml(indent: string): string {
  return `${indent}<securityMethod/>\n${indent}<securityMethod standardID="${SSO_TOKEN}"/>\n`;
}
