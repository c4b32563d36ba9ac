import { GreenlightError } from "../../errors";
import type { ContainerInfo } from "./cli";
import { LIVE_PORT, PREVIEW_PORT } from "./haproxy";
import { LABEL } from "./names";

/**
 * The settings an environment's router is created with. They cannot change while it runs (its
 * published ports are its clients' connections), so the router records them on its labels and a
 * deploy that asks for other values is refused, never silently served with the old ones.
 */
export const ROUTER_SETTINGS = [
  "live-port",
  "preview-port",
  "container-port",
  "router-image",
  "publish-address",
  "preview-address",
] as const;
export type RouterSetting = (typeof ROUTER_SETTINGS)[number];
export type RouterSettings = Record<RouterSetting, string>;

export const settingLabel = (setting: RouterSetting): string => `${LABEL}.${setting}`;

/** The labels that record `settings` on the router. */
export function settingLabels(settings: RouterSettings): Record<string, string> {
  return Object.fromEntries(ROUTER_SETTINGS.map((s) => [settingLabel(s), settings[s]]));
}

/**
 * What a router runs with: its labels, or for a router created before they were recorded, what
 * `docker inspect` shows (published ports, image). A setting that cannot be known is absent.
 */
export function runningSettings(info: ContainerInfo): Partial<RouterSettings> {
  const labels = info.Config.Labels ?? {};
  const bindings = info.HostConfig?.PortBindings ?? {};
  const binding = (port: number) => bindings[`${port}/tcp`]?.[0];
  const derived: Partial<RouterSettings> = {
    "router-image": info.Config.Image,
    ...(binding(LIVE_PORT) ? { "live-port": binding(LIVE_PORT)?.HostPort ?? "" } : {}),
    ...(binding(PREVIEW_PORT) ? { "preview-port": binding(PREVIEW_PORT)?.HostPort ?? "" } : {}),
    ...(binding(LIVE_PORT)?.HostIp !== undefined
      ? { "publish-address": binding(LIVE_PORT)?.HostIp || "0.0.0.0" }
      : {}),
  };
  // preview-address is known only from its label: a router made before it was recorded published the
  // preview on the live port's address, and is not refused for that
  const recorded = Object.fromEntries(
    ROUTER_SETTINGS.flatMap((s) =>
      labels[settingLabel(s)] !== undefined ? [[s, labels[settingLabel(s)]]] : [],
    ),
  );
  return { ...derived, ...recorded };
}

export interface SettingChange {
  setting: RouterSetting;
  running: string;
  requested: string;
}

/** The settings this run asks for that differ from what the router runs with ("" asks for nothing). */
export function settingChanges(running: Partial<RouterSettings>, requested: RouterSettings): SettingChange[] {
  return ROUTER_SETTINGS.flatMap((setting) => {
    const now = running[setting];
    return now !== undefined && requested[setting] !== "" && now !== requested[setting]
      ? [{ setting, running: now, requested: requested[setting] }]
      : [];
  });
}

/** The refusal: which setting, what runs, what was asked, and how to apply it. */
export function settingsChangedError(
  environment: string,
  router: string,
  changes: SettingChange[],
): GreenlightError {
  const list = changes.map((c) => `${c.setting} ${c.running} (this run asks for ${c.requested})`).join(", ");
  const keep = changes.map((c) => `${c.setting}: ${c.running}`).join(", ");
  return new GreenlightError(
    `${environment} runs with ${list}: greenlight does not change a running environment's router, since its clients would be cut off`,
    {
      hint: `keep ${keep}; or apply the change as the README's "Changing ports or the router image" says: deploy a new environment with the new settings and move traffic to it, or accept an outage of the live endpoint: docker rm -f ${router}, then deploy again (the colors keep running; the router is created with the new settings)`,
    },
  );
}
