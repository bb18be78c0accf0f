export * from './model';
export * from './workflow';
export * from './deadline';
export * from './reminders';
export * from './dashboard';
