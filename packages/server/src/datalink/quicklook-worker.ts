// Worker thread entry of quicklook.ts: renders the quick looks of one file into the cache, then says so.
import { parentPort, workerData } from 'node:worker_threads';
import { renderQuicklooks, type SourceFile } from './quicklook.ts';

const { dataDir, file } = workerData as { dataDir: string; file: SourceFile };
renderQuicklooks(dataDir, file).then(
  () => parentPort?.postMessage({}),
  (e: Error) => parentPort?.postMessage({ error: e.message }),
);
