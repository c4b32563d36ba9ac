import { setTimeout as sleep } from "node:timers/promises";
import { GreenlightError } from "../../errors";
import { type Docker, inspectContainers, lastLogLines, statusOf } from "./cli";
import type { ServerState } from "./haproxy";

/** How long a container without any health signal must keep running to count as started. */
const MIN_UPTIME_MS = 1500;

export interface ReadinessProbe {
  docker: Docker;
  name: string;
  network: string;
  timeoutMs: number;
  /** The router's health check of this color: a direct probe of the container, then the router's view. */
  router?: {
    probe: (address: string) => Promise<number>;
    server: () => Promise<ServerState | undefined>;
  };
}

/**
 * Waits until a started container is ready: running, not restarting, healthy when the image has a
 * HEALTHCHECK, UP in the router at the container's address when the router checks it, and
 * otherwise running for a short while. Fails with the container's last log lines.
 */
export async function waitUntilReady(probe: ReadinessProbe): Promise<void> {
  const deadline = Date.now() + probe.timeoutMs;
  let waitingFor = "to run";
  for (;;) {
    const info = (await inspectContainers(probe.docker, [probe.name])).get(probe.name);
    if (!info) return fail(probe, "disappeared while starting");
    const state = info.State;
    if (!state.Running || state.Restarting || (info.RestartCount ?? 0) > 0) {
      return fail(probe, `is ${statusOf(info)}${state.Error ? `: ${state.Error}` : ""}`);
    }
    if (state.Health?.Status === "unhealthy") return fail(probe, "is unhealthy (its HEALTHCHECK fails)");
    if (state.Health) {
      waitingFor = "its HEALTHCHECK to pass";
      if (state.Health.Status === "healthy") return;
    } else if (probe.router) {
      const address = info.NetworkSettings.Networks?.[probe.network]?.IPAddress;
      const status = address ? await probe.router.probe(address) : 0;
      const server = status >= 200 && status < 300 ? await probe.router.server() : undefined;
      waitingFor = `its health check to pass (last status ${status || "no answer"}; router sees ${server?.address ?? "-"}, state ${server?.opState ?? "-"})`;
      if (address && server?.address === address && server.opState === 2) return;
    } else {
      waitingFor = `to keep running for ${MIN_UPTIME_MS} ms`;
      if (Date.now() - Date.parse(state.StartedAt) >= MIN_UPTIME_MS) return;
    }
    if (Date.now() >= deadline)
      return fail(probe, `was not ready after ${probe.timeoutMs} ms, waiting for ${waitingFor}`);
    await sleep(250);
  }
}

async function fail(probe: ReadinessProbe, why: string): Promise<never> {
  const logs = await lastLogLines(probe.docker, probe.name);
  throw new GreenlightError(`container ${probe.name} ${why}; its last log lines:\n${logs || "(no output)"}`, {
    hint: "the live color was not touched; fix the image or its environment and deploy again",
  });
}
