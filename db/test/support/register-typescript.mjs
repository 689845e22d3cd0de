// Preload for `node --import`: registers the TypeScript hooks of typescript-loader.mjs.
import { register } from "node:module";

register("./typescript-loader.mjs", import.meta.url);
