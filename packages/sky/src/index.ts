export * from './healpix/index.ts';
