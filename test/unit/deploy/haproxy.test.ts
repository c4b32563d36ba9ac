import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  fallbackCommand,
  mapFile,
  parseMapFile,
  parseServersState,
  parseShowMap,
  routerConfig,
  setMapCommand,
} from "../../../src/deploy/docker/haproxy";

const config = routerConfig({
  servers: { blue: "app-prod-blue", green: "app-prod-green" },
  containerPort: 3000,
  healthPath: "/healthz",
});

describe("routerConfig", () => {
  it.each([
    "  stats socket ipv4@127.0.0.1:9999 level admin",
    "  nameserver docker 127.0.0.11:53",
    "  use_backend %[str(live),map(/usr/local/etc/haproxy/colors.map,none)]",
    "  use_backend %[str(preview),map(/usr/local/etc/haproxy/colors.map,none)]",
    "  server blue app-prod-blue:3000 resolvers docker init-addr last,libc,none check inter 1s fall 2 rise 1 observe layer4 error-limit 1 on-error mark-down",
    "  server green app-prod-green:3000 resolvers docker init-addr last,libc,none check inter 1s fall 2 rise 1 observe layer4 error-limit 1 on-error mark-down",
    "  option httpchk GET /healthz",
    // the other color as a backup server, in maintenance until a forward switch enables it
    "  server fallback app-prod-green:3000 resolvers docker init-addr last,libc,none check inter 1s fall 2 rise 1 observe layer4 error-limit 1 on-error mark-down backup disabled",
    "  server fallback app-prod-blue:3000 resolvers docker init-addr last,libc,none check inter 1s fall 2 rise 1 observe layer4 error-limit 1 on-error mark-down backup disabled",
  ])("has %s", (line) => {
    expect(config.split("\n")).toContain(line);
  });

  it("has no health check without a health path", () => {
    const plain = routerConfig({ servers: { blue: "b", green: "g" }, containerPort: 8080 });
    expect(plain).not.toMatch(/httpchk| check |fallback/);
  });

  it("is accepted by haproxy -c when haproxy is installed", () => {
    let haproxy = "";
    try {
      haproxy = execFileSync("sh", ["-c", "command -v haproxy"], { encoding: "utf8" }).trim();
    } catch {
      return; // the check needs the binary; the router integration tests run the real thing
    }
    const dir = mkdtempSync(join(tmpdir(), "gl-haproxy-"));
    const local = config.replaceAll("/usr/local/etc/haproxy", dir).replace("127.0.0.11:53", "127.0.0.1:53");
    writeFileSync(join(dir, "haproxy.cfg"), local);
    writeFileSync(join(dir, "colors.map"), mapFile({ live: "none", preview: "none" }));
    expect(execFileSync(haproxy, ["-c", "-f", join(dir, "haproxy.cfg")], { encoding: "utf8" })).toMatch(
      /valid/,
    );
  });
});

describe("runtime API text", () => {
  it.each([
    ["green", true, "enable server green/fallback\n"],
    ["blue", false, "disable server blue/fallback\n"],
  ] as const)("fallback of %s %s", (color, on, text) => {
    expect(fallbackCommand(color, on)).toBe(text);
  });

  it.each([
    [
      { live: "green", preview: "blue" } as const,
      "set map /usr/local/etc/haproxy/colors.map live green; set map /usr/local/etc/haproxy/colors.map preview blue\n",
    ],
    [{ preview: "green" } as const, "set map /usr/local/etc/haproxy/colors.map preview green\n"],
  ])("setMapCommand(%j)", (routes, expected) => {
    expect(setMapCommand(routes)).toBe(expected);
  });

  it.each([
    ["0x55d0c1 live blue\n0x55d0c2 preview green\n\n", { live: "blue", preview: "green" }],
    ["0x1 live none\n0x2 preview none\n", { live: "none", preview: "none" }],
    ["Unknown map identifier\n", {}],
  ])("parseShowMap(%j)", (output, expected) => {
    expect(parseShowMap(output)).toEqual(expected);
  });

  it("reads back the map file it writes", () => {
    expect(parseMapFile(mapFile({ live: "green", preview: "blue" }))).toEqual({
      live: "green",
      preview: "blue",
    });
  });

  it("parses show servers state as HAProxy 2.6 prints it", () => {
    const output = [
      "1",
      "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight",
      "4 blue 1 blue 172.18.0.3 2 0 1 1 12 6 3 4 6 0 0 0 app-prod-blue 3000 - 0 0 - - 0",
      "5 green 1 green - 0 5 1 1 12 1 0 0 14 0 0 0 app-prod-green 3000 - 0 0 - - 0",
      // the fallback (backup) servers are the other color's container: not what a color's state is read from
      "4 blue 2 fallback - 0 1 1 1 12 1 0 0 14 0 0 0 app-prod-green 3000 - 0 0 - - 0",
      "5 green 2 fallback 172.18.0.3 2 1 1 1 12 6 3 4 6 0 0 0 app-prod-blue 3000 - 0 0 - - 0",
    ].join("\n");
    expect(parseServersState(output)).toEqual({
      blue: { address: "172.18.0.3", opState: 2 },
      green: { address: "-", opState: 0 },
    });
  });
});
