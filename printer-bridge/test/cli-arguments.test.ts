import { describe, expect, it } from "vitest";
import { parseCliArguments, UsageError } from "../src/cli-arguments.ts";

describe("printer-bridge command line", () => {
  it("parses service mode with a virtual printer", () => {
    expect(
      parseCliArguments(["--hub", "http://localhost:3000", "--token-file", "t", "--virtual", "--virtual-log", "a.log", "--state-dir", "s"]),
    ).toEqual({
      kind: "serve",
      hubUrl: "http://localhost:3000",
      token: null,
      tokenFile: "t",
      config: null,
      virtual: true,
      virtualLog: "a.log",
      stateDir: "s",
    });
  });

  it("parses a standalone print", () => {
    expect(parseCliArguments(["print", "cube.gcode", "--port", "/dev/ttyUSB0", "--baud", "115200"])).toMatchObject({
      kind: "print",
      file: "cube.gcode",
      port: "/dev/ttyUSB0",
      baud: 115200,
      virtual: false,
    });
    expect(parseCliArguments(["ports"])).toEqual({ kind: "ports" });
    // No --port and no --virtual: the printer is found by probing the USB serial ports.
    expect(parseCliArguments(["print", "cube.gcode"])).toMatchObject({ kind: "print", port: null, virtual: false, config: null });
    // printers.json gives the printer's build volume and safety policy for the check before printing.
    expect(parseCliArguments(["print", "cube.gcode", "--port", "/dev/ttyACM0", "--config", "printers.json"])).toMatchObject({ config: "printers.json" });
  });

  it.each([
    [[], /--hub URL is required/],
    [["--hub", "localhost"], /not a URL/],
    [["--hub", "http://h"], /--token T or --token-file/],
    [["--hub", "http://h", "--token", "x"], /no printers/],
    [["print"], /needs a G-code file/],
    [["print", "a.gcode", "--port", "/dev/x", "--baud", "fast"], /--baud must be a positive whole number/],
    [["--bogus"], /Unknown option/],
  ])("explains what is wrong with %j", (argv, message) => {
    expect(() => parseCliArguments(argv)).toThrow(UsageError);
    expect(() => parseCliArguments(argv)).toThrow(message);
  });
});
