// SODA 1.0 {sync} (§2.1, §5): GET or POST /soda/sync with ID and the filtering parameters of §3.3. A cutout is
// computed through the image's WCS by @obscura/fits (planCutout) and streamed as a FITS file (Content-Type
// application/fits, exact Content-Length, Content-Disposition with a file name). Outcomes:
//   - no pixel of the dataset in the request → 204 No Content, no body (§5.1 "as stated in DALI"); the reason is in
//     the Obscura-Diagnostic header ("NoOverlap: …"), since a 204 cannot carry a body;
//   - errors are text/plain starting with a §5.2 label: UsageError (400; unknown ID 404), MultiValuedParamNotSupported
//     (400), AuthenticationError (401 with a Bearer challenge: anonymous request for proprietary data),
//     AuthorizationError (403: a user not entitled to it; DESIGN.md "Proprietary data"), Error (500).
// Filters the image has no axis for are checked against the product's ObsCore metadata (§3.4, soda/cutout.ts): TIME
// against t_min/t_max, BAND against em_min/em_max, POL against pol_states; disjoint → no overlap, else the image is
// kept whole on that axis.
import { Readable } from 'node:stream';
import { type CutoutStats, cutoutChunks } from '@obscura/fits';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { canAccess } from '../access.ts';
import { authRealm, bearerChallenge } from '../auth/bearer.ts';
import { requestUser } from '../auth/request-user.ts';
import type { ServerContext } from '../context.ts';
import { tapRequest } from '../tap/multipart.ts';
import { cutoutAccessError, cutoutFileName, findCutoutProducts, prepareCutout } from './cutout.ts';
import { parseSodaParams } from './params.ts';

/** Response header carrying the reason of a 204 (no overlap). */
export const DIAGNOSTIC_HEADER = 'obscura-diagnostic';

function noOverlap(reply: FastifyReply, id: string, reason: string): FastifyReply {
  return reply
    .code(204)
    .header(DIAGNOSTIC_HEADER, `NoOverlap: ${reason} (${id})`.replace(/[^\x20-\x7e]/g, '?'))
    .send();
}

export async function sodaSync(
  ctx: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const req = parseSodaParams(tapRequest(request).params);
  const product = (await findCutoutProducts(ctx, [req.id])).get(req.id)!;
  const denied = cutoutAccessError(requestUser(request), product, bearerChallenge(authRealm(ctx)));
  if (denied) throw denied;
  const prepared = await prepareCutout(ctx, product, req);
  if (!prepared.overlap) return noOverlap(reply, req.id, prepared.reason);
  const { plan, image, file } = prepared;
  const stats: CutoutStats = { bytesRead: 0, reads: 0 };
  const chunks = async function* () {
    try {
      yield* cutoutChunks(image.source, plan, stats);
    } finally {
      await image.source.close();
    }
  };
  reply
    .code(200)
    .type('application/fits')
    .header('content-length', String(plan.totalBytes))
    .header('content-disposition', `inline; filename="${cutoutFileName(file.path)}"`)
    // A proprietary cutout is private to the user it was made for.
    .header('cache-control', canAccess(undefined, product).allowed ? 'public, max-age=3600' : 'private, max-age=3600');
  return reply.send(Readable.from(chunks(), { objectMode: false }));
}
