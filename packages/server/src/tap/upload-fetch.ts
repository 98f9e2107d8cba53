// TAP_UPLOAD by URL (TAP 1.1 §2.5.1: UPLOAD=name,http(s)://…): the service fetches what a client names, so the
// fetch must not become a way into the operator's own network (server-side request forgery: cloud metadata at
// 169.254.169.254, admin interfaces on loopback or the private LAN). Each address a URL's host resolves to is
// checked BEFORE connecting, inside the socket's own `lookup` (node:net), so the connection goes to the very
// address that was checked: no second DNS answer (rebinding) between check and connect. An IP literal skips
// `lookup` in node:net and is checked here first. Redirects are followed by hand (at most 5), each hop checked the
// same way. `tapUploadAllowPrivateUrls` (config.ts) turns the address check off for services whose clients are
// trusted (and for tests, whose servers are all on loopback).
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { HttpError } from '../errors.ts';

/** Config key named in refusals (config.ts). */
export const ALLOW_PRIVATE_URLS_KEY = 'tapUploadAllowPrivateUrls';

function blockList(v4: readonly string[], v6: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of v4) {
    const [net, bits] = cidr.split('/');
    list.addSubnet(net, Number(bits), 'ipv4');
  }
  for (const cidr of v6) {
    const [net, bits] = cidr.split('/');
    list.addSubnet(net, Number(bits), 'ipv6');
  }
  return list;
}

// IANA IPv4 / IPv6 Special-Purpose Address Registries (RFC 6890), the ranges a public upload server is never in.
// Order matters: the first match names the kind (broadcast before the reserved 240/4 that holds it). node:net's
// BlockList applies IPv4 rules to IPv4-mapped IPv6 addresses (::ffff:127.0.0.1, ::ffff:7f00:1) too.
const RESTRICTED: readonly (readonly [kind: string, list: BlockList])[] = [
  ['unspecified', blockList(['0.0.0.0/8'], ['::/128'])], // RFC 1122 §3.2.1.3 "this network"; RFC 4291 §2.5.2
  ['loopback', blockList(['127.0.0.0/8'], ['::1/128'])], // RFC 1122 §3.2.1.3; RFC 4291 §2.5.3
  // RFC 1918; RFC 4193 unique local; RFC 3879 (deprecated site-local)
  ['private', blockList(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], ['fc00::/7', 'fec0::/10'])],
  ['shared carrier-grade NAT space', blockList(['100.64.0.0/10'], [])], // RFC 6598
  ['link-local', blockList(['169.254.0.0/16'], ['fe80::/10'])], // RFC 3927; RFC 4291 §2.5.6
  ['multicast', blockList(['224.0.0.0/4'], ['ff00::/8'])], // RFC 5771; RFC 4291 §2.7
  ['broadcast', blockList(['255.255.255.255/32'], [])], // RFC 919
  // RFC 1112 §4 (240/4); RFC 2544 benchmarking; RFC 4291 §2.5.5.1 (deprecated IPv4-compatible ::a.b.c.d)
  ['reserved', blockList(['240.0.0.0/4', '198.18.0.0/15'], ['::/96'])],
];

// RFC 6052 §2.1: the NAT64 well-known prefix embeds an IPv4 address in its last 32 bits; judged as that address.
const NAT64 = blockList([], ['64:ff9b::/96']);

