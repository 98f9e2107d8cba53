// The projection registry: FITS-WCS three-letter code → Projection (Calabretta & Greisen 2002, Table 13).

import { Cod, Coe, Coo, Cop } from './conic.ts';
import { Car, Cea, Cyp, Mer } from './cylindrical.ts';
import { Hpx } from './hpx.ts';
import { Bon, Pco } from './polyconic.ts';
import { type Projection, ProjectionError, type ProjectionParameters } from './projection.ts';
import { Ait, Mol, Par, Sfl } from './pseudo-cylindrical.ts';
import { Qsc, Tsc } from './quad-cube.ts';
import { Air, Arc, Azp, Sin, Stg, Szp, Tan, Zea, Zpn } from './zenithal.ts';

export { type Projection, ProjectionError, type ProjectionParameters } from './projection.ts';

const FACTORIES: Record<string, (pv: ProjectionParameters) => Projection> = {
  AZP: (pv) => new Azp(pv),
  SZP: (pv) => new Szp(pv),
  TAN: () => new Tan(),
  STG: () => new Stg(),
  SIN: (pv) => new Sin(pv),
  ARC: () => new Arc(),
  ZPN: (pv) => new Zpn(pv),
  ZEA: () => new Zea(),
  AIR: (pv) => new Air(pv),
  CYP: (pv) => new Cyp(pv),
  CEA: (pv) => new Cea(pv),
  CAR: () => new Car(),
  MER: () => new Mer(),
  SFL: () => new Sfl(),
  PAR: () => new Par(),
  MOL: () => new Mol(),
  AIT: () => new Ait(),
  COP: (pv) => new Cop(pv),
  COE: (pv) => new Coe(pv),
  COD: (pv) => new Cod(pv),
  COO: (pv) => new Coo(pv),
  BON: (pv) => new Bon(pv),
  PCO: () => new Pco(),
  TSC: () => new Tsc(),
  QSC: () => new Qsc(),
  HPX: (pv) => new Hpx(pv),
};

/** Projection codes this module implements (NCP is accepted by the WCS layer and mapped to SIN). */
export const SUPPORTED_PROJECTIONS: readonly string[] = [...Object.keys(FACTORIES), 'NCP'].sort();

/** Builds the projection for a code; throws ProjectionError for unknown codes or invalid parameters. */
export function createProjection(code: string, pv: ProjectionParameters): Projection {
  const make = FACTORIES[code];
  if (!make) throw new ProjectionError(`projection ${code} is not supported`);
  return make(pv);
}
