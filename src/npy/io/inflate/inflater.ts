/**
 * fflate's streaming Inflate, behind a module of its own so that inflatesource.ts can load it at
 * the first inflation (require) while bundlers still keep only this part of fflate.
 */
export { Inflate } from 'fflate';
