// Runs the matcher measurement in a fresh process and prints its result as one JSON line.
import { measureMatcher } from "./matcher.mjs";

process.stdout.write(`${JSON.stringify(await measureMatcher(JSON.parse(process.argv[2] ?? "{}")))}\n`);
