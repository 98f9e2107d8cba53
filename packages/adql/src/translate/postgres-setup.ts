// The SQL functions the PostgreSQL translation calls besides pgSphere's own: the UDFs (udfs.ts), a polygon built
// from computed vertices, and DALI text of a point or circle. Idempotent (CREATE OR REPLACE); run it once per
// database after `CREATE EXTENSION pg_sphere`.
import { PLANCK, SPEED_OF_LIGHT, spectralUnits } from '../units.ts';

function specconvSql(): string {
  const units = spectralUnits();
  const cases = (which: 'dim' | 'factor', arg: string) =>
    `CASE ${arg} ${units
      .map((u) => `WHEN '${u.name}' THEN ${which === 'dim' ? `'${u.dim}'` : `CAST(${u.factor} AS double precision)`}`)
      .join(' ')} END`;
  return `CREATE OR REPLACE FUNCTION ivo_specconv(value double precision, from_unit text, to_unit text)
RETURNS double precision LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  fd text := ${cases('dim', 'from_unit')};
  td text := ${cases('dim', 'to_unit')};
  ff double precision := ${cases('factor', 'from_unit')};
  tf double precision := ${cases('factor', 'to_unit')};
  base double precision;
  hz double precision;
  result double precision;
BEGIN
  IF value IS NULL OR fd IS NULL OR td IS NULL THEN RETURN NULL; END IF;
  base := value * ff;
  IF base = 0 AND fd <> td THEN RETURN NULL; END IF;
  hz := CASE fd WHEN 'frequency' THEN base WHEN 'length' THEN ${SPEED_OF_LIGHT} / base ELSE base / CAST(${PLANCK} AS double precision) END;
  result := CASE td WHEN 'frequency' THEN hz WHEN 'length' THEN ${SPEED_OF_LIGHT} / hz ELSE hz * CAST(${PLANCK} AS double precision) END;
  RETURN result / tf;
END $$;`;
}

/** Statements to run once per PostgreSQL database (after pg_sphere is installed). */
export function postgresSetupSql(): string {
  return `CREATE EXTENSION IF NOT EXISTS pg_sphere;
${specconvSql()}
CREATE OR REPLACE FUNCTION ivo_interval_overlaps(l1 double precision, h1 double precision, l2 double precision, h2 double precision)
RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN h1 >= l2 AND h2 >= l1 THEN 1 ELSE 0 END $$;
CREATE OR REPLACE FUNCTION ivo_hasword(haystack text, needle text)
RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN n = '' THEN 0
    WHEN strpos(' ' || lower(regexp_replace(haystack, '[^A-Za-z0-9]+', ' ', 'g')) || ' ', ' ' || n || ' ') > 0 THEN 1 ELSE 0 END
  FROM (SELECT btrim(lower(regexp_replace(needle, '[^A-Za-z0-9]+', ' ', 'g'))) AS n) AS x
$$;
CREATE OR REPLACE FUNCTION obscura_resolution_at(resolution double precision, ref_freq double precision, freq double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE AS $$ SELECT resolution * ref_freq / NULLIF(freq, 0) $$;
CREATE OR REPLACE FUNCTION obscura_spoly(coords double precision[])
RETURNS spoly LANGUAGE sql IMMUTABLE AS $$
  SELECT CAST('{' || string_agg('(' || coords[2 * i - 1] || 'd,' || coords[2 * i] || 'd)', ',' ORDER BY i) || '}' AS spoly)
  FROM generate_series(1, array_length(coords, 1) / 2) AS i
$$;
CREATE OR REPLACE FUNCTION obscura_dali(p spoint)
RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT degrees(long(p)) || ' ' || degrees(lat(p)) $$;
CREATE OR REPLACE FUNCTION obscura_dali(c scircle)
RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT degrees(long(center(c))) || ' ' || degrees(lat(center(c))) || ' ' || degrees(radius(c)) $$;
`;
}
