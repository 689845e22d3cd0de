import { AllowList, AllowListError } from "../../src/egress/allow-list.js";
import { parseIp } from "../../src/egress/ip-address.js";

function permits(allow: AllowList, address: string, port: number, host?: string): string | undefined {
  return allow.permits({ host, address: parseIp(address)!, port });
}

describe("AllowList blocks", () => {
  const allow = new AllowList(["10.20.0.0/16", "fd00:1::/64", "192.168.7.9"]);

  test("CIDR permits an address inside on any port", () => {
    expect(permits(allow, "10.20.3.4", 1)).toBe("10.20.0.0/16");
    expect(permits(allow, "10.20.3.4", 65_535)).toBe("10.20.0.0/16");
  });

  test("CIDR does not permit an address outside", () => {
    expect(permits(allow, "10.21.0.1", 80)).toBeUndefined();
  });

  test("IPv6 CIDR permits an address inside", () => {
    expect(permits(allow, "fd00:1::abcd", 443)).toBe("fd00:1::/64");
  });

  test("bare address permits only itself", () => {
    expect(permits(allow, "192.168.7.9", 8080)).toBe("192.168.7.9");
    expect(permits(allow, "192.168.7.10", 8080)).toBeUndefined();
  });

  test("IPv4 block permits the IPv4-mapped form", () => {
    expect(permits(allow, "::ffff:10.20.0.5", 80)).toBe("10.20.0.0/16");
  });
});

describe("AllowList endpoints", () => {
  const allow = new AllowList(["127.0.0.1:8080", "[::1]:9000", "CRM.Internal.:443"]);

  test("address and port permit that port only", () => {
    expect(permits(allow, "127.0.0.1", 8080)).toBe("127.0.0.1:8080");
    expect(permits(allow, "127.0.0.1", 8081)).toBeUndefined();
  });

  test("bracketed IPv6 endpoint", () => {
    expect(permits(allow, "::1", 9000)).toBe("[::1]:9000");
  });

  test("host name endpoint permits what the name resolved to", () => {
    expect(permits(allow, "10.9.0.4", 443, "crm.internal")).toBe("CRM.Internal.:443");
  });

  test("host name endpoint does not permit another name", () => {
    expect(permits(allow, "10.9.0.4", 443, "billing.internal")).toBeUndefined();
  });

  test("host name endpoint does not permit another port", () => {
    expect(permits(allow, "10.9.0.4", 444, "crm.internal")).toBeUndefined();
  });

  test("IPv4 endpoint permits its IPv4-mapped form", () => {
    expect(permits(allow, "::ffff:127.0.0.1", 8080)).toBe("127.0.0.1:8080");
  });
});

describe("AllowList parsing", () => {
  test.each([
    ["10.0.0.1/8", /bits set after the prefix; the block is 10\.0\.0\.0\/8/],
    ["10.0.0.0/33", /prefix length must be 0 to 32/],
    ["fd00::/129", /prefix length must be 0 to 128/],
    ["10.0.0.0/x", /prefix length/],
    ["crm.internal", /a host name needs a port/],
    ["crm.internal:0", /port must be 1 to 65535/],
    ["crm.internal:70000", /port must be 1 to 65535/],
    ["[zz::1]:80", /not an IPv6 address/],
    ["crm_internal:80", /not a host name/],
    ["300.1.1.1/8", /not an IP address/],
  ])("rejects %s", (entry, message) => {
    const attempt = (): AllowList => new AllowList([entry]);

    expect(attempt).toThrow(AllowListError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(`"${entry}"`);
  });

  test("error names the accepted forms", () => {
    expect(() => new AllowList(["crm"])).toThrow(/CIDR block .* host and port/);
  });
});
