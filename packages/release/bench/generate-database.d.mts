/** Writes a synthetic plugins.json of `entries` entries in the canonical layout; returns the count written. */
export declare function generateDatabase(file: string, entries: number): number;
