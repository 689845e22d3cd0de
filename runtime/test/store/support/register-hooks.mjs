// Preload for `node --import`: registers the TypeScript hooks of typescript-hooks.mjs.
import { register } from "node:module";

register("./typescript-hooks.mjs", import.meta.url);
