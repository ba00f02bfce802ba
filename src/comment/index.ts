/** `groupctl comment`: postPlanComment keeps one sticky comment on the CI run's pull or merge request; verifyPlanComment checks a plan against it. */
export { CommentError, postPlanComment, verifyPlanComment, type PostOptions, type Posted, type Verified } from './post-comment.js';
