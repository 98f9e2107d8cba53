// SIA 2.0 §2.1.17 FORMAT: the data products of a given format (a MIME type), which SIA 2.0 maps to ObsCore
// access_format. Every row of this archive has the DataLink type there (ObsCore 1.1 §4.7: access_url is a DataLink
// {links} URL, DataLink 1.1 §3), so `FORMAT=image/fits` compared with access_format alone would find nothing, while
// the product a client asks for is the file DataLink serves as `#this`. A FORMAT value therefore matches a row when
// either access_format is that type (so `application/x-votable+xml;content=datalink` still selects every row with
// DataLink), or the row's `#this` file in obscura.files has that content type. FITS answers to both of its names
// (RFC 4047 registers application/fits and image/fits). Types compare as RFC 2045 §5.1 says: case-insensitive type, subtype and
// parameter names, blanks around `;` and `=` ignored.
import { type Database, FILES_TABLE } from '@obscura/archive';
import type { UploadTable } from '../tap/adql-query.ts';
import type { TapColumn } from '../tap/tap-metadata.ts';
import { adqlString } from './adql.ts';

/** The TAP_UPLOAD name under which the SIA ADQL sees obscura.files (a server table, never a client upload). */
export const FILES_UPLOAD_NAME = 'obscura_files';

/** The names FITS goes by (RFC 4047: application/fits for any FITS file, image/fits for a primary-HDU image). */
export const FITS_TYPES: readonly string[] = ['application/fits', 'image/fits'];

/** A media type in one spelling (RFC 2045 §5.1): lower case, no blanks around `;` and `=`. */
export function normalizeMediaType(value: string): string {
  return value
    .trim()
    .split(';')
    .map((part) =>
      part
        .split('=')
        .map((s) => s.trim())
        .join('='),
    )
    .filter((part) => part !== '')
    .join(';')
    .toLowerCase();
}

/** The `#this` content types a FORMAT value stands for: itself, and both names of FITS for either. */
export function productTypes(value: string): string[] {
  const t = normalizeMediaType(value);
  return FITS_TYPES.includes(t) ? [...FITS_TYPES] : [t];
}

/** The ADQL condition of the FORMAT values (OR'ed, SIA 2.0 §2.1); null when none is given. */
export function formatCondition(values: readonly string[]): string | null {
  if (values.length === 0) return null;
  const access = [...new Set(values.map(normalizeMediaType))];
  const products = [...new Set(values.flatMap(productTypes))];
  return (
    `(LOWER(o.access_format) IN (${access.map(adqlString).join(', ')}) OR o.obs_publisher_did IN ` +
    `(SELECT f.obs_publisher_did FROM TAP_UPLOAD.${FILES_UPLOAD_NAME} AS f WHERE f.semantics = '#this' ` +
    `AND LOWER(f.content_type) IN (${products.map(adqlString).join(', ')})))`
  );
}

function column(name: string, description: string, index: number): TapColumn {
  return {
    table_name: `TAP_UPLOAD.${FILES_UPLOAD_NAME}`,
    column_name: name,
    utype: null,
    ucd: null,
    unit: null,
    description,
    datatype: 'char',
    arraysize: '*',
    xtype: null,
    size: null,
    principal: 0,
    indexed: 0,
    std: 0,
    column_index: index,
  };
}

/** obscura.files as the table the FORMAT condition reads (only the columns it needs; not published in TAP_SCHEMA). */
export function filesTable(db: Database): UploadTable {
  return {
    name: FILES_UPLOAD_NAME,
    physical: db.dialect.table(FILES_TABLE),
    columns: [
      column('obs_publisher_did', 'Product the file belongs to', 0),
      column('semantics', 'DataLink semantics of the file (#this: the product itself)', 1),
      column('content_type', 'MIME type of the file', 2),
    ],
  };
}
