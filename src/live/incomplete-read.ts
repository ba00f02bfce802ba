/**
 * FACTS.md: never trust a read of fewer members than the group announces. A member list
 * read short (a server that pages by its own size, a list that ends early, members who
 * left between the two calls) would plan adds of people already in the group and miss
 * removals among those not read; so a short read is read again once, details and list
 * together, and a second short read is this error, for that group only.
 */

export class IncompleteReadError extends Error {
  override readonly name = 'IncompleteReadError';

  constructor(
    readonly id: string,
    /** Members read, owner included. */
    readonly read: number,
    /** Members the details call announced (`affiliations_count`), owner included. */
    readonly announced: number,
  ) {
    super(
      `the member list of group ${id} gave ${read} of the ${announced} members its details announce (affiliations_count), twice; ` +
        'a plan from part of the members would add people already in the group and miss removals, so nothing is planned for it',
    );
  }
}

/** Members a read found, owner included, each once. */
export function membersRead(owner: string, members: readonly string[]): number {
  const all = new Set(members);
  all.add(owner);
  return all.size;
}
