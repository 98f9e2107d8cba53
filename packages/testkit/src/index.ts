export { type BenchResult, bestSeconds, opsPerSecond } from './bench.ts';
export { corpusDir, corpusPath, readCorpusJsonl } from './corpus.ts';
export { pythonHas, runPython } from './python.ts';
export { withTempDir } from './temp.ts';
