import { DuplicateNodeTypeError, NodeRegistry, specRegistry } from "../src/index.js";
import { menuSpec, saySpec, startSpec, TEST_SPECS } from "./support/test-nodes.js";

function errorOf(action: () => unknown): DuplicateNodeTypeError {
  try {
    action();
  } catch (error) {
    return error as DuplicateNodeTypeError;
  }
  throw new Error("expected DuplicateNodeTypeError");
}

describe("NodeRegistry", () => {
  test("registering a type twice throws", () => {
    const registry = specRegistry([startSpec]);

    const error = errorOf(() => registry.register({ spec: startSpec }));

    expect(error).toBeInstanceOf(DuplicateNodeTypeError);
    expect(error.code).toBe("duplicate-node-type");
  });

  test("duplicate error names the type and the fix", () => {
    const registry = specRegistry([startSpec]);

    const error = errorOf(() => registry.register({ spec: { ...startSpec, version: 2 } }));

    expect(error.message).toContain('"test.start"');
    expect(error.message).toContain("another type name");
  });

  test("duplicate in the constructor list throws", () => {
    const error = errorOf(() => specRegistry([saySpec, menuSpec, saySpec]));

    expect(error.code).toBe("duplicate-node-type");
  });

  test("failed registration keeps the first entry", () => {
    const registry = specRegistry([startSpec]);

    errorOf(() => registry.register({ spec: { ...startSpec, version: 2 } }));

    expect(registry.get("test.start")?.spec.version).toBe(1);
  });

  test("finds registered types", () => {
    const registry = specRegistry([startSpec, menuSpec]);

    expect(registry.has("test.menu")).toBe(true);
    expect(registry.get("test.menu")?.spec).toBe(menuSpec);
  });

  test("unknown type is absent", () => {
    const registry = specRegistry([startSpec]);

    expect(registry.has("test.fax")).toBe(false);
    expect(registry.get("test.fax")).toBeUndefined();
  });

  test("object property names are not types", () => {
    const registry = specRegistry([startSpec]);

    expect(registry.has("constructor")).toBe(false);
  });

  test("lists entries in registration order", () => {
    const registry = specRegistry(TEST_SPECS);

    expect(registry.list().map((entry) => entry.spec.type)).toEqual(TEST_SPECS.map((spec) => spec.type));
  });

  test("register chains", () => {
    const registry = new NodeRegistry<{ spec: typeof startSpec }>();

    const returned = registry.register({ spec: startSpec });

    expect(returned).toBe(registry);
  });
});
