import { DestinationLookupError, EgressBlockedError } from "../../src/egress/egress-error.js";
import { EgressGuard } from "../../src/egress/egress-guard.js";
import { fakeLookup } from "./fake-lookup.js";

// Every address here is only classified: the fake resolver returns it and no test opens a connection.
const names = {
  "api.example.com": ["93.184.215.14"],
  "dual.example.com": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
  "mixed.example.com": ["93.184.215.14", "10.0.0.8"],
  "metadata.example.com": ["169.254.169.254"],
  "mapped.example.com": ["::ffff:169.254.169.254"],
  "crm.internal": ["10.9.0.4"],
  localhost: ["127.0.0.1", "::1"],
};

function blocked(attempt: () => unknown): EgressBlockedError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof EgressBlockedError) return error;
    throw error;
  }
  throw new Error("expected the guard to block the destination");
}

async function blockedBy(attempt: Promise<unknown>): Promise<EgressBlockedError> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );

  if (error instanceof EgressBlockedError) return error;
  throw error ?? new Error("expected the guard to block the destination");
}

describe("EgressGuard.check", () => {
  const guard = new EgressGuard();

  test("public address passes", () => {
    expect(guard.check("93.184.215.14", "93.184.215.14", 443)).toEqual({ host: "93.184.215.14", port: 443, address: "93.184.215.14", family: 4 });
  });

  test.each([
    ["127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.20.0.1", "private"],
    ["192.168.0.10", "private"],
    ["100.64.1.1", "shared"],
    ["169.254.10.10", "link-local"],
    ["169.254.169.254", "metadata"],
    ["0.0.0.0", "unspecified"],
    ["::1", "loopback"],
    ["fe80::1", "link-local"],
    ["fd12::1", "unique-local"],
    ["fd00:ec2::254", "metadata"],
    ["::ffff:127.0.0.1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "metadata"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["192.0.2.1", "documentation"],
  ])("blocks %s as %s", (address, category) => {
    const error = blocked(() => guard.check(address, address, 80));

    expect(error.code).toBe("egress-blocked");
    expect(error.address.category).toBe(category);
  });

  test("block message names destination, reason and fix", () => {
    const error = blocked(() => guard.check("crm.internal", "10.9.0.4", 8443));

    expect(error.message).toContain("connection to crm.internal:8443 (10.9.0.4) blocked");
    expect(error.message).toContain("a private address in 10.0.0.0/8");
    expect(error.message).toContain('adding "10.9.0.4:8443" or "crm.internal:8443" or "10.0.0.0/8" to the egress allow-list');
  });

  test("block message explains an embedded address", () => {
    const error = blocked(() => guard.check("::ffff:a9fe:a9fe", "::ffff:a9fe:a9fe", 80));

    expect(error.message).toContain("::ffff:a9fe:a9fe (IPv4-mapped IPv6 address of 169.254.169.254) is a cloud metadata address");
  });

  test("IPv6 destination is bracketed in the message", () => {
    const error = blocked(() => guard.check("::1", "::1", 9000));

    expect(error.message).toContain('"[::1]:9000"');
  });

  test("allow-listed endpoint passes and names its entry", () => {
    const allowed = new EgressGuard({ allow: ["127.0.0.1:8080"] });

    expect(allowed.check("127.0.0.1", "127.0.0.1", 8080).permittedBy).toBe("127.0.0.1:8080");
  });

  test("allow-listed endpoint does not open other ports", () => {
    const allowed = new EgressGuard({ allow: ["127.0.0.1:8080"] });

    expect(blocked(() => allowed.check("127.0.0.1", "127.0.0.1", 22)).port).toBe(22);
  });

  test("link-local block does not permit metadata", () => {
    const allowed = new EgressGuard({ allow: ["169.254.0.0/16", "::ffff:0:0/96"] });

    expect(allowed.check("169.254.10.10", "169.254.10.10", 80).permittedBy).toBe("169.254.0.0/16");
    expect(blocked(() => allowed.check("169.254.169.254", "169.254.169.254", 80)).address.category).toBe("metadata");
  });

  test("exact entry permits metadata", () => {
    const allowed = new EgressGuard({ allow: ["169.254.169.254/32", "[fd00:ec2::254]:80"] });

    expect(allowed.check("169.254.169.254", "169.254.169.254", 80).permittedBy).toBe("169.254.169.254/32");
    expect(allowed.check("fd00:ec2::254", "fd00:ec2::254", 80).permittedBy).toBe("[fd00:ec2::254]:80");
  });
});

describe("EgressGuard.resolve", () => {
  test("resolves a name once and returns the checked address", async () => {
    const resolver = fakeLookup(names);
    const guard = new EgressGuard({ lookup: resolver.lookup });

    const destination = await guard.resolve("API.Example.com.", 443);

    expect(destination).toEqual({ host: "api.example.com", port: 443, address: "93.184.215.14", family: 4 });
    expect(resolver.calls).toEqual(["api.example.com"]);
  });

  test("IP address is not looked up", async () => {
    const resolver = fakeLookup(names);
    const guard = new EgressGuard({ lookup: resolver.lookup, allow: ["127.0.0.1:5000"] });

    const destination = await guard.resolve("127.0.0.1", 5000);

    expect(destination.address).toBe("127.0.0.1");
    expect(resolver.calls).toEqual([]);
  });

  test("bracketed IPv6 host is not looked up", async () => {
    const resolver = fakeLookup(names);
    const guard = new EgressGuard({ lookup: resolver.lookup });

    const error = await blockedBy(guard.resolve("[::1]", 80));

    expect(error.address.category).toBe("loopback");
    expect(resolver.calls).toEqual([]);
  });

  test("name resolving to metadata is blocked", async () => {
    const guard = new EgressGuard({ lookup: fakeLookup(names).lookup });

    const error = await blockedBy(guard.resolve("metadata.example.com", 80));

    expect(error.host).toBe("metadata.example.com");
    expect(error.address.category).toBe("metadata");
    expect(error.message).toContain("metadata.example.com:80 (169.254.169.254)");
  });

  test("name resolving to a mapped metadata address is blocked", async () => {
    const guard = new EgressGuard({ lookup: fakeLookup(names).lookup });

    const error = await blockedBy(guard.resolve("mapped.example.com", 80));

    expect(error.address.category).toBe("metadata");
  });

  test("localhost is blocked", async () => {
    const guard = new EgressGuard({ lookup: fakeLookup(names).lookup });

    const error = await blockedBy(guard.resolve("localhost", 8080));

    expect(error.address.category).toBe("loopback");
  });

  test("one private address among public ones blocks the name", async () => {
    const guard = new EgressGuard({ lookup: fakeLookup(names).lookup });

    const error = await blockedBy(guard.resolve("mixed.example.com", 443));

    expect(error.address.address).toBe("10.0.0.8");
  });

  test("every address of a public name is checked", async () => {
    const guard = new EgressGuard({ lookup: fakeLookup(names).lookup });

    const destination = await guard.resolve("dual.example.com", 443);

    expect(destination.address).toBe("93.184.215.14");
  });

  test("host name entry permits what the name resolves to", async () => {
    const guard = new EgressGuard({ lookup: fakeLookup(names).lookup, allow: ["crm.internal:443"] });

    const destination = await guard.resolve("crm.internal", 443);

    expect(destination).toMatchObject({ address: "10.9.0.4", permittedBy: "crm.internal:443" });
  });

  test("unknown name fails the lookup", async () => {
    const guard = new EgressGuard({ lookup: fakeLookup(names).lookup });

    const attempt = guard.resolve("nowhere.example.com", 80);

    await expect(attempt).rejects.toThrow(DestinationLookupError);
    await expect(attempt).rejects.toThrow('could not resolve host "nowhere.example.com" (ENOTFOUND)');
  });

  test("empty answer fails the lookup", async () => {
    const guard = new EgressGuard({ lookup: fakeLookup({ "empty.example.com": [] }).lookup });

    await expect(guard.resolve("empty.example.com", 80)).rejects.toThrow(DestinationLookupError);
  });

  test("aborted signal stops the wait for the resolver", async () => {
    const guard = new EgressGuard({ lookup: () => new Promise(() => undefined) });
    const controller = new AbortController();
    const attempt = guard.resolve("slow.example.com", 80, controller.signal);

    controller.abort(new Error("caller hung up"));

    await expect(attempt).rejects.toThrow("caller hung up");
  });

  test.each([0, 65_536, 1.5])("rejects port %d", async (port) => {
    const guard = new EgressGuard({ lookup: fakeLookup(names).lookup });

    await expect(guard.resolve("api.example.com", port)).rejects.toThrow(RangeError);
  });

  test("invalid allow-list entry fails construction", () => {
    expect(() => new EgressGuard({ allow: ["10.0.0.1/8"] })).toThrow(/egress allow-list entry "10.0.0.1\/8" is invalid/);
  });
});
