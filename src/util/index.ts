/** Small helpers with no domain in them: compareText (stable order), plural, append (large pushes), did-you-mean suggestions, the Rerun type of pasteable hints. */
export { append } from './append.js';
export { compareText } from './compare-text.js';
export { closest, editDistance, suggest } from './did-you-mean.js';
export { plural } from './plural.js';
export { bareRerun, type Rerun } from './rerun.js';
