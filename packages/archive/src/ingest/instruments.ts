// What ingestion knows about radio facilities, for the ObsCore radio extension (IVOA Endorsed Note
// ObsCoreExtensionForRadioData 1.0): antenna diameter and number. Sources: VLA Observational Status Summary
// (27 antennas of 25 m), ALMA Technical Handbook (12 m array: 50 antennas of 12 m), ASKAP (36 × 12 m),
// MeerKAT (64 × 13.5 m), ATCA (6 × 22 m), GMRT (30 × 45 m).
export interface RadioFacility {
  /** ObsCore facility_name. */
  name: string;
  dishDiameter: number;
  antennas: number;
}

const FACILITIES: Record<string, RadioFacility> = {
  VLA: { name: 'VLA', dishDiameter: 25, antennas: 27 },
  EVLA: { name: 'VLA', dishDiameter: 25, antennas: 27 },
  JVLA: { name: 'VLA', dishDiameter: 25, antennas: 27 },
  ALMA: { name: 'ALMA', dishDiameter: 12, antennas: 50 },
  ASKAP: { name: 'ASKAP', dishDiameter: 12, antennas: 36 },
  MEERKAT: { name: 'MeerKAT', dishDiameter: 13.5, antennas: 64 },
  ATCA: { name: 'ATCA', dishDiameter: 22, antennas: 6 },
  GMRT: { name: 'GMRT', dishDiameter: 45, antennas: 30 },
};

/** The facility behind a TELESCOP value, when it is a known radio array. */
export function radioFacility(telescop: string | undefined): RadioFacility | undefined {
  if (!telescop) return undefined;
  return FACILITIES[telescop.trim().toUpperCase().replace(/[\s-]/g, '')];
}

export const SPEED_OF_LIGHT = 299_792_458; // m/s, exact (SI)

/**
 * Primary-beam FWHM in degrees of a dish of diameter D at frequency ν: 1.02 λ/D for a uniformly illuminated
 * aperture with the usual taper (VLA OSS: 42′/ν[GHz] for 25 m, which this gives to 1 %).
 */
export function primaryBeamDeg(freqHz: number, dishDiameter: number): number {
  return ((1.02 * SPEED_OF_LIGHT) / freqHz / dishDiameter) * (180 / Math.PI);
}
