// Timestamps each ARI step of each call inside the runtime's process, so a step's time can be
// split into the ARI client's work, the runtime's own work and the loopback round trip. The
// same marks are taken on either client library (thin or ari-client).
//
// Marks, all performance.now() in this process:
//   messageAt   the events WebSocket emitted the message (a listener put before the client's)
//   handledAt   the client handed the event to the runtime (AriConnection's event handler entered)
//   listenedAt  the runtime's event handler returned
//   doneAt      the client's message handler returned (a listener put after it)
//   calledAt    the runtime called the client's request (the transport's request is wrapped)
//   requestAt   the request got its socket and its bytes are written next (the request's
//               'socket' event, on the next tick for a kept-alive socket)
//   responseAt  the response's headers were parsed (http.client.response.finish)
//   settledAt   the promise the client returned settled (its first reaction)
import diagnostics from "node:diagnostics_channel";
import http from "node:http";
import { performance } from "node:perf_hooks";

const CHANNEL_IN_PATH = /\/channels\/([^/?]+)/;
const WRAPPED_OPERATIONS = new Map([
  ["channels.answer", "answer"],
  ["channels.play", "play"],
  ["channels.hangup", "hangup"],
]);

export class StepProbe {
  /** `connection` is the runtime's AriConnection, `transport` its transport. */
  constructor(connection, transport) {
    this.connection = connection;
    this.transport = transport;
    this.calls = new Map();
    this.inflight = new Map();
    this.byRequest = new WeakMap();
    // Inputs handled so far (WebSocket messages and HTTP responses). A step whose span saw
    // another input was delayed by that input's handling, not only by its own work.
    this.inputs = 0;
    this.messageAt = 0;
    this.currentEvent = undefined;
    this.originalRequest = undefined;
    this.onResponse = ({ request }) => this.responded(request);
  }

  /** The events WebSocket of either transport. */
  get socket() {
    return this.transport.kind === "thin" ? this.transport.currentSocket : this.transport.currentClient._ws;
  }

  install() {
    const socket = this.socket;

    socket.prependListener("message", () => {
      this.messageAt = performance.now();
      this.currentEvent = undefined;
      this.inputs++;
    });
    socket.on("message", () => {
      if (this.currentEvent) this.currentEvent.doneAt = performance.now();
    });
    this.wrapEventHandler();
    this.wrapRequest();
    this.wrapHttpRequest();
    diagnostics.subscribe("http.client.response.finish", this.onResponse);
  }

  uninstall() {
    if (this.originalRequest) http.request = this.originalRequest;
    diagnostics.unsubscribe("http.client.response.finish", this.onResponse);
  }

  // Both transports call the connection's onEvent through `this`, so an own property replaces it.
  wrapEventHandler() {
    const connection = this.connection;
    const original = connection.onEvent;

    connection.onEvent = (event) => {
      this.eventHandled(event);
      original.call(connection, event);
      if (this.currentEvent) this.currentEvent.listenedAt = performance.now();
    };
  }

  // Both clients call http.request through the module object at each request (ari-client's HTTP
  // layer is shred, under swagger-client), so replacing the property reaches them. The diagnostics channel
  // http.client.request.start is no substitute: it fires when the write has completed, which
  // can be after the response has arrived.
  wrapHttpRequest() {
    const original = http.request;

    this.originalRequest = original;
    http.request = (...args) => {
      const request = original.apply(http, args);

      this.requestCreated(request);
      return request;
    };
  }

  callOf(channelId) {
    let call = this.calls.get(channelId);

    if (!call) {
      call = { lastEvent: undefined, operations: [] };
      this.calls.set(channelId, call);
    }
    return call;
  }

  eventHandled(event) {
    const handledAt = performance.now();
    const channelId = event.channel?.id ?? event.playback?.target_uri?.replace(/^channel:/, "");

    if (channelId === undefined) return;
    this.currentEvent = { type: event.type, messageAt: this.messageAt, handledAt, listenedAt: 0, doneAt: 0, inputs: this.inputs };
    this.callOf(channelId).lastEvent = this.currentEvent;
  }

  wrapRequest() {
    const transport = this.transport;
    const original = transport.request;

    transport.request = (name, params) => {
      const operation = WRAPPED_OPERATIONS.get(name);

      if (operation === undefined) return original.call(transport, name, params);
      const calledAt = performance.now();
      const call = this.callOf(params.channelId);
      const record = { operation, calledAt, inputsAtCall: this.inputs, lastEvent: call.lastEvent, requestAt: 0, responseAt: 0, settledAt: 0, inputsAtSettle: 0, ok: false };

      call.operations.push(record);
      this.inflight.set(params.channelId, record);
      const promise = original.call(transport, name, params);
      const settle = (ok) => {
        record.settledAt = performance.now();
        record.inputsAtSettle = this.inputs;
        record.ok = ok;
      };

      promise.then(
        () => settle(true),
        () => settle(false),
      );
      return promise;
    };
  }

  requestCreated(request) {
    const match = CHANNEL_IN_PATH.exec(request.path);
    const record = match && this.inflight.get(decodeURIComponent(match[1]));

    if (!record || this.byRequest.has(request)) return;
    this.byRequest.set(request, record);
    request.once("socket", () => {
      record.requestAt = performance.now();
    });
  }

  responded(request) {
    const now = performance.now();
    const record = this.byRequest.get(request);

    this.inputs++;
    if (record) record.responseAt = now;
  }
}
