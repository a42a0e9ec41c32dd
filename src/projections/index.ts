export type { Projection, ReadDatabase } from './projection';
export { openReadDatabase } from './read-database';
export { CheckpointStore, type StoredCheckpoint } from './checkpoint-store';
export { ProjectionApplyError } from './projection-apply-error';
export {
  ProjectionEngine,
  type BatchListener,
  type ProjectionEngineLogger,
  type ProjectionEngineOptions,
  type ProjectionEngineStatus,
} from './projection-engine';
