import { defineConfig } from "vitest/config";

// Unit tests are pure and fast; integration tests talk to the real stack (scripts/stack.sh up)
// and run one file at a time, since they share one dockerd and one registry on two cores.
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
