// The synthetic plugins.json generator lives in the marketplace package (one for every bench).
export { generateDatabase } from '../../marketplace/bench/generate-database.mjs';
