export * from './checks';
export * from './facts';
export * from './history';
export * from './labels';
export * from './evidence';
