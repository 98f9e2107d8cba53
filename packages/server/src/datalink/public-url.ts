// Absolute URLs in DataLink and SODA documents (DataLink 1.1 §3.2.2: access_url is a URL a client can use as is):
// the configured baseUrl, or else the scheme and Host of the request being answered.
import type { FastifyRequest } from 'fastify';
import type { ObscuraConfig } from '../config.ts';

/** The server root as clients reach it, without a trailing slash. */
export function publicBaseUrl(config: ObscuraConfig, request: FastifyRequest): string {
  if (config.baseUrl) return config.baseUrl.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

/** `/files/<collection>/<path>` with each segment percent-encoded (the files route decodes them back). */
export function fileUrlPath(collection: string, path: string): string {
  return `/files/${[collection, ...path.split('/')].map(encodeURIComponent).join('/')}`;
}
