/** Version of @callflow/runtime; a test keeps it equal to the one in runtime/package.json. */
export const RUNTIME_VERSION = "0.1.0";
