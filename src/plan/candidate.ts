/** A row of the app's group list, as the planner matches creates against it (live/find-candidates.ts reads them). */
export interface Candidate {
  id: string;
  /** Bare user id. */
  owner: string;
  name: string;
}
