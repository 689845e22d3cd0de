// Preload for `node --import`: registers the repository's TypeScript hooks, which the db tests'
// child processes share.
import { register } from "node:module";

register("../../../../db/test/support/typescript-loader.mjs", import.meta.url);
