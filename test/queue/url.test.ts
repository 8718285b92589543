import { describe, expect, it } from "vitest";
import { parseQueueUrl, redactUrl } from "../../src/queue/url.ts";

describe("--queue URL", () => {
  it("reads host, port, db, password and TLS", () => {
    expect(parseQueueUrl("redis://10.0.0.5:6380/3").options).toEqual({ host: "10.0.0.5", port: 6380, db: 3 });
    expect(parseQueueUrl("redis://localhost").options).toEqual({ host: "localhost", port: 6379, db: 0 });
    const tls = parseQueueUrl("rediss://crossway:s%40cret@redis.example.org:6390/1");
    expect(tls.options).toEqual({
      host: "redis.example.org",
      port: 6390,
      db: 1,
      username: "crossway",
      password: "s@cret",
      tls: { servername: "redis.example.org" },
    });
    expect(parseQueueUrl("redis://:pw@[::1]:7000").options).toMatchObject({ host: "::1", port: 7000, password: "pw" });
  });

  it("never shows the password", () => {
    expect(redactUrl("redis://:hunter2@h:1/0")).toBe("redis://:***@h:1/0");
    expect(redactUrl("rediss://user:hunter2@h:1")).toBe("rediss://user:***@h:1");
    expect(parseQueueUrl("redis://u:hunter2@h:1/2").display).toBe("redis://u:***@h:1/2");
    // ... not even in the error for a bad URL.
    let message = "";
    try {
      parseQueueUrl("redis://u:hunter2@h:1/x");
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/--queue: .*database 'x' must be a whole number/);
    expect(message).not.toContain("hunter2");
  });

  it("rejects what is not a Redis URL, naming the option and the expected form", () => {
    expect(() => parseQueueUrl("http://h:1")).toThrow(/--queue: .*scheme 'http:'; expected redis:\/\/HOST:PORT\[\/DB\]/);
    expect(() => parseQueueUrl("localhost:6379")).toThrow(/--queue: .*expected redis:\/\//);
    expect(() => parseQueueUrl("redis://h:1/0?x=1")).toThrow(/--queue: .*query strings/);
  });
});
