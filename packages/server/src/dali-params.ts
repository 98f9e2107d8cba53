// DALI 1.1 §3: parameter names are case-insensitive, values are case-sensitive, and a parameter may repeat
// (e.g. SIA 2.0 POS, DataLink ID). GET query strings and POST application/x-www-form-urlencoded bodies are merged.
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

export class DaliParams {
  private readonly values = new Map<string, string[]>();

  /** From name/value pairs in request order. */
  constructor(pairs: Iterable<[string, string]> = []) {
    for (const [name, value] of pairs) this.add(name, value);
  }

  add(name: string, value: string): void {
    const key = name.toUpperCase();
    const list = this.values.get(key);
    if (list) list.push(value);
    else this.values.set(key, [value]);
  }

  /** Every value of a parameter, in request order. */
  getAll(name: string): string[] {
    return this.values.get(name.toUpperCase()) ?? [];
  }

  /** The only value of a parameter; undefined when absent; an error when it repeats. */
  get(name: string): string | undefined {
    const all = this.getAll(name);
    if (all.length > 1) {
      throw new HttpError('BAD_REQUEST', `parameter ${name.toUpperCase()} given ${all.length} times; give it once`);
    }
    return all[0];
  }

  /** Like get, but the parameter must be present and non-empty. */
  require(name: string): string {
    const v = this.get(name);
    if (v === undefined || v === '') throw new HttpError('BAD_REQUEST', `missing parameter ${name.toUpperCase()}`);
    return v;
  }

  has(name: string): boolean {
    return this.values.has(name.toUpperCase());
  }

  /** Upper-cased names present. */
  names(): string[] {
    return [...this.values.keys()];
  }
}

/** Pairs of a URL query string, or of an x-www-form-urlencoded body, in order (WHATWG URL "urlencoded parser"). */
export function urlencodedPairs(text: string): [string, string][] {
  return [...new URLSearchParams(text)];
}

/** The DALI parameters of a request: its query string, then a form body if there is one. */
export function daliParams(request: FastifyRequest): DaliParams {
  const q = request.url.indexOf('?');
  const params = new DaliParams(q >= 0 ? urlencodedPairs(request.url.slice(q + 1)) : []);
  const body = request.body;
  if (body instanceof URLSearchParams) for (const [k, v] of body) params.add(k, v);
  return params;
}
