// Timestamps each ARI step of each call inside the runtime's process, so a step's time can be
// split into ari-client's work, the runtime's own work and the loopback round trip.
//
// Marks, all performance.now() in this process:
//   messageAt   the events WebSocket emitted the message (a listener put before ari-client's)
//   handledAt   ari-client emitted the event as '*' (a listener put before the runtime's)
//   listenedAt  the runtime's '*' listener returned (a listener put after it)
//   doneAt      ari-client's message handler returned (a listener put after it)
//   calledAt    the runtime called an ari-client operation (the operation is wrapped)
//   requestAt   the request got its socket and its bytes are written next (the request's
//               'socket' event, on the next tick for a kept-alive socket)
//   responseAt  the response's headers were parsed (http.client.response.finish)
//   settledAt   the promise ari-client returned settled (its first reaction)
import diagnostics from "node:diagnostics_channel";
import http from "node:http";
import { performance } from "node:perf_hooks";

const CHANNEL_IN_PATH = /\/channels\/([^/?]+)/;
const WRAPPED_OPERATIONS = ["answer", "play", "hangup"];

export class StepProbe {
  constructor(client) {
    this.client = client;
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

  install() {
    const client = this.client;

    client._ws.prependListener("message", () => {
      this.messageAt = performance.now();
      this.currentEvent = undefined;
      this.inputs++;
    });
    client._ws.on("message", () => {
      if (this.currentEvent) this.currentEvent.doneAt = performance.now();
    });
    client.prependListener("*", (event) => this.eventHandled(event));
    client.on("*", () => {
      if (this.currentEvent) this.currentEvent.listenedAt = performance.now();
    });
    for (const operation of WRAPPED_OPERATIONS) this.wrap(client.channels, operation);
    this.wrapHttpRequest();
    diagnostics.subscribe("http.client.response.finish", this.onResponse);
  }

  uninstall() {
    if (this.originalRequest) http.request = this.originalRequest;
    diagnostics.unsubscribe("http.client.response.finish", this.onResponse);
  }

  // ari-client's HTTP layer (shred, under swagger-client) calls http.request through the module
  // object at each request, so replacing the property reaches it. The diagnostics channel
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

  wrap(resource, operation) {
    const original = resource[operation];

    resource[operation] = (params) => {
      const calledAt = performance.now();
      const call = this.callOf(params.channelId);
      const record = { operation, calledAt, inputsAtCall: this.inputs, lastEvent: call.lastEvent, requestAt: 0, responseAt: 0, settledAt: 0, inputsAtSettle: 0, ok: false };

      call.operations.push(record);
      this.inflight.set(params.channelId, record);
      const promise = original.call(resource, params);
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
