export { uuidv7 } from './uuidv7';
export { UuidV7Source, type UuidV7SourceOptions } from './uuid-v7-source';
export { isUuidV7, isUuid } from './is-uuid-v7';
export { uuidV7Date } from './uuid-v7-date';
export { IsUuidV7 } from './is-uuid-v7.decorator';
