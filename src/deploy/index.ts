// The deploy engine as the command layer calls it.
export { type DeployOptions, deploy, type EngineOptions } from "./bluegreen";
export type { DockerConnection } from "./docker/cli";
export { DockerTarget, type DockerTargetOptions } from "./docker/target";
export { type DeployPlan, type Drift, findDrift, formatPlan, idleColor, planDeploy, warmColor } from "./plan";
export { type PromoteOptions, promote, type RollbackOptions, rollback } from "./promote";
export { reject } from "./reject";
export { DeployFailedError, type DeployResult, type TimelineStep } from "./result";
export { planFor, type StatusReport, status } from "./status";
export type { Color, ColorState, Endpoints, Target, TargetState } from "./target";
