import * as core from "@actions/core";
import type { Outputs } from "../outputs";

export function writeOutputs(outputs: Outputs): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined) core.setOutput(name, value);
  }
}
