// SODA 1.0 {sync} (§2.1, §5): GET or POST /soda/sync with ID and the filtering parameters of §3.3. A cutout is
// computed through the image's WCS by @obscura/fits (planCutout) and streamed as a FITS file (Content-Type
// application/fits, exact Content-Length, Content-Disposition with a file name). Outcomes:
//   - no pixel of the dataset in the request → 204 No Content, no body (§5.1 "as stated in DALI"); the reason is in
//     the Obscura-Diagnostic header ("NoOverlap: …"), since a 204 cannot carry a body;
//   - errors are text/plain starting with a §5.2 label: UsageError (400; unknown ID 404), MultiValuedParamNotSupported
//     (400), AuthorizationError (403, proprietary data: DESIGN.md "Proprietary data"), Error (500).
// Filters the image has no axis for are checked against the product's ObsCore metadata (§3.4): TIME against t_min/
// t_max, BAND against em_min/em_max, POL against pol_states; disjoint → no overlap, else the image is kept whole on
// that axis.
import { Readable } from 'node:stream';
import { type CutoutStats, cutoutChunks, FitsError, planCutout } from '@obscura/fits';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canAccess } from '../access.ts';
import { locateOnDisk } from '../archive-files.ts';
import type { ServerContext } from '../context.ts';
import { daliParams } from '../dali-params.ts';
import { labelledErrorHandler } from '../datalink/fault-errors.ts';
import { findProductFiles, findProducts, mainFile, type Product, requestUser } from '../datalink/products.ts';
import { HttpError, useErrorForm } from '../errors.ts';
import { polStates, SODA_SYNC_PATH } from './descriptor.ts';
import { NotAnImage, openImage } from './open-image.ts';
import { parseSodaParams, type SodaRequest } from './params.ts';

/** Response header carrying the reason of a 204 (no overlap). */
export const DIAGNOSTIC_HEADER = 'obscura-diagnostic';

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

function noOverlap(reply: FastifyReply, id: string, reason: string): FastifyReply {
  return reply
    .code(204)
    .header(DIAGNOSTIC_HEADER, `NoOverlap: ${reason} (${id})`.replace(/[^\x20-\x7e]/g, '?'))
    .send();
}

/** A file name for the cutout: the parent's name with ".cutout" before the extension. */
function cutoutFileName(path: string): string {
  const name = path.split('/').pop() ?? 'cutout.fits';
  const stem = name.replace(/\.(fits|fit|fts)(\.gz|\.fz)?$/i, '');
  return `${stem}.cutout.fits`.replace(/[^\x20-\x7e]|["\\]/g, '_');
}

async function sync(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const req = parseSodaParams(daliParams(request));
  const product = (await findProducts(ctx.db, [req.id])).get(req.id);
  if (!product) {
    throw new HttpError(
      'SODA_NOT_FOUND',
      `UsageError: NotFoundFault: ${req.id} is not a dataset of this archive; IDs are obs_publisher_did values (see DataLink #cutout rows)`,
    );
  }
  const decision = canAccess(requestUser(request), product);
  if (!decision.allowed) throw new HttpError('SODA_NOT_AUTHORIZED', `AuthorizationError: ${decision.reason}`);
  const main = mainFile((await findProductFiles(ctx.db, [product])).get(product.obs_publisher_did));
  if (!main) {
    throw new HttpError(
      'SODA_USAGE',
      `UsageError: ${req.id} has no file in this archive (a ${product.dataproductType ?? 'product'} known by its metadata only); nothing to cut`,
    );
  }
  let file: Awaited<ReturnType<typeof locateOnDisk>>;
  try {
    file = await locateOnDisk(ctx.config.dataDir, main);
  } catch (e) {
    if (e instanceof HttpError && e.status === 503)
      throw new HttpError('SODA_UNAVAILABLE', `ServiceUnavailable: ${e.message}`);
    if (e instanceof HttpError) throw new HttpError('SODA_FAILED', `Error: ${e.message}`);
    throw e;
  }
  let image: Awaited<ReturnType<typeof openImage>>;
  try {
    image = await openImage(file);
  } catch (e) {
    if (e instanceof NotAnImage || e instanceof FitsError) {
      throw new HttpError('SODA_USAGE', `UsageError: ${req.id} cannot be cut: ${e.message}`);
    }
    throw e;
  }
  const { source, hdu, wcs } = image;
  let handedOver = false;
  try {
    const excluded = metadataExcludes(product, req, {
      spectral: wcs.spectralAxis >= 0 && wcs.spectralAxis < wcs.naxis,
      stokes: wcs.stokesAxis >= 0 && wcs.stokesAxis < wcs.naxis,
    });
    if (excluded) return noOverlap(reply, req.id, excluded);
    let outcome: ReturnType<typeof planCutout>;
    try {
      outcome = planCutout(hdu, wcs, req.cutout, { id: req.id, request: req.description });
    } catch (e) {
      if (e instanceof FitsError) throw new HttpError('SODA_USAGE', `UsageError: ${req.id}: ${e.message}`);
      throw e;
    }
    if (!outcome.overlap) return noOverlap(reply, req.id, outcome.reason);
    const plan = outcome.plan;
    const stats: CutoutStats = { bytesRead: 0, reads: 0 };
    const chunks = async function* () {
      try {
        yield* cutoutChunks(source, plan, stats);
      } finally {
        await source.close();
      }
    };
    handedOver = true;
    reply
      .code(200)
      .type('application/fits')
      .header('content-length', String(plan.totalBytes))
      .header('content-disposition', `inline; filename="${cutoutFileName(file.path)}"`)
      // A proprietary cutout is private to the user it was made for.
      .header(
        'cache-control',
        canAccess(undefined, product).allowed ? 'public, max-age=3600' : 'private, max-age=3600',
      );
    return reply.send(Readable.from(chunks(), { objectMode: false }));
  } finally {
    if (!handedOver) await source.close();
  }
}

export async function sodaRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  useErrorForm(app, 'text', () => [SODA_SYNC_PATH]);
  ctx.available.add('soda');
  // Registered with prefix /soda (app.ts). DALI 1.1 §2: DALI-sync accepts GET and POST.
  // SODA 1.0 §5.2: every error text starts with a label (UsageError for the client's, Error for the server's).
  app.route({
    method: ['GET', 'POST'],
    url: '/sync',
    errorHandler: labelledErrorHandler('text', { client: 'UsageError', server: 'Error' }),
    handler: (request, reply) => sync(ctx, request, reply),
  });
}
