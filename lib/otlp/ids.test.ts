import { describe, expect, it } from "vitest";
import { bytesToHex, isAllZeroBytes, isAllZeroHex, jsonIdToHex } from "./ids";

describe("ids", () => {
  it("turns bytes into lowercase hex", () => {
    const bytes = Uint8Array.from([0, 0x0a, 0xff, 0x10, 0x5b, 0x8e]);
    expect(bytesToHex(bytes, 1, 4)).toBe("0aff105b");
    expect(bytesToHex(bytes, 0, 0)).toBe("");
    expect(isAllZeroBytes(Uint8Array.from([0, 0, 1]), 0, 2)).toBe(true);
    expect(isAllZeroBytes(Uint8Array.from([0, 0, 1]), 0, 3)).toBe(false);
  });

  it("reads OTLP/JSON hex ids case-insensitively", () => {
    expect(jsonIdToHex("5B8EFFF798038103D269B633813FC60C", 16)).toBe("5b8efff798038103d269b633813fc60c");
    expect(jsonIdToHex("eee19b7ec3c1b174", 8)).toBe("eee19b7ec3c1b174");
  });

  it("reads protobuf-JSON base64 ids, padded, unpadded and URL-safe", () => {
    expect(jsonIdToHex("QpC1h3qZMN55u0KDZTmOzA==", 16)).toBe(Buffer.from("QpC1h3qZMN55u0KDZTmOzA==", "base64").toString("hex"));
    expect(jsonIdToHex("1gZXnld4dYc=", 8)).toBe("d606579e57787587");
    expect(jsonIdToHex("1gZXnld4dYc", 8)).toBe("d606579e57787587");
    expect(jsonIdToHex("q0o5CtL-O4U0QEyfciOjkA", 16)).toBe(Buffer.from("q0o5CtL+O4U0QEyfciOjkA==", "base64").toString("hex"));
  });

  it("returns null for anything that is not an id of the requested length", () => {
    for (const bad of ["", "abc", "zz8efff798038103d269b633813fc60c", "eee19b7ec3c1b17", "AAAwOQ==", 12, null, undefined, {}]) {
      expect(jsonIdToHex(bad, 16)).toBeNull();
    }
    expect(jsonIdToHex("5b8efff798038103d269b633813fc60c", 8)).toBeNull();
    expect(jsonIdToHex("1gZXnld4dY!=", 8)).toBeNull();
  });

  it("recognises all-zero hex", () => {
    expect(isAllZeroHex("0000000000000000")).toBe(true);
    expect(isAllZeroHex("0000000000000001")).toBe(false);
  });
});
