import { createRequire as __glCreateRequire } from "node:module"; import { fileURLToPath as __glFileURLToPath } from "node:url"; const require = __glCreateRequire(import.meta.url); const __filename = __glFileURLToPath(import.meta.url); const __dirname = __glFileURLToPath(new URL(".", import.meta.url));
import {
  GreenlightError
} from "./chunk-XAPMUR2Q.mjs";

// src/deploy/labels.ts
var LABEL = "dev.greenlight";
var APP_LABEL = `${LABEL}.app`;
var ENV_LABEL = `${LABEL}.env`;

// src/input-layers.ts
var LAYERS = ["input", "environment-section", "file", "target"];
function soleApp(environment, where, apps) {
  const distinct = [...new Set(apps)].sort();
  if (distinct.length > 1) {
    throw new GreenlightError(
      `environment ${environment} exists for ${distinct.length} apps ${where}: ${distinct.join(", ")}`,
      { hint: `say which: 'app' (e.g. --app ${distinct[0]}), or 'image' (the app is its last path part)` }
    );
  }
  return distinct[0];
}
function mergeLayers(layers) {
  const merged = {};
  const ordered = [...layers].sort((a, b) => LAYERS.indexOf(a.name) - LAYERS.indexOf(b.name));
  for (const layer of ordered) {
    for (const [name, v] of Object.entries(layer.values)) {
      if (merged[name] === void 0 && v.value.trim() !== "") merged[name] = { ...v, layer: layer.name };
    }
  }
  return merged;
}
var SHAPE_SETTINGS = [
  "live-port",
  "preview-port",
  "container-port",
  "router-image",
  "preview-address"
];
function settingConflicts(stated, running, reads) {
  return SHAPE_SETTINGS.flatMap((setting) => {
    const given = stated[setting];
    const now = running[setting];
    if (!reads.has(setting) || !given || given.layer === "target" || now === void 0) return [];
    return sameValue(given.value, now) ? [] : [{ setting, running: now, given }];
  });
}
function sameValue(a, b) {
  const [x, y] = [a.trim(), b.trim()];
  return x === y || /^\d+$/.test(x) && /^\d+$/.test(y) && Number(x) === Number(y);
}
function originOf(value, file, environment) {
  if (value.layer === "input") return "as an input";
  if (value.layer === "target") return "remembered by the environment";
  const section = value.layer === "environment-section" ? ` (environments.${environment})` : "";
  return `in ${file ?? "greenlight.yml"} line ${value.line ?? 1}${section}`;
}
function conflictError(environment, where, conflicts, file) {
  const list = conflicts.map(
    (c) => `${c.setting} ${c.running}, you gave ${c.given.value} (${originOf(c.given, file, environment)})`
  ).join("; ");
  const names = conflicts.map((c) => `'${c.setting}'`).join(", ");
  return new GreenlightError(
    `environment ${environment} runs with ${list}: an environment's ports and router are fixed when it is created (${where}), and greenlight never checks or serves it on other ones`,
    {
      hint: `omit ${names} (the environment's own value is used), or set the value it runs with; to change it, see the README's "Changing ports or the router image" (a new environment, or remove the router and deploy again)`
    }
  );
}

export {
  LABEL,
  APP_LABEL,
  ENV_LABEL,
  soleApp,
  mergeLayers,
  settingConflicts,
  originOf,
  conflictError
};
//# sourceMappingURL=chunk-XR4YHTGR.mjs.map
