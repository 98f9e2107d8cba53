// The linear step of FITS-WCS, Greisen & Calabretta 2002 (Paper I) §2.1.2 eqs. 1–3:
// x_i = s_i Σ_j m_ij (p_j − r_j) with PCi_ja and CDELTia, or x_i = Σ_j CDi_ja (p_j − r_j); kept as one matrix
// M = diag(s)·PC (or CD) and its inverse.

/** Row-major n×n matrix inverse by Gauss–Jordan elimination with partial pivoting; undefined when singular. */
export function invertMatrix(m: ArrayLike<number>, n: number): Float64Array | undefined {
  const a = Float64Array.from(m as ArrayLike<number>);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[piv * n + col])) piv = r;
    const p = a[piv * n + col];
    if (p === 0 || !Number.isFinite(p)) return undefined;
    if (piv !== col) {
      for (let k = 0; k < n; k++) {
        [a[col * n + k], a[piv * n + k]] = [a[piv * n + k], a[col * n + k]];
        [inv[col * n + k], inv[piv * n + k]] = [inv[piv * n + k], inv[col * n + k]];
      }
    }
    for (let k = 0; k < n; k++) {
      a[col * n + k] /= p;
      inv[col * n + k] /= p;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r * n + col];
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        a[r * n + k] -= f * a[col * n + k];
        inv[r * n + k] -= f * inv[col * n + k];
      }
    }
  }
  return inv;
}

/**
 * The legacy CROTA2 rotation (AIPS convention, Paper II §6.1): CD1_1 = CDELT1 cos ρ, CD1_2 = −CDELT2 sin ρ,
 * CD2_1 = CDELT1 sin ρ, CD2_2 = CDELT2 cos ρ, for longitude axis `lon` and latitude axis `lat`.
 */
export function crotaMatrix(
  n: number,
  cdelt: ArrayLike<number>,
  rhoDeg: number,
  lon: number,
  lat: number,
): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = cdelt[i];
  const c = Math.cos((rhoDeg * Math.PI) / 180);
  const s = Math.sin((rhoDeg * Math.PI) / 180);
  m[lon * n + lon] = cdelt[lon] * c;
  m[lon * n + lat] = -cdelt[lat] * s;
  m[lat * n + lon] = cdelt[lon] * s;
  m[lat * n + lat] = cdelt[lat] * c;
  return m;
}
