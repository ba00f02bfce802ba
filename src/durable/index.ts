/** Durable files: atomic replace (writeFileAtomic[Sync]), its temporaries' naming and cleanup, reading line journals with a torn tail. */
export { type FileContent, syncFolder, writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
export { type LinesRead, readLinesSync } from './read-lines.js';
export { isAlive, removeDeadTemporaries } from './temporaries.js';
