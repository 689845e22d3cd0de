// Runs the database store benchmark alone and prints its JSON and Markdown:
//
//   npm run build && node --no-node-snapshot runtime/bench/store/main.mjs
//
// DATABASE_URL selects a server instead of a new embedded one; its user must own the schema.
import { runStoreBenchmark } from "./store-benchmark.mjs";

const { json, markdown } = await runStoreBenchmark();

console.log(JSON.stringify(json, null, 2));
console.log(markdown);
