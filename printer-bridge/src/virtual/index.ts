export { VirtualMarlin, VIRTUAL_FIRMWARE_NAME, type VirtualMarlinOptions } from "./virtual-marlin.ts";
export { virtualBinding, VirtualPortBinding } from "./virtual-binding.ts";
export { startVirtualPty, type VirtualPty } from "./pty.ts";
export { type Clock, systemClock } from "./clock.ts";
