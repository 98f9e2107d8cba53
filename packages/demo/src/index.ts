export { GENERATOR_VERSION, type GenerateOptions, type GenerateSummary, generateDemo } from './generate.ts';
export { DEFAULT_SEED, DEMO_SIZES, type DemoSize, planDemo } from './plan.ts';
export { Random } from './random.ts';
export { fluxAt, M82, REFERENCE_FREQUENCY_HZ, type SkyComponent } from './sky-model.ts';
export { jName, vlassSubtileAt } from './vlass-tiling.ts';
