// The links of each requested product (DataLink 1.1 §3.2), all of one ID in consecutive rows:
//   #this       the product's file, via /files (exact content_type and content_length from disk)
//   #auxiliary  its other files (e.g. the VLASS .rms noise image)
//   #preview    a ≤ 1024 px PNG quick look, #thumbnail a ≤ 256 px one (content_length once rendered, else null)
//   #cutout     the SODA {sync} service descriptor of the product (images and cubes with a FITS file)
//   #package    one tar of the observation's files (content_length exact)
// Errors are rows (§3.2.4, §3.4): an unknown ID gets "NotFoundFault: …"; a product without any file (visibility
// metadata ingested from ObsCore rows) gets one #this row "FatalFault: no file is available …"; a file registered but
// missing on disk gets "TransientFault: …". Proprietary products keep their links with link_auth=true and
// link_authorized saying whether this request's user may follow them (§3.2.11-12); the endpoints behind them answer
// 401 to anonymous requests and 403 to users not entitled to the proposal (auth/enforce.ts).
import { basename } from 'node:path';
import { canAccess, type User } from '../access.ts';
import { locateOnDisk, type ResolvedArchiveFile } from '../archive-files.ts';
import { contentTypeFor } from '../content-type.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { sodaAsyncDescriptor, sodaDescriptor } from '../soda/descriptor.ts';
import type { LinkRow, ServiceDescriptor } from './links-votable.ts';
import {
  findProductFiles,
  findProducts,
  mainFile,
  observationProducts,
  type Product,
  type ProductFile,
} from './products.ts';
import { fileUrlPath } from './public-url.ts';
import { cachedQuicklookSize, type QuicklookKind } from './quicklook.ts';
import { tarLength } from './tar.ts';

/** DataLink 1.1 §2.1.1: a service may limit the IDs of one request; the rest is flagged with OVERFLOW. */
export const MAX_IDS_PER_REQUEST = 1000;

export interface LinksResult {
  rows: LinkRow[];
  descriptors: ServiceDescriptor[];
  overflow: boolean;
}

const CUTOUT_TYPES = new Set(['image', 'cube']);

/** Resolved file or the error row text for it. */
async function resolve(ctx: ServerContext, file: ProductFile): Promise<ResolvedArchiveFile | string> {
  try {
    return await locateOnDisk(ctx.config.dataDir, file);
  } catch (e) {
    if (e instanceof HttpError) {
      return e.status === 503 ? `TransientFault: ${e.message}` : `FatalFault: ${e.message}`;
    }
    throw e;
  }
}

/** The files of an observation the package holds, resolved on disk, with their names inside the tar. */
export async function packageEntries(
  ctx: ServerContext,
  product: Product,
): Promise<{ name: string; file: ResolvedArchiveFile; product: Product }[]> {
  const products = await observationProducts(ctx.db, product);
  const files = await findProductFiles(ctx.db, products);
  const byDid = new Map(products.map((p) => [p.obs_publisher_did, p]));
  const out: { name: string; file: ResolvedArchiveFile; product: Product }[] = [];
  const used = new Set<string>();
  for (const [did, list] of files) {
    for (const f of list) {
      const r = await resolve(ctx, f);
      if (typeof r === 'string') continue;
      let name = `${safeName(product.obsId)}/${basename(f.path)}`;
      for (let k = 2; used.has(name); k++) name = `${safeName(product.obsId)}/${k}-${basename(f.path)}`;
      used.add(name);
      out.push({ name, file: r, product: byDid.get(did) ?? product });
    }
  }
  return out;
}

/** An obs_id as a directory name inside the tar (no separators or dot-segments). */
function safeName(s: string): string {
  const t = s.replace(/[/\\\0]/g, '_');
  return t === '' || t === '.' || t === '..' ? 'observation' : t;
}

/**
 * DataLink 1.1 §3.2.11 link_auth: 'true' when the link needs authentication (proprietary data), else 'optional' when
 * this server has users who may send bearer tokens (accepted on every endpoint), else 'false' (anonymous only).
 * §3.2.12 link_authorized: whether the user of this request (anonymous or not) may follow it (canAccess).
 */
function auth(
  ctx: ServerContext,
  allowed: boolean,
  proprietary: boolean,
): Pick<LinkRow, 'linkAuth' | 'linkAuthorized'> {
  const linkAuth = proprietary ? 'true' : ctx.config.users.length > 0 ? 'optional' : 'false';
  return { linkAuth, linkAuthorized: allowed };
}

function qualifier(product: Product): string | undefined {
  // DataLink 1.1 §3.2.9: the product-type vocabulary, written as relative URIs like core terms.
  return product.dataproductType ? `#${product.dataproductType}` : undefined;
}

