import { parseCliOptions } from "../../../src/ari/test-server/cli-options.js";

describe("ARI test server command line", () => {
  test("defaults", () => {
    expect(parseCliOptions([])).toEqual({
      port: 8088,
      users: [{ username: "asterisk", password: "asterisk" }],
      app: "callflow",
      calls: 0,
      intervalMs: 1000,
      hangupAfterMs: 0,
      extension: "s",
      scale: 1,
    });
  });

  test("repeated users and numbers", () => {
    const options = parseCliOptions(["--port", "0", "--user", "a:x:y", "--user", "b:z", "--calls", "5", "--scale", "0.1"]);

    expect(options).toMatchObject({ port: 0, calls: 5, scale: 0.1, users: [{ username: "a", password: "x:y" }, { username: "b", password: "z" }] });
  });

  test.each([
    [["--port=-1"], '--port must be a whole number of 0 or more, got "-1"'],
    [["--user", "nopassword"], '--user must be NAME:PASSWORD, got "nopassword"'],
    [["--scale", "0"], '--scale must be a number above 0, got "0"'],
  ])("%j is rejected", (argv, message) => {
    expect(() => parseCliOptions(argv)).toThrow(message);
  });

  test("help", () => {
    expect(parseCliOptions(["--help"])).toBe("help");
  });
});
