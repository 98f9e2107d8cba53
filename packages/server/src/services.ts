// The server's service endpoints (DESIGN.md "HTTP layout"): those that exist and those planned, for the landing
// page and the 404 text. A service's plugin marks itself available by its name in `available`.

export interface ServiceEndpoint {
  name: string;
  path: string;
  description: string;
  /** IVOA standard identifier, when the service implements one. */
  standardId?: string;
  status: 'available' | 'planned';
}

const ALL: Omit<ServiceEndpoint, 'status'>[] = [
  { name: 'landing', path: '/', description: 'This page: collections, catalogues and services (HTML or JSON)' },
  { name: 'files', path: '/files/{collection}/{path}', description: 'File downloads with HTTP Range support' },
  { name: 'health', path: '/health', description: 'Liveness and database check (JSON)' },
  {
    name: 'tap',
    path: '/tap',
    description: 'Table Access Protocol: ADQL queries, sync and async, over ivoa.obscore and the catalogues',
    standardId: 'ivo://ivoa.net/std/TAP',
  },
  {
    name: 'sia',
    path: '/sia/query',
    description: 'Simple Image Access 2.0 queries over ivoa.obscore',
    standardId: 'ivo://ivoa.net/std/SIA#query-2.0',
  },
  {
    name: 'datalink',
    path: '/datalink/links',
    description: 'DataLink: the files, cutouts and previews of a product',
    standardId: 'ivo://ivoa.net/std/DataLink#links-1.1',
  },
  {
    name: 'soda',
    path: '/soda/sync',
    description: 'SODA cutouts of images and cubes (sync and async)',
    standardId: 'ivo://ivoa.net/std/SODA#sync-1.0',
  },
  {
    name: 'bulk',
    path: '/soda/bulk',
    description:
      'Bulk cutouts: a UWS job cuts every image (or the best-resolution one at a frequency) for a source list or an ' +
      'ADQL query into one tar or zip with a manifest',
  },
  {
    name: 'scs',
    path: '/scs/{schema.table}',
    description:
      'Simple Cone Search 1.03, one service per catalogue, with VOSI capabilities and availability; ' +
      '/scs/spectral-index matches VLASS with RACS and returns spectral indices',
    standardId: 'ivo://ivoa.net/std/ConeSearch',
  },
  {
    name: 'hips',
    path: '/hips/list',
    description: 'HiPS surveys of the collections',
    standardId: 'ivo://ivoa.net/std/HiPS',
  },
  {
    name: 'moc',
    path: '/moc/{collection}',
    description:
      'MOC coverage of each collection: space (s_region) and frequency; ?format=fits|json|ascii&dim=space|frequency',
  },
  {
    name: 'sky',
    path: '/sky',
    description: 'Sky view: Aladin Lite over the HiPS, catalogues and image footprints (?target=M82)',
  },
];

/** Every endpoint, marked available when its name is in `available`. */
export function serviceEndpoints(available: ReadonlySet<string>): ServiceEndpoint[] {
  return ALL.map((s) => ({ ...s, status: available.has(s.name) ? 'available' : 'planned' }));
}
