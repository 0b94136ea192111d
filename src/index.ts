import 'reflect-metadata';

export * from './errors';
export * from './uuid';
export * from './tenancy';
export * from './entities';
export * from './scopes';
export * from './migrations';
export * from './dialect';
export * from './audit';
