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

/** What a JUnit file says, counted per test case. */
export interface TestCounts {
  /** Test cases, skipped ones included. */
  total: number;
  /** Test cases that ran: total less skipped. `min-tests` counts these. */
  ran: number;
  /** Failed cases, plus failures a suite reports beyond its cases (see junit-report.ts). */
  failures: number;
  /** Errored cases, plus errors a suite reports beyond its cases. */
  errors: number;
  skipped: number;
  /** Cases that failed and then passed on a rerun (surefire's flakyFailure/flakyError): they passed. */
  flaky: number;
}
