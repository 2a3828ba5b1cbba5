export { generateDatabase } from '../../marketplace/bench/generate-database.mjs';
