import { ScaledClock } from "../../../src/ari/test-server/index.js";

describe("ScaledClock", () => {
  // The clock's time is held still while the timers are set, so a stall of the test process
  // between two statements cannot move one timer's due time past another's.
  test("fires timers in virtual order", async () => {
    const clock = new ScaledClock(1);
    const fired: string[] = [];
    const still = jest.spyOn(performance, "now").mockReturnValue(performance.now());

    const done = new Promise<void>((resolve) => {
      clock.setTimer(30, () => fired.push("30"));
      clock.setTimer(10, () => fired.push("10"));
      clock.setTimer(20, () => fired.push("20"));
      clock.setTimer(31, resolve);
    });
    still.mockRestore();
    await done;

    expect(fired).toEqual(["10", "20", "30"]);
  });

  test("fires timers of one due time in the order they were set", async () => {
    const clock = new ScaledClock(1);
    const fired: string[] = [];
    const still = jest.spyOn(performance, "now").mockReturnValue(performance.now());

    const done = new Promise<void>((resolve) => {
      for (const name of ["a", "b", "c"]) clock.setTimer(5, () => fired.push(name));
      clock.setTimer(6, resolve);
    });
    still.mockRestore();
    await done;

    expect(fired).toEqual(["a", "b", "c"]);
  });

  test("now runs faster than real time", async () => {
    const clock = new ScaledClock(0.1);
    const before = clock.now();

    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(clock.now() - before).toBeGreaterThanOrEqual(190);
  });

  test("cleared timers do not fire", async () => {
    const clock = new ScaledClock(0.01);
    const fired: string[] = [];
    const handle = clock.setTimer(10, () => fired.push("cleared"));

    clock.clearTimer(handle);
    await new Promise<void>((resolve) => clock.setTimer(20, resolve));

    expect(fired).toEqual([]);
  });

  test("rejects a scale of zero", () => {
    expect(() => new ScaledClock(0)).toThrow("clock scale must be a positive number, got 0");
  });
});
