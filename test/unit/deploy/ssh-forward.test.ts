import { describe, expect, it } from "vitest";
import { remoteDockerHost } from "../../../src/deploy/docker/docker-host";
import { forwardArgs, sshDestination } from "../../../src/deploy/docker/ssh-forward";

describe("the ssh destination of a docker-host", () => {
  it.each([
    ["ssh://deploy@app.example.com", { host: "app.example.com", user: "deploy" }],
    ["ssh://root@127.0.0.1:2222", { host: "127.0.0.1", user: "root", port: "2222" }],
    ["ssh://app.example.com:22", { host: "app.example.com", port: "22" }],
    ["ssh://app", { host: "app" }],
    ["tcp://app.example.com:2376", undefined],
    ["unix:///var/run/docker.sock", undefined],
    ["ssh://deploy@app.example.com/path", undefined],
    ["", undefined],
  ])("%s -> %j", (dockerHost, destination) => {
    expect(sshDestination(dockerHost)).toEqual(destination);
  });

  it("splits tcp:// the same way (config.ts checks the parts)", () => {
    expect(remoteDockerHost("tcp://h:2376")).toEqual({ scheme: "tcp", host: "h", port: "2376" });
  });
});

describe("ssh's argv for the forward", () => {
  const own = [
    "-T",
    ...["-o", "ControlMaster=no", "-o", "ControlPath=none"],
    ...["-o", "ExitOnForwardFailure=yes", "-o", "StreamLocalBindUnlink=yes"],
    ...["-o", "BatchMode=yes", "-o", "ConnectTimeout=10"],
  ];
  it.each([
    [
      { host: "app.example.com", user: "deploy" },
      [...own, "-L", "/t/d.sock:/var/run/docker.sock", "-l", "deploy", "--", "app.example.com", "cat"],
    ],
    [
      { host: "127.0.0.1", user: "root", port: "2222" },
      [...own, "-L", "/t/d.sock:/var/run/docker.sock", "-l", "root", "-p", "2222", "--", "127.0.0.1", "cat"],
    ],
    [{ host: "app" }, [...own, "-L", "/t/d.sock:/var/run/docker.sock", "--", "app", "cat"]],
  ])("%j", (destination, argv) => {
    expect(forwardArgs(destination, "/t/d.sock")).toEqual(argv);
  });
});
