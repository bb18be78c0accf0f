export * from './model';
export * from './workflow';
export * from './deadline';