/** The 16 bytes of an IPv6 address (`net.isIP(text) === 6`, zone id allowed). */
function ipv6Bytes(text: string): number[] {
  const address = text.replace(/%.*$/, '');
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        const [a, b, c, d] = g.split('.').map(Number);
        out.push((a << 8) | b, (c << 8) | d);
      } else out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const [head, tail] = address.split('::');
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const words = [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/**
 * Why a client-given URL may not be fetched from this address: its kind ("loopback", "private", "link-local",
 * "unspecified", "multicast", "broadcast", "reserved", "shared carrier-grade NAT space"), or undefined for an
 * ordinary public address. IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) forms are judged as the IPv4
 * address they hold. Anything that is not an IP address is "not an IP address".
 */
export function restrictedAddressKind(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (type === 'ipv6' && NAT64.check(address, 'ipv6')) {
    const b = ipv6Bytes(address);
    return restrictedAddressKind(b.slice(12).join('.'));
  }
  for (const [kind, list] of RESTRICTED) if (list.check(address, type)) return kind;
  return undefined;
}

/** The answer to a bad fetch, in words that follow "UPLOAD name: <url> …" or "cannot fetch <url>: …". */
class FetchProblem extends Error {
  constructor(
    message: string,
    readonly refused = false,
  ) {
    super(message);
  }
}

/** Decides whether an address may be connected to: undefined yes, else the reason (its kind). */
export type AddressCheck = (address: string) => string | undefined;

/** A node:net `lookup` that resolves every address of a host and refuses them all if any one is restricted. */
function checkedLookup(check: AddressCheck) {
  return (
    hostname: string,
    options: LookupAllOptions | { all?: boolean; family?: number; hints?: number },
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const a of addresses) {
        const kind = check(a.address);
        if (kind !== undefined) {
          return callback(new FetchProblem(`${hostname} resolves to ${a.address}, which is ${kind}`, true), []);
        }
      }
      if (addresses.length === 0) return callback(new FetchProblem(`${hostname} has no address`), []);
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

export interface UploadFetchOptions {
  /** The largest body accepted (after content decoding); more is TAP_UPLOAD_TOO_LARGE. */
  maxBytes: number;
  /** Connect to loopback, private, link-local… addresses too (config `tapUploadAllowPrivateUrls`). */
  allowPrivateUrls?: boolean;
  /** The whole fetch, redirects included (default 60 s). */
  timeoutMs?: number;
  /** Redirects followed at most (default 5). */
  maxRedirects?: number;
  /** The address check (default: restrictedAddressKind, or none with allowPrivateUrls); tests replace it. */
  check?: AddressCheck;
}

export function uploadTooLarge(name: string, maxBytes: number): HttpError {
  return new HttpError(
    'TAP_UPLOAD_TOO_LARGE',
    `UPLOAD ${name} is larger than this service's upload limit of ${maxBytes} bytes`,
  );
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

interface Hop {
  response: IncomingMessage;
  /** Stops the exchange (destroys the socket). */
  stop(): void;
}

/** One GET to one URL whose host has been (or, by `lookup`, will be) checked. */
function get(url: URL, check: AddressCheck | undefined, signal: AbortSignal): Promise<Hop> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (check && isIP(host) !== 0) {
    // node:net connects to an IP literal without calling `lookup`: checked here.
    const kind = check(host);
    if (kind !== undefined) throw new FetchProblem(`its address ${host} is ${kind}`, true);
  }
  const options: RequestOptions = {
    protocol: url.protocol,
    hostname: host,
    port: url.port === '' ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    // A connection of its own (no keep-alive socket shared with another host or check).
    agent: false,
    signal,
    headers: {
      'user-agent': 'Obscura/0.1 (TAP 1.1 upload)',
      accept: 'application/x-votable+xml, text/xml, */*;q=0.5',
      'accept-encoding': 'gzip, deflate, br',
    },
    ...(url.username !== '' || url.password !== ''
      ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` }
      : {}),
    ...(check ? { lookup: checkedLookup(check) as RequestOptions['lookup'] } : {}),
  };
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options, (response) =>
      resolve({ response, stop: () => req.destroy() }),
    );
    req.on('error', reject);
    req.end();
  });
}

/** The body of a response, decoded (RFC 9110 §8.4.1), at most maxBytes. */
async function readBody(hop: Hop, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
  const declared = Number(hop.response.headers['content-length']);
  const encoding =
    String(hop.response.headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase() || 'identity';
  if (encoding === 'identity' && Number.isFinite(declared) && declared > maxBytes) {
    hop.stop();
    throw tooLarge();
  }
  let body: Readable = hop.response;
  if (encoding === 'gzip' || encoding === 'x-gzip') body = hop.response.pipe(createGunzip());
  else if (encoding === 'deflate') body = hop.response.pipe(createInflate());
  else if (encoding === 'br') body = hop.response.pipe(createBrotliDecompress());
  else if (encoding !== 'identity') {
    hop.stop();
    throw new FetchProblem(`answered with content encoding "${encoding}", which this service cannot decode`);
  }
  if (body !== hop.response) hop.response.on('error', (e) => body.destroy(e));
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } finally {
    if (size > maxBytes) {
      body.destroy();
      hop.stop();
    }
  }
  return Buffer.concat(chunks);
}

const ONLY_HTTP = 'only http and https URLs are fetched';

/**
 * Fetches an upload URL (TAP 1.1 §2.5.1) as described at the top of this file: its bytes, or an HttpError
 * TAP_BAD_UPLOAD naming the URL and why (refused address, HTTP status, too many redirects, timeout), or
 * TAP_UPLOAD_TOO_LARGE past maxBytes.
 */
export async function fetchUploadUrl(name: string, uri: string, options: UploadFetchOptions): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxRedirects = options.maxRedirects ?? 5;
  const check = options.check ?? (options.allowPrivateUrls ? undefined : restrictedAddressKind);
  const signal = AbortSignal.timeout(timeoutMs);
  const tooLarge = () => uploadTooLarge(name, options.maxBytes);
  const bad = (message: string) => new HttpError('TAP_BAD_UPLOAD', `UPLOAD ${name}: ${message}`);

  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw bad(`"${uri}" is not a URL`);
  }
  let redirects = 0;
  // "<uri>" or "<uri> (redirected to <url>)": what the messages name.
  const subject = () => (redirects === 0 ? uri : `${uri} (redirected to ${url.href})`);
  for (;;) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad(`${subject()} is refused: ${ONLY_HTTP}`);
    let hop: Hop;
    try {
      hop = await get(url, check, signal);
    } catch (e) {
      if (e instanceof FetchProblem && e.refused) {
        throw bad(
          `${subject()} is refused: ${e.message}; an operator can allow private addresses with ${ALLOW_PRIVATE_URLS_KEY}`,
        );
      }
      if (signal.aborted) throw bad(`cannot fetch ${subject()}: no answer within ${timeoutMs / 1000} s`);
      throw bad(`cannot fetch ${subject()}: ${(e as Error).message}`);
    }
    const status = hop.response.statusCode ?? 0;
    if (REDIRECTS.has(status)) {
      hop.stop();
      const location = hop.response.headers.location;
      if (!location) throw bad(`${subject()} answered HTTP ${status} without a Location`);
      if (redirects === maxRedirects) throw bad(`${uri} redirected more than ${maxRedirects} times`);
      try {
        url = new URL(location, url);
      } catch {
        throw bad(`${subject()} redirected to "${location}", which is not a URL`);
      }
      redirects++;
      continue;
    }
    if (status < 200 || status > 299) {
      hop.stop();
      throw bad(`${subject()} answered HTTP ${status}`);
    }
    try {
      return await readBody(hop, options.maxBytes, tooLarge);
    } catch (e) {
      hop.stop();
      if (e instanceof HttpError) throw e;
      if (signal.aborted) throw bad(`cannot fetch ${subject()}: no complete answer within ${timeoutMs / 1000} s`);
      if (e instanceof FetchProblem) throw bad(`${subject()} ${e.message}`);
      throw bad(`cannot fetch ${subject()}: ${(e as Error).message}`);
    }
  }
}