async function productLinks(
  ctx: ServerContext,
  base: string,
  user: User | undefined,
  product: Product,
  files: ProductFile[],
  descriptorId: (kind: 'sync' | 'async') => string,
): Promise<{ rows: LinkRow[]; descriptors: ServiceDescriptor[] }> {
  const id = product.obs_publisher_did;
  const decision = canAccess(user, product);
  const proprietary = !canAccess(undefined, product).allowed;
  const a = auth(ctx, decision.allowed, proprietary);
  const rows: LinkRow[] = [];
  const main = mainFile(files);
  if (!main) {
    rows.push({
      id,
      semantics: '#this',
      // DataLink 1.1 §3.4: an error row says why #this cannot be linked. Visibilities (calib_level 1 measurement
      // sets of VLA/ALMA) are described here but kept by the observatory, not served online.
      errorMessage:
        product.dataproductType === 'visibility'
          ? `FatalFault: the visibilities of ${id} are not held online by this archive, only their metadata ` +
            '(the ObsCore row, with the radio columns of ivoa.obscore_radio); request the measurement set from ' +
            `the ${product.collection} archive by its obs_id ${product.obsId}`
          : `FatalFault: no file is available for ${id}: this archive holds only the metadata of this ` +
            `${product.dataproductType ?? 'product'} (see its ObsCore row)`,
      description: 'The dataset itself (not held by this archive)',
      contentQualifier: qualifier(product),
    });
  }
  let mainResolved: ResolvedArchiveFile | undefined;
  for (const f of files) {
    const r = await resolve(ctx, f);
    const isMain = f === main;
    const semantics = isMain ? '#this' : (f.semantics ?? '#auxiliary');
    const description = isMain
      ? `The ${product.collection} ${product.dataproductType ?? 'product'} ${basename(f.path)}`
      : (f.description ?? `Auxiliary file ${basename(f.path)}`);
    const local = isMain ? 'data' : /\.rms\./i.test(f.path) ? 'rms' : 'auxiliary';
    if (typeof r === 'string') {
      rows.push({ id, semantics, errorMessage: r, description, localSemantics: local });
      continue;
    }
    if (isMain) mainResolved = r;
    rows.push({
      id,
      accessUrl: base + fileUrlPath(f.collection, f.path),
      description,
      semantics,
      contentType: f.contentType || contentTypeFor(f.path),
      contentLength: r.size,
      contentQualifier: isMain ? qualifier(product) : undefined,
      localSemantics: local,
      ...a,
    });
  }
  const descriptors: ServiceDescriptor[] = [];
  const fits = mainResolved && (main?.contentType ?? contentTypeFor(mainResolved.path)) === 'application/fits';
  if (mainResolved && fits) {
    const quicklooks: [QuicklookKind, string][] = [
      ['preview', 'Quick-look PNG of the first plane (asinh stretch, at most 1024 pixels a side)'],
      ['thumbnail', 'Thumbnail PNG of the first plane (asinh stretch, at most 256 pixels a side)'],
    ];
    for (const [kind, description] of quicklooks) {
      rows.push({
        id,
        accessUrl: `${base}/datalink/${kind}?ID=${encodeURIComponent(id)}`,
        description,
        semantics: `#${kind}`,
        contentType: 'image/png',
        contentLength: await cachedQuicklookSize(ctx.config.dataDir, mainResolved, kind),
        localSemantics: kind,
        ...a,
      });
    }
    if (product.dataproductType && CUTOUT_TYPES.has(product.dataproductType)) {
      // SODA 1.0 §2.1/§2.2: a #cutout row per service descriptor, {sync} then {async} (DataLink 1.1 §4).
      for (const descriptor of [
        sodaDescriptor(product, descriptorId('sync'), base),
        sodaAsyncDescriptor(product, descriptorId('async'), base),
      ]) {
        descriptors.push(descriptor);
        rows.push({
          id,
          serviceDef: descriptor.xmlId,
          description: `SODA cutout service (${descriptor.accessUrl}): CIRCLE, POLYGON, POS, BAND, TIME, POL`,
          semantics: '#cutout',
          contentType: 'application/fits',
          contentQualifier: qualifier(product),
          localSemantics: 'cutout',
          ...a,
        });
      }
    }
  }
  if (files.length > 0) {
    const entries = await packageEntries(ctx, product);
    if (entries.length > 0) {
      rows.push({
        id,
        accessUrl: `${base}/datalink/package?ID=${encodeURIComponent(id)}`,
        description: `All files of observation ${product.obsId} in one tar archive (${entries.length} files)`,
        semantics: '#package',
        contentType: 'application/x-tar',
        contentLength: tarLength(
          entries.map((e) => ({ name: e.name, path: e.file.absolutePath, size: e.file.size, mtimeMs: e.file.mtimeMs })),
        ),
        localSemantics: 'package',
        ...a,
      });
    }
  }
  return { rows, descriptors };
}

/** The links of every ID (first MAX_IDS_PER_REQUEST distinct ones, in request order). */
export async function buildLinks(
  ctx: ServerContext,
  base: string,
  user: User | undefined,
  requested: readonly string[],
): Promise<LinksResult> {
  const distinct = [...new Set(requested)];
  const overflow = distinct.length > MAX_IDS_PER_REQUEST;
  const ids = distinct.slice(0, MAX_IDS_PER_REQUEST);
  const products = await findProducts(ctx.db, ids);
  const files = await findProductFiles(ctx.db, [...products.values()]);
  const rows: LinkRow[] = [];
  const descriptors: ServiceDescriptor[] = [];
  let n = 0;
  const descriptorId = (kind: 'sync' | 'async') => `soda-${kind}-${++n}`;
  for (const id of ids) {
    const product = products.get(id);
    if (!product) {
      rows.push({
        id,
        semantics: '#this',
        errorMessage: `NotFoundFault: ${id} is not a product of this archive; IDs are obs_publisher_did values from ObsCore`,
      });
      continue;
    }
    const links = await productLinks(ctx, base, user, product, files.get(id) ?? [], descriptorId);
    rows.push(...links.rows);
    descriptors.push(...links.descriptors);
  }
  return { rows, descriptors, overflow };
}
