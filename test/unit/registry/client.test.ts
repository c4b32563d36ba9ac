import { describe, expect, it } from "vitest";
import {
  apiBaseUrl,
  EMPTY_CONFIG,
  EMPTY_CONFIG_BYTES,
  isLoopback,
  sha256Digest,
} from "../../../src/registry/client";

describe("apiBaseUrl", () => {
  it.each([
    ["127.0.0.1:5000", "http://127.0.0.1:5000"],
    ["127.10.0.3", "http://127.10.0.3"],
    ["localhost:5000", "http://localhost:5000"],
    ["[::1]:5000", "http://[::1]:5000"],
    ["ghcr.io", "https://ghcr.io"],
    ["docker.io", "https://registry-1.docker.io"],
    ["128.0.0.1:5000", "https://128.0.0.1:5000"],
    ["localhost.example.com", "https://localhost.example.com"],
  ])("%s -> %s", (registry, expected) => {
    expect(apiBaseUrl(registry)).toBe(expected);
  });

  it("is loopback only for loopback", () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("10.0.0.1:5000")).toBe(false);
  });
});

describe("EMPTY_CONFIG", () => {
  it("is the descriptor of {}", () => {
    expect(sha256Digest(EMPTY_CONFIG_BYTES)).toBe(EMPTY_CONFIG.digest);
    expect(EMPTY_CONFIG_BYTES.length).toBe(EMPTY_CONFIG.size);
  });
});
