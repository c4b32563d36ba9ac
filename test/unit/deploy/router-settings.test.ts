import { describe, expect, it } from "vitest";
import type { ContainerInfo } from "../../../src/deploy/docker/cli";
import {
  type RouterSettings,
  runningSettings,
  settingChanges,
  settingLabels,
  settingsChangedError,
} from "../../../src/deploy/docker/router-settings";

const requested: RouterSettings = {
  "live-port": "9090",
  "preview-port": "9091",
  "container-port": "8080",
  "router-image": "haproxy:3.2",
  "publish-address": "0.0.0.0",
  "preview-address": "127.0.0.1",
};

function router(
  labels: Record<string, string>,
  ports?: [string, string],
  image = "haproxy:3.2",
): ContainerInfo {
  return {
    Id: "id",
    Name: "/r",
    State: { Status: "running", Running: true, Restarting: false, ExitCode: 0, StartedAt: "" },
    Config: { Image: image, Labels: labels },
    NetworkSettings: { Networks: null },
    ...(ports
      ? {
          HostConfig: {
            PortBindings: {
              "8080/tcp": [{ HostIp: "", HostPort: ports[0] }],
              "8081/tcp": [{ HostIp: "", HostPort: ports[1] }],
            },
          },
        }
      : {}),
  };
}

describe("router settings", () => {
  it("reads what the router recorded on its labels", () => {
    expect(runningSettings(router(settingLabels(requested), ["1", "2"]))).toEqual(requested);
  });

  it("reads a router from before the labels from its published ports and image", () => {
    expect(runningSettings(router({}, ["8080", "8081"], "greenlight-router:local"))).toEqual({
      "live-port": "8080",
      "preview-port": "8081",
      "router-image": "greenlight-router:local",
      "publish-address": "0.0.0.0",
    });
  });

  it.each([
    [{}, []],
    [{ "live-port": "8080" }, [{ setting: "live-port", running: "8080", requested: "9090" }]],
    [
      { "container-port": "3000", "router-image": "haproxy:3.0" },
      [
        { setting: "container-port", running: "3000", requested: "8080" },
        { setting: "router-image", running: "haproxy:3.0", requested: "haproxy:3.2" },
      ],
    ],
  ])("changes from %j: %j", (differ, changes) => {
    expect(settingChanges({ ...requested, ...differ }, requested)).toEqual(changes);
  });

  it("ignores settings a router from before the labels cannot tell", () => {
    expect(settingChanges({ "live-port": "9090" }, requested)).toEqual([]);
  });

  it("refuses naming the setting, the running and the requested value, and how to apply it", () => {
    const error = settingsChangedError("shop/prod", "shop--prod--router", [
      { setting: "live-port", running: "8080", requested: "9090" },
    ]);
    expect(error.message).toBe(
      "shop/prod runs with live-port 8080 (this run asks for 9090): greenlight does not change a running environment's router, since its clients would be cut off",
    );
    expect(error.hint).toContain("keep live-port: 8080");
    expect(error.hint).toContain("docker rm -f shop--prod--router");
    expect(error.hint).toContain('"Changing ports or the router image"');
  });
});

describe("preview-address", () => {
  it("a router made before it was recorded is not refused for its preview's address", () => {
    const old = runningSettings(router({}, ["9090", "9091"]));
    expect(old["preview-address"]).toBeUndefined();
    expect(settingChanges(old, requested)).toEqual([]);
  });

  it("an unset preview address asks for nothing: whatever the router runs with is kept", () => {
    const running = runningSettings(router(settingLabels({ ...requested, "preview-address": "0.0.0.0" })));
    expect(settingChanges(running, { ...requested, "preview-address": "" })).toEqual([]);
  });

  it("a router that records another preview address is refused, naming it", () => {
    const running = runningSettings(router(settingLabels({ ...requested, "preview-address": "0.0.0.0" })));
    expect(settingChanges(running, requested)).toEqual([
      { setting: "preview-address", running: "0.0.0.0", requested: "127.0.0.1" },
    ]);
  });
});
