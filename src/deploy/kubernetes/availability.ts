// Whether a color's Deployment is fully available, judged from the Deployment's status and its
// pods, and why not, in words a person acts on (image pull, crash loop, failing readiness). Pure.
import type { V1Deployment, V1Pod } from "@kubernetes/client-node";

export interface Availability {
  /** Every wanted replica runs the newest template and is available. */
  available: boolean;
  /** The Deployment passed its progress deadline without becoming available: stop waiting. */
  failed: boolean;
  /** e.g. `available 2/2`, `1/2 available: crash loop (…)`. */
  status: string;
  /** Container restarts over the color's pods (a crash loop shows here). */
  restarts: number;
  /** Why pods are not ready, one per distinct reason. */
  reasons: string[];
  /** A container is in CrashLoopBackOff: Kubernetes itself judged it will not stay up. */
  crashLooping: boolean;
}

export function judgeAvailability(deployment: V1Deployment, pods: readonly V1Pod[]): Availability {
  const wanted = deployment.spec?.replicas ?? 1;
  const s = deployment.status ?? {};
  const generation = deployment.metadata?.generation ?? 0;
  const observed = (s.observedGeneration ?? 0) >= generation;
  const available =
    observed &&
    wanted > 0 &&
    (s.updatedReplicas ?? 0) >= wanted &&
    (s.availableReplicas ?? 0) >= wanted &&
    (s.replicas ?? 0) === (s.updatedReplicas ?? 0) &&
    (s.unavailableReplicas ?? 0) === 0;
  const progressing = s.conditions?.find((c) => c.type === "Progressing");
  const failed =
    !available && progressing?.status === "False" && progressing.reason === "ProgressDeadlineExceeded";
  const reasons = podReasons(pods);
  const restarts = pods.reduce(
    (sum, pod) => sum + (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0),
    0,
  );
  const count = observed
    ? `${s.availableReplicas ?? 0}/${wanted} available`
    : `rolling out (generation ${generation} not yet observed)`;
  const status = available
    ? `available ${s.availableReplicas}/${wanted}`
    : `${count}${failed ? ", progress deadline exceeded" : ""}${reasons.length ? `: ${reasons.join("; ")}` : ""}`;
  const crashLooping = pods.some((pod) =>
    (pod.status?.containerStatuses ?? []).some((c) => c.state?.waiting?.reason === "CrashLoopBackOff"),
  );
  return { available, failed, status, restarts, reasons, crashLooping };
}

/** The reasons pods are not ready: waiting containers (image pull, crash loop), failing readiness, scheduling. */
export function podReasons(pods: readonly V1Pod[]): string[] {
  const reasons = new Set<string>();
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const scheduled = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
    if (scheduled?.status === "False")
      reasons.add(`not scheduled: ${scheduled.message ?? scheduled.reason ?? ""}`);
    for (const c of [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
    ]) {
      const waiting = c.state?.waiting;
      const last = c.lastState?.terminated;
      if (waiting?.reason === "CrashLoopBackOff") {
        const exit = last ? ` (exit code ${last.exitCode}${last.reason ? `, ${last.reason}` : ""})` : "";
        reasons.add(`container ${c.name} is in a crash loop${exit}, ${c.restartCount} restart(s)`);
      } else if (
        waiting?.reason &&
        waiting.reason !== "ContainerCreating" &&
        waiting.reason !== "PodInitializing"
      ) {
        reasons.add(`container ${c.name} ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ""}`);
      } else if (c.state?.running && !c.ready) {
        reasons.add(`container ${c.name} runs but is not ready (its readiness probe fails)`);
      } else if (c.state?.terminated) {
        const t = c.state.terminated;
        reasons.add(`container ${c.name} exited with code ${t.exitCode}${t.reason ? ` (${t.reason})` : ""}`);
      }
    }
  }
  return [...reasons];
}
