/**
 * Helpers for rules that run on every one of thousands of records (validate-database's
 * 10,000 entries) and almost always find nothing: a rule returns `none()` (one shared,
 * frozen empty list, so a caller that pushes onto it fails loudly) instead of a fresh
 * array, and results are appended without spreading.
 */
const NONE: readonly never[] = Object.freeze([]);

/** The shared, frozen empty result. Typed mutable for the rules' signatures; never push onto it. */
export function none<T>(): T[] {
  return NONE as unknown as T[];
}

/** Appends every item of `found` to `into`. */
export function appendAll<T>(into: T[], found: readonly T[]): void {
  for (let i = 0; i < found.length; i++) into.push(found[i] as T);
}
