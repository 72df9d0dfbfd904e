/** A tiny real socket.io hub speaking the protocol event maps, for the bridge's hub tests. */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Ack, BridgeHello, BridgeToHubEvents, HubToBridgeEvents, JobEvent, PrinterStatus } from "@peerfab/protocol";
import { Server, type Socket } from "socket.io";

export const TOKEN = "test-token";

export interface FakeHub {
  url: string;
  io: Server<BridgeToHubEvents, HubToBridgeEvents>;
  hellos: BridgeHello[];
  events: JobEvent[];
  statuses: PrinterStatus[];
  downloads: string[];
  /** What bridges PUT (sliced G-code), by path. */
  uploads: { path: string; body: Buffer }[];
  bridge: () => Socket<BridgeToHubEvents, HubToBridgeEvents> | undefined;
  /** Acks job events only when true. */
  ackEvents: boolean;
  close(): Promise<void>;
}

/** Serves `gcode` (or a model, as bytes) at every path to requests with the test token. */
export async function startFakeHub(gcode: string | Buffer, port = 0): Promise<FakeHub> {
  const http: HttpServer = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401).end();
      return;
    }
    if (req.method === "PUT") {
      // A bridge sending the G-code it sliced: taken and acknowledged.
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        hub.uploads.push({ path: req.url ?? "", body: Buffer.concat(chunks) });
        res.writeHead(201, { "content-type": "application/json" }).end("{}");
      });
      return;
    }
    hub.downloads.push(req.url ?? "");
    res.writeHead(200, { "content-type": "text/plain" }).end(gcode);
  });
  const io = new Server<BridgeToHubEvents, HubToBridgeEvents>(http);
  let current: Socket<BridgeToHubEvents, HubToBridgeEvents> | undefined;
  const hub: FakeHub = {
    url: "",
    io,
    hellos: [],
    events: [],
    statuses: [],
    downloads: [],
    uploads: [],
    ackEvents: true,
    bridge: () => current,
    async close() {
      await io.close();
    },
  };
  const ns = io.of("/bridge");
  ns.use((socket, next) => (socket.handshake.auth["token"] === TOKEN ? next() : next(new Error("bad token"))));
  ns.on("connection", (socket) => {
    current = socket;
    socket.on("bridge:hello", (hello, ack) => {
      hub.hellos.push(hello);
      ack({ ok: true, printers: hello.printers.map((p) => ({ localId: p.localId, printerId: `hub-${p.localId}` })) });
    });
    socket.on("printer:status", (status) => hub.statuses.push(status));
    socket.on("job:event", (event, ack) => {
      if (!hub.ackEvents) return;
      hub.events.push(event);
      ack({ ok: true });
    });
  });
  await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
  hub.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return hub;
}

export async function until<T>(what: string, probe: () => T | undefined | false, seconds = 60): Promise<T> {
  for (let i = 0; i < seconds * 20; i++) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function dispatch(hub: FakeHub, jobId: string, sha256: string, printerId = "hub-virtual-1"): Promise<Ack> {
  return new Promise((resolve) =>
    hub.bridge()?.emit("job:dispatch", { jobId, printerId, gcodePath: `/gcode/${jobId}`, gcodeSha256: sha256, fileName: "test.gcode" }, resolve),
  );
}
