// Test support: the same conversions done by astropy (wcslib) through Debian's /usr/bin/python3, for agreement
// tests in any package. Pixels are 0-based (astropy origin=0) and the celestial sub-WCS is used
// (`WCS(header).celestial`), world values in degrees; NaN where astropy gives NaN.
import { runPython } from './python.ts';

const SCRIPT = String.raw`
import json, sys, warnings
warnings.simplefilter('ignore')
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
req = json.load(sys.stdin)
text = req['header']
header = fits.Header.fromstring(text, sep='\n') if '\n' in text else fits.Header.fromstring(text)
w = WCS(header).celestial
a = np.array(req['a'], dtype=float)
b = np.array(req['b'], dtype=float)
if req['mode'] == 'pix2world':
    r = w.all_pix2world(np.column_stack([a, b]), 0)
else:
    r = w.wcs_world2pix(np.column_stack([a, b]), 0)
clean = lambda v: [None if not np.isfinite(x) else float(x) for x in v]
json.dump({'a': clean(r[:, 0]), 'b': clean(r[:, 1])}, sys.stdout)
`;

function call(
  mode: string,
  headerText: string,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): [Float64Array, Float64Array] {
  const input = JSON.stringify({ mode, header: headerText, a: Array.from(a), b: Array.from(b) });
  const out = JSON.parse(runPython(SCRIPT, [], input)) as { a: (number | null)[]; b: (number | null)[] };
  const conv = (v: (number | null)[]) => Float64Array.from(v, (x) => (x === null ? Number.NaN : x));
  return [conv(out.a), conv(out.b)];
}

/** astropy `WCS(header).celestial.all_pix2world(xy, 0)`: 0-based pixels → (lon, lat) degrees. */
export function astropyPixelToWorld(
  headerText: string,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
): { lon: Float64Array; lat: Float64Array } {
  const [lon, lat] = call('pix2world', headerText, xs, ys);
  return { lon, lat };
}

/** astropy `WCS(header).celestial.wcs_world2pix(world, 0)`: (lon, lat) degrees → 0-based pixels. */
export function astropyWorldToPixel(
  headerText: string,
  lons: ArrayLike<number>,
  lats: ArrayLike<number>,
): { x: Float64Array; y: Float64Array } {
  const [x, y] = call('world2pix', headerText, lons, lats);
  return { x, y };
}
