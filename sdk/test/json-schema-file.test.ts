import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { flowDocumentJsonSchema } from "../src/document.js";

// The published JSON Schema file must match the zod schema it is generated from.
// Regenerate it with: UPDATE_SCHEMA=1 npx jest sdk/test/json-schema-file.test.ts
const schemaFile = join(__dirname, "..", "flow-document.schema.json");

describe("flow-document.schema.json", () => {
  it("matches the zod document schema", () => {
    const generated = JSON.stringify(flowDocumentJsonSchema(), null, 2) + "\n";

    if (process.env.UPDATE_SCHEMA === "1") writeFileSync(schemaFile, generated);
    const stored = readFileSync(schemaFile, "utf8");

    expect(stored).toBe(generated);
  });
});
