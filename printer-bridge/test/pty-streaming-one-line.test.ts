/** 20,000 lines over a real pty in one-line mode (one line in flight). */
import { describe } from "vitest";
import { streamingCases } from "./pty-streaming.ts";

describe("streaming over a real pty with the real serialport bindings, one-line mode", () => streamingCases("one-line"));
