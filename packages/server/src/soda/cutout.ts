// One SODA cutout of one product, shared by {sync} (soda/sync.ts: streamed to the response) and {async}
// (soda/async.ts: written into the job's directory): find the product, check access, locate and open its image,
// check the filters the image has no axis for against the ObsCore row (SODA 1.0 §3.4), plan the cutout through the
// WCS (@obscura/fits planCutout). Error texts start with their SODA 1.0 §5.2 label.
import { type CutoutPlan, FitsError, planCutout } from '@obscura/fits';
import { canAccess, type User } from '../access.ts';
import { locateOnDisk, type ResolvedArchiveFile } from '../archive-files.ts';
import type { ServerContext } from '../context.ts';
import { findProductFiles, findProducts, mainFile, type Product } from '../datalink/products.ts';
import { HttpError } from '../errors.ts';
import { polStates } from './descriptor.ts';
import { NotAnImage, type OpenImage, openImage } from './open-image.ts';
import type { SodaRequest } from './params.ts';

/** What a cutout request comes to: a planned cutout (the caller streams it, then closes the source), or no overlap. */
export type PreparedCutout =
  | { overlap: true; plan: CutoutPlan; image: OpenImage; file: ResolvedArchiveFile }
  | { overlap: false; reason: string };

function overlaps(a: [number, number], lo: number | null, hi: number | null): boolean {
  if (lo === null || hi === null) return true; // unknown coverage: let the cutout decide
  return a[1] >= lo && a[0] <= hi;
}

/** Filters on axes the image may lack, checked against the ObsCore row; the reason when they exclude the product. */
function metadataExcludes(product: Product, req: SodaRequest, axes: { spectral: boolean; stokes: boolean }) {
  if (req.time && !overlaps(req.time, product.tMin, product.tMax)) {
    return `TIME ${req.time.join(' ')} is outside the observation (MJD ${product.tMin} to ${product.tMax})`;
  }
  const band = req.cutout.band;
  if (band && !axes.spectral && !overlaps(band, product.emMin, product.emMax)) {
    return `BAND ${band.join(' ')} m is outside the image's band (${product.emMin} to ${product.emMax} m)`;
  }
  const pol = req.cutout.pol;
  const states = polStates(product.polStates);
  if (pol && !axes.stokes && states.length > 0 && !pol.some((p) => states.includes(p))) {
    return `POL ${pol.join(',')} is not among the image's polarization states (${states.join(',')})`;
  }
  return undefined;
}

/** The products of `ids` (SODA ID = obs_publisher_did); an unknown one is a UsageError (§5.2, NotFoundFault). */
export async function findCutoutProducts(ctx: ServerContext, ids: readonly string[]): Promise<Map<string, Product>> {
  const products = await findProducts(ctx.db, [...new Set(ids)]);
  for (const id of ids) {
    if (!products.has(id)) {
      throw new HttpError(
        'SODA_NOT_FOUND',
        `UsageError: NotFoundFault: ${id} is not a dataset of this archive; IDs are obs_publisher_did values (see DataLink #cutout rows)`,
      );
    }
  }
  return products;
}

/**
 * Proprietary data (DESIGN.md "Proprietary data", SODA 1.0 §5.2): the error refusing `user` the product, or null.
 * Anonymous → AuthenticationError (401 with a Bearer challenge, RFC 6750 §3: a token may help); an authenticated
 * user not entitled → AuthorizationError (403: credentials will not help).
 */
export function cutoutAccessError(user: User | undefined, product: Product, challenge: string): HttpError | null {
  const decision = canAccess(user, product);
  if (decision.allowed) return null;
  const proposal = product.proposal_id ? `proposal ${product.proposal_id}` : 'it';
  if (!user) {
    return new HttpError(
      'SODA_NOT_AUTHENTICATED',
      `AuthenticationError: ${decision.reason}. Authenticate with "Authorization: Bearer <token>" as a user entitled to ${proposal}.`,
      { 'www-authenticate': challenge },
    );
  }
  return new HttpError(
    'SODA_NOT_AUTHORIZED',
    `AuthorizationError: ${decision.reason}. User ${user.name} is not entitled to ${proposal}.`,
  );
}

/** Plans the cutout of `product` (access already checked). On overlap the caller owns `image.source`. */
export async function prepareCutout(ctx: ServerContext, product: Product, req: SodaRequest): Promise<PreparedCutout> {
  const main = mainFile((await findProductFiles(ctx.db, [product])).get(product.obs_publisher_did));
  if (!main) {
    throw new HttpError(
      'SODA_USAGE',
      `UsageError: ${req.id} has no file in this archive (a ${product.dataproductType ?? 'product'} known by its metadata only); nothing to cut`,
    );
  }
  let file: ResolvedArchiveFile;
  try {
    file = await locateOnDisk(ctx.config.dataDir, main);
  } catch (e) {
    if (e instanceof HttpError && e.status === 503)
      throw new HttpError('SODA_UNAVAILABLE', `ServiceUnavailable: ${e.message}`);
    if (e instanceof HttpError) throw new HttpError('SODA_FAILED', `Error: ${e.message}`);
    throw e;
  }
  let image: OpenImage;
  try {
    image = await openImage(file);
  } catch (e) {
    if (e instanceof NotAnImage || e instanceof FitsError) {
      throw new HttpError('SODA_USAGE', `UsageError: ${req.id} cannot be cut: ${e.message}`);
    }
    throw e;
  }
  let handedOver = false;
  try {
    const { hdu, wcs } = image;
    const excluded = metadataExcludes(product, req, {
      spectral: wcs.spectralAxis >= 0 && wcs.spectralAxis < wcs.naxis,
      stokes: wcs.stokesAxis >= 0 && wcs.stokesAxis < wcs.naxis,
    });
    if (excluded) return { overlap: false, reason: excluded };
    let outcome: ReturnType<typeof planCutout>;
    try {
      outcome = planCutout(hdu, wcs, req.cutout, { id: req.id, request: req.description });
    } catch (e) {
      if (e instanceof FitsError) throw new HttpError('SODA_USAGE', `UsageError: ${req.id}: ${e.message}`);
      throw e;
    }
    if (!outcome.overlap) return { overlap: false, reason: outcome.reason };
    handedOver = true;
    return { overlap: true, plan: outcome.plan, image, file };
  } finally {
    if (!handedOver) await image.source.close();
  }
}

/** A file name for the cutout: the parent's name with ".cutout" before the extension. */
export function cutoutFileName(path: string): string {
  const name = path.split('/').pop() ?? 'cutout.fits';
  const stem = name.replace(/\.(fits|fit|fts)(\.gz|\.fz)?$/i, '');
  return `${stem}.cutout.fits`.replace(/[^\x20-\x7e]|["\\]/g, '_');
}
