/** The outcome of one gate (test results, an HTTP check, the smoke command, the watch window). */
export interface GateResult {
  name: string;
  kind: "test-results" | "http" | "command" | "watch";
  passed: boolean;
  /** One line a person reads: what was checked and what was seen. */
  detail: string;
  durationMs: number;
  /** Counts when the gate ran or parsed tests (JUnit). */
  tests?: TestCounts;
}

export interface TestCounts {
  total: number;
  failures: number;
  errors: number;
  skipped: number;
}
