import type { CommandResult } from "../command-result";
import { dockerCli } from "../deploy/docker/cli";
import { findDrift } from "../deploy/plan";
import { describeError } from "../errors";
import { readBuildTimes } from "../insight/build-times";
import { driftShare, type HostFigures, iacCoverage, PS_FORMAT } from "../insight/host-figures";
import {
  type MetricsView,
  metricsHtml,
  metricsJson,
  metricsMarkdown,
  metricsText,
  metricsTitle,
} from "../insight/metrics-render";
import { openMetrics } from "../insight/openmetrics";
import { writeReport } from "../insight/report-file";
import { computeMetrics, spread } from "../ledger/metrics";
import type { ReleaseRecord } from "../ledger/record";
import type { RunServices } from "./services";

/** Build times are read for at most this many promoted digests, the newest (a few requests each). */
const MAX_BUILD_DIGESTS = 10;

/** `metrics`: the immutable-delivery figures of an environment over a window; reads only. */
export async function runMetrics(s: RunServices): Promise<CommandResult> {
  const { config, ctx } = s;
  const i = config.insight;
  const store = s.ledger();
  const { records, truncated } = await store.walk();
  const m = computeMetrics(records, {
    environment: config.deploy.environment,
    now: ctx.now(),
    windowMs: i.windowMs,
    truncated,
  });
  const [host, build] = await Promise.all([
    hostFigures(s, records),
    buildTimes(s, records, Date.parse(m.windowStart)),
  ]);
  const view: MetricsView = { app: config.deploy.app, ledger: store.location, metrics: m, host, build };
  if (i.reportFile) await writeReport(ctx, i.reportFile, metricsHtml(view));
  const document =
    i.format === "json"
      ? metricsJson(view)
      : i.format === "openmetrics"
        ? openMetrics(m, host, config.deploy.app, build?.spread)
        : metricsText(view);
  return {
    outputs: { metrics: document },
    document,
    report: {
      title: metricsTitle(view),
      facts: [
        ["ledger", store.location],
        ["window", `${m.windowStart} .. ${m.windowEnd}${m.cutByWalkLimit ? " (cut by the walk limit)" : ""}`],
        ...(i.reportFile ? [["HTML report", i.reportFile] as [string, string]] : []),
      ],
      markdown: metricsMarkdown(view, { heading: false }),
    },
  };
}

/** Drift and IaC coverage from the Docker host now; a host that cannot be read leaves them out, with why. */
async function hostFigures(s: RunServices, records: readonly ReleaseRecord[]): Promise<HostFigures> {
  const figures: HostFigures = { problems: [] };
  try {
    const state = await (await s.engine()).target.readState();
    const drift = driftShare(state, findDrift(state, records));
    if (drift) figures.drift = drift;
    else
      figures.problems.push(
        `configuration drift not measured: nothing of ${state.app}/${state.environment} runs on the host`,
      );
  } catch (error) {
    figures.problems.push(`configuration drift not measured: ${describeError(error)}`);
  }
  try {
    const ps = await dockerCli(await s.dockerConnection())(["ps", "-a", "--no-trunc", "--format", PS_FORMAT]);
    figures.iac = iacCoverage(ps.stdout);
  } catch (error) {
    figures.problems.push(`infrastructure-as-code coverage not measured: ${describeError(error)}`);
  }
  return figures;
}

async function buildTimes(
  s: RunServices,
  records: readonly ReleaseRecord[],
  windowStart: number,
): Promise<MetricsView["build"]> {
  const newest = new Map<string, ReleaseRecord>();
  for (const r of [...records].reverse()) {
    if (r.outcome === "promoted" && Date.parse(r.time) >= windowStart && !newest.has(r.digest))
      newest.set(r.digest, r);
  }
  const images = [...newest.values()].slice(0, MAX_BUILD_DIGESTS);
  if (!images.length) return undefined;
  const times = await readBuildTimes((registry) => s.registryClient(registry), images);
  return { times, spread: spread(times.durationsMs) };
}
