/** 20,000 lines over a real pty in window mode (several lines in flight). */
import { describe } from "vitest";
import { streamingCases } from "./pty-streaming.ts";

describe("streaming over a real pty with the real serialport bindings, window mode", () => streamingCases("window"));
