/** Writes a synthetic plugins.json of `entries` entries in the canonical layout; returns the number of bytes written. */
export declare function generateDatabase(file: string, entries: number): number;
