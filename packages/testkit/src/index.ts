export { astropyPixelToWorld, astropyWorldToPixel } from './astropy-wcs.ts';
export { type BenchResult, bestSeconds, opsPerSecond } from './bench.ts';
export { corpusDir, corpusPath, readCorpusJsonl } from './corpus.ts';
export { freePort, type PostgresCluster, postgresAvailable, startPostgres } from './postgres.ts';
export { pythonHas, runAsync, runPython, runPythonAsync } from './python.ts';
export { seededRandom } from './random.ts';
export { withTempDir } from './temp.ts';
