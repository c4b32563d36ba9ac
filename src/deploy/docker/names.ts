import { GreenlightError, InputError } from "../../errors";
import { APP_LABEL, ENV_LABEL, LABEL } from "../labels";
import type { Color } from "../target";

/**
 * The Docker object names of one environment (app, environment). `--` separates the parts and an
 * app or environment name may neither contain `--` nor end in `-`, so the names are injective:
 * `shop` + `api-prod` is `shop--api-prod--blue`, `shop-api` + `prod` is `shop-api--prod--blue`.
 */
export interface EnvironmentNames {
  /** `current`: the names above; `legacy`: `<app>-<env>-…`, made by greenlight before they were injective. */
  scheme: "current" | "legacy";
  network: string;
  router: string;
  lock: string;
  colors: Record<Color, string>;
}

export { APP_LABEL, ENV_LABEL, LABEL };

/** What an app or environment name may be, for errors. */
export const NAME_RULE =
  "lower-case letters, digits, '.', '_' and single '-' (not '--', not at the end), starting with a letter or digit, at most 41 characters, e.g. shop-api";

/** Whether `value` can be an app or environment name (see EnvironmentNames). */
export function isEnvironmentPart(value: string): boolean {
  return /^[a-z0-9][a-z0-9_.-]{0,40}$/.test(value) && !value.includes("--") && !value.endsWith("-");
}

/** Refuses an app or environment name that cannot be part of injective names, naming the input. */
export function checkEnvironmentPart(input: "app" | "environment", value: string): void {
  if (!isEnvironmentPart(value)) throw new InputError(input, `'${value}' cannot name containers`, NAME_RULE);
}

export function environmentNames(app: string, environment: string): EnvironmentNames {
  const prefix = `${app}--${environment}`;
  return {
    scheme: "current",
    network: `greenlight--${prefix}`,
    router: `${prefix}--router`,
    lock: `${prefix}--lock`,
    colors: { blue: `${prefix}--blue`, green: `${prefix}--green` },
  };
}

/** The names greenlight gave an environment before they were injective; read to keep such environments working. */
export function legacyNames(app: string, environment: string): EnvironmentNames {
  const prefix = `${app}-${environment}`;
  return {
    scheme: "legacy",
    network: `greenlight-${prefix}`,
    router: `${prefix}-router`,
    lock: `${prefix}-lock`,
    colors: { blue: `${prefix}-blue`, green: `${prefix}-green` },
  };
}

/** Whose an object is by its labels: undefined when it is (app, environment)'s, else a description of its owner. */
export function foreignOwner(
  labels: Record<string, string> | null | undefined,
  app: string,
  environment: string,
): string | undefined {
  const ownerApp = labels?.[APP_LABEL];
  const ownerEnv = labels?.[ENV_LABEL];
  if (ownerApp === app && ownerEnv === environment) return undefined;
  if (ownerApp === undefined && ownerEnv === undefined)
    return "nobody (it has no dev.greenlight.app/env labels)";
  return `app '${ownerApp ?? ""}', environment '${ownerEnv ?? ""}'`;
}

/** Refuses to touch an object that is not (app, environment)'s, naming the owner its labels give. */
export function requireOwner(
  kind: string,
  name: string,
  labels: Record<string, string> | null | undefined,
  app: string,
  environment: string,
): void {
  const owner = foreignOwner(labels, app, environment);
  if (!owner) return;
  throw new GreenlightError(
    `${kind} ${name} belongs to ${owner}, not to app '${app}', environment '${environment}'; greenlight leaves it alone`,
    {
      hint: `another environment (or something else) uses this name. Deploy under another app or environment name, or remove ${name} if nothing needs it`,
    },
  );
}
