import { GreenlightError } from "./errors";
import type { InputName } from "./inputs";

/**
 * Where an input's value comes from, highest first: the step's input or CLI flag, the environment's
 * section of greenlight.yml, its top level, then what the environment's target remembers (the
 * settings it was created with); an input's default comes after all of them.
 */
export const LAYERS = ["input", "environment-section", "file", "target"] as const;
export type LayerName = (typeof LAYERS)[number];

/** What an environment's target remembers: the settings it was created with, as input values. */
export interface Remembered {
  /** What was read, for messages: e.g. `router shop--production--router`, `Service prod/shop`. */
  where: string;
  values: Partial<Record<InputName, string>>;
}

/**
 * The one app whose environment a target found (`apps`: the app label of each match); several are
 * refused with their names, since the settings of one would be held against another. Undefined
 * when none was found.
 */
export function soleApp(environment: string, where: string, apps: readonly string[]): string | undefined {
  const distinct = [...new Set(apps)].sort();
  if (distinct.length > 1) {
    throw new GreenlightError(
      `environment ${environment} exists for ${distinct.length} apps ${where}: ${distinct.join(", ")}`,
      { hint: `say which: 'app' (e.g. --app ${distinct[0]}), or 'image' (the app is its last path part)` },
    );
  }
  return distinct[0];
}

export interface LayerValue {
  value: string;
  /** Line in greenlight.yml, for a value from the file. */
  line?: number;
}
export interface Layer {
  name: LayerName;
  values: Partial<Record<InputName, LayerValue>>;
}
export interface Layered extends LayerValue {
  layer: LayerName;
}

/** Each input's value from the highest layer that sets it (a blank value sets nothing). Pure. */
export function mergeLayers(layers: readonly Layer[]): Partial<Record<InputName, Layered>> {
  const merged: Partial<Record<InputName, Layered>> = {};
  const ordered = [...layers].sort((a, b) => LAYERS.indexOf(a.name) - LAYERS.indexOf(b.name));
  for (const layer of ordered) {
    for (const [name, v] of Object.entries(layer.values) as [InputName, LayerValue][]) {
      if (merged[name] === undefined && v.value.trim() !== "") merged[name] = { ...v, layer: layer.name };
    }
  }
  return merged;
}

/**
 * Settings that make an environment's shape: fixed when its router is created (its published ports
 * are its clients' connections), so a run that gives another value is refused, never served with
 * the old one nor checked against the new one.
 */
export const SHAPE_SETTINGS = [
  "live-port",
  "preview-port",
  "container-port",
  "router-image",
  "preview-address",
] as const satisfies readonly InputName[];

export interface SettingConflict {
  setting: InputName;
  running: string;
  given: Layered;
}

/** The shape settings this run gives (input or file) that differ from what the environment runs with. Pure. */
export function settingConflicts(
  stated: Partial<Record<InputName, Layered>>,
  running: Partial<Record<InputName, string>>,
  reads: ReadonlySet<InputName>,
): SettingConflict[] {
  return SHAPE_SETTINGS.flatMap((setting) => {
    const given = stated[setting];
    const now = running[setting];
    if (!reads.has(setting) || !given || given.layer === "target" || now === undefined) return [];
    return sameValue(given.value, now) ? [] : [{ setting, running: now, given }];
  });
}

function sameValue(a: string, b: string): boolean {
  const [x, y] = [a.trim(), b.trim()];
  return x === y || (/^\d+$/.test(x) && /^\d+$/.test(y) && Number(x) === Number(y));
}

/** Says where a value came from, for errors: the input, or greenlight.yml's line. */
export function originOf(value: Layered, file: string | undefined, environment: string): string {
  if (value.layer === "input") return "as an input";
  if (value.layer === "target") return "remembered by the environment";
  const section = value.layer === "environment-section" ? ` (environments.${environment})` : "";
  return `in ${file ?? "greenlight.yml"} line ${value.line ?? 1}${section}`;
}

/** The refusal: each setting with the value the environment runs and the one given, and what to do. */
export function conflictError(
  environment: string,
  where: string,
  conflicts: readonly SettingConflict[],
  file: string | undefined,
): GreenlightError {
  const list = conflicts
    .map(
      (c) => `${c.setting} ${c.running}, you gave ${c.given.value} (${originOf(c.given, file, environment)})`,
    )
    .join("; ");
  const names = conflicts.map((c) => `'${c.setting}'`).join(", ");
  return new GreenlightError(
    `environment ${environment} runs with ${list}: an environment's ports and router are fixed when it is created (${where}), and greenlight never checks or serves it on other ones`,
    {
      hint: `omit ${names} (the environment's own value is used), or set the value it runs with; to change it, see the README's "Changing ports or the router image" (a new environment, or remove the router and deploy again)`,
    },
  );
}
