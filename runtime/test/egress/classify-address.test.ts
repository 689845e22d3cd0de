import fc from "fast-check";

import { classifyAddress } from "../../src/egress/classify-address.js";
import { formatIp, parseIp } from "../../src/egress/ip-address.js";

describe("classifyAddress IPv4", () => {
  test.each([
    ["0.0.0.0", "unspecified", "0.0.0.0/8"],
    ["0.1.2.3", "unspecified", "0.0.0.0/8"],
    ["10.0.0.1", "private", "10.0.0.0/8"],
    ["10.255.255.255", "private", "10.0.0.0/8"],
    ["100.64.0.1", "shared", "100.64.0.0/10"],
    ["100.127.255.254", "shared", "100.64.0.0/10"],
    ["100.100.100.200", "metadata", "100.100.100.200/32"],
    ["127.0.0.1", "loopback", "127.0.0.0/8"],
    ["127.255.0.9", "loopback", "127.0.0.0/8"],
    ["169.254.0.1", "link-local", "169.254.0.0/16"],
    ["169.254.169.254", "metadata", "169.254.169.254/32"],
    ["169.254.170.2", "metadata", "169.254.170.2/32"],
    ["172.16.0.1", "private", "172.16.0.0/12"],
    ["172.31.255.255", "private", "172.16.0.0/12"],
    ["192.168.1.1", "private", "192.168.0.0/16"],
    ["192.0.0.8", "reserved", "192.0.0.0/24"],
    ["192.0.2.10", "documentation", "192.0.2.0/24"],
    ["198.18.0.1", "reserved", "198.18.0.0/15"],
    ["198.51.100.7", "documentation", "198.51.100.0/24"],
    ["203.0.113.9", "documentation", "203.0.113.0/24"],
    ["224.0.0.251", "multicast", "224.0.0.0/4"],
    ["239.255.255.250", "multicast", "224.0.0.0/4"],
    ["240.0.0.1", "reserved", "240.0.0.0/4"],
    ["255.255.255.255", "broadcast", "255.255.255.255/32"],
  ])("%s is %s", (address, category, range) => {
    const found = classifyAddress(address);

    expect(found.category).toBe(category);
    expect(found.range).toBe(range);
  });

  test.each(["8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0", "169.253.255.255", "192.169.0.1", "11.0.0.1"])(
    "%s is public",
    (address) => {
      const found = classifyAddress(address);

      expect(found.category).toBe("public");
      expect(found.range).toBeUndefined();
    },
  );
});

describe("classifyAddress IPv6", () => {
  test.each([
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf:ffff::1", "link-local"],
    ["fc00::1", "unique-local"],
    ["fd12:3456:789a::1", "unique-local"],
    ["fd00:ec2::254", "metadata"],
    ["fec0::1", "private"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["3fff:0fff::1", "documentation"],
    ["2001:0:4136:e378::1", "reserved"],
    ["100::1", "reserved"],
    ["::7f00:1", "reserved"],
    ["64:ff9b:1::a00:1", "private"],
  ])("%s is %s", (address, category) => {
    expect(classifyAddress(address).category).toBe(category);
  });

  test.each(["2606:4700:4700::1111", "2001:4860:4860::8888", "2400:cb00::1"])("%s is public", (address) => {
    expect(classifyAddress(address).category).toBe("public");
  });

  test("fd00:ec2::254 reports the metadata block", () => {
    const found = classifyAddress("fd00:ec2::254");

    expect(found.range).toBe("fd00:ec2::254/128");
    expect(found.rangeName).toMatch(/metadata/);
  });
});

describe("classifyAddress embedded IPv4", () => {
  test.each([
    ["::ffff:127.0.0.1", "loopback", "127.0.0.1", /IPv4-mapped/],
    ["::ffff:7f00:1", "loopback", "127.0.0.1", /IPv4-mapped/],
    ["::ffff:169.254.169.254", "metadata", "169.254.169.254", /IPv4-mapped/],
    ["::ffff:10.1.2.3", "private", "10.1.2.3", /IPv4-mapped/],
    ["::ffff:0:192.168.0.1", "private", "192.168.0.1", /IPv4-translated/],
    ["64:ff9b::a9fe:a9fe", "metadata", "169.254.169.254", /NAT64/],
    ["64:ff9b::10.0.0.1", "private", "10.0.0.1", /NAT64/],
    ["2002:7f00:1::1", "loopback", "127.0.0.1", /6to4/],
    ["2002:c0a8:101::", "private", "192.168.1.1", /6to4/],
  ])("%s is %s through %s", (address, category, inner, form) => {
    const found = classifyAddress(address);

    expect(found.category).toBe(category);
    expect(found.embedded?.address).toBe(inner);
    expect(found.embedded?.form).toMatch(form);
  });

  test("NAT64 of a public address is public", () => {
    expect(classifyAddress("64:ff9b::808:808").category).toBe("public");
  });

  test("IPv4-mapped form classifies like its IPv4 address", () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        expect(classifyAddress(`::ffff:${v4}`).category).toBe(classifyAddress(v4).category);
      }),
    );
  });

  test("NAT64 form classifies like its IPv4 address", () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        expect(classifyAddress(`64:ff9b::${v4}`).category).toBe(classifyAddress(v4).category);
      }),
    );
  });
});

describe("classifyAddress input", () => {
  test.each(["localhost", "example.com", "10.0.0", "1.2.3.256", "0x7f.0.0.1", "::ffff::1", ""])("rejects %j", (text) => {
    expect(() => classifyAddress(text)).toThrow(TypeError);
  });

  test("reports the canonical IPv6 form", () => {
    expect(classifyAddress("FD00:0EC2:0000:0000:0000:0000:0000:0254").address).toBe("fd00:ec2::254");
  });
});

describe("parseIp and formatIp", () => {
  test("round-trip any IPv6 address", () => {
    fc.assert(
      fc.property(fc.ipV6(), (v6) => {
        const parsed = parseIp(v6)!;

        expect(parseIp(formatIp(parsed))).toEqual(parsed);
      }),
    );
  });

  test.each([
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8::0:1", "2001:db8::1"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["1:0:2:0:3:0:4:0", "1:0:2:0:3:0:4:0"],
  ])("formats %s as %s", (text, expected) => {
    expect(formatIp(parseIp(text)!)).toBe(expected);
  });
});
