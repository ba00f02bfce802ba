/** The live reader: the groups a plan needs, read once and normalised. */
export { readLive, type ReadLiveOptions } from './read-live.js';
export { LiveReadError, type LiveReadFailure } from './live-read-error.js';
export { IncompleteReadError } from './incomplete-read.js';
export { findCandidates, searchAhead, type CandidateSearch, type WantedGroup } from './find-candidates.js';
export { findMissingUsers } from './check-users.js';
export { countAppGroups, countUserGroups } from './count-groups.js';
