// Everything a greenlight command could change, read from outside greenlight's engine where we can:
// the registry (every tag of a repository with its digest, the referrers of every tagged image, the
// ledger head) and the target (one environment's containers with id, state and labels, the router's
// map file and runtime map, the lock). Two snapshots that differ say what a command changed.
import { MAP_PATH, RUNTIME_PORT } from "../../src/deploy/docker/haproxy";
import { environmentNames } from "../../src/deploy/docker/names";
import { exec } from "../../src/exec";
import { listReferrers } from "../../src/registry/referrers";
import { type Stack, stackClient } from "./stack";

export interface Watched {
  stack: Stack;
  /** The image repository (its tags, referrers and ledger). */
  repo: string;
  app: string;
  environment: string;
}

export async function snapshot(w: Watched): Promise<Record<string, unknown>> {
  const client = stackClient(w.stack);
  const tags: Record<string, string> = {};
  for (const tag of (await client.listTags(w.repo)).sort()) {
    tags[tag] = (await client.manifestDescriptor(w.repo, tag))?.digest ?? "gone";
  }
  const referrers: Record<string, string[]> = {};
  for (const digest of new Set(Object.values(tags))) {
    if (digest === "gone") continue;
    const listed = await listReferrers(client, w.repo, digest);
    referrers[digest] = listed.referrers.map((d) => d.digest).sort();
  }
  const names = environmentNames(w.app, w.environment);
  // by label (what greenlight marks as the environment's) and by name (what it would reuse)
  const listed = await exec("docker", [
    ...["ps", "-a", "--filter", `label=dev.greenlight.app=${w.app}`],
    ...["--filter", `label=dev.greenlight.env=${w.environment}`, "--format", "{{.Names}}"],
  ]);
  const byName = await exec("docker", [
    ...["ps", "-a", "--filter", `name=^${w.app}--${w.environment}--`, "--format", "{{.Names}}"],
  ]);
  const containers: Record<string, unknown> = {};
  for (const name of [...new Set(`${listed.stdout}\n${byName.stdout}`.split("\n").filter(Boolean))].sort()) {
    const inspected = await exec("docker", ["container", "inspect", name]);
    const [c] = JSON.parse(inspected.stdout) as {
      Id: string;
      Image: string;
      RestartCount: number;
      State: { Status: string; StartedAt: string; FinishedAt: string };
      Config: { Labels: Record<string, string>; Image: string };
    }[];
    containers[name] = c && {
      id: c.Id,
      image: c.Config.Image,
      imageId: c.Image,
      state: c.State.Status,
      startedAt: c.State.StartedAt,
      finishedAt: c.State.FinishedAt,
      restarts: c.RestartCount,
      labels: c.Config.Labels,
    };
  }
  // the map file as a tar entry: its bytes and its mtime (a rewrite with the same content shows too)
  const mapFile = await exec("docker", ["cp", `${names.router}:${MAP_PATH}`, "-"], { allowFailure: true });
  const runtime = await exec(
    "docker",
    ["exec", "-i", names.router, "nc", "127.0.0.1", String(RUNTIME_PORT)],
    {
      input: `show map ${MAP_PATH}\n`,
      allowFailure: true,
    },
  );
  return {
    "registry tags": tags,
    "registry referrers": referrers,
    "ledger head": tags[`greenlight.ledger.${w.environment}`] ?? "none",
    "target containers": containers,
    "router map file": mapFile.stdout,
    "router runtime map": runtime.stdout.replace(/^0x[0-9a-f]+ /gm, ""),
    lock: containers[names.lock] ?? "free",
  };
}

/** Which parts of two snapshots differ. */
export function changed(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(before).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
