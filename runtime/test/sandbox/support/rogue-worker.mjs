// A worker process that breaks the sandbox protocol in the way ROGUE_MODE selects, as a worker taken
// over by tenant code might. The sandbox's tests start it as the worker entry.
const mode = process.env.ROGUE_MODE;
const results = new Map();

function reply(id, value) {
  process.send({ type: "result", id, value: JSON.stringify(value), logs: [], timing: [1, 1] });
}

function onRun(message) {
  if (mode === "malformed") {
    process.send({ type: "result", id: message.id });
  } else if (mode === "malformed-in-batch") {
    process.send([{ type: "pong" }, { type: "result", id: message.id }]);
  } else if (mode === "batched") {
    process.send([{ type: "pong" }, { type: "result", id: message.id, value: JSON.stringify({ batched: true }), logs: [], timing: [1, 1] }]);
  } else if (mode === "bad-arguments") {
    process.send({ type: "host-call", id: message.id, callId: 1, path: "crm.lookup", args: "not json" });
  } else if (mode === "too-many-calls") {
    for (let callId = 1; callId <= 4; callId++) process.send({ type: "host-call", id: message.id, callId, path: "crm.lookup", args: "[]" });
  } else if (mode === "unknown-code") {
    process.send({ type: "failure", id: message.id, code: "session-stopped", message: "made up", logs: [], timing: [1, 1] });
  }
}

function onHostResult(message) {
  const outcomes = results.get(message.id) ?? [];

  outcomes[message.callId - 1] = { ok: message.ok, payload: message.payload };
  results.set(message.id, outcomes);
  if (mode === "bad-arguments" || outcomes.filter(Boolean).length === 4) reply(message.id, outcomes);
}

function onMessage(message) {
  if (message.type === "run") onRun(message);
  else if (message.type === "host-result") onHostResult(message);
  else if (message.type === "ping") process.send({ type: "pong" });
  else if (message.type === "cancel") process.send({ type: "cancelled", id: message.id });
}

// The sandbox sends the messages of one turn of its event loop as an array.
process.on("message", (payload) => {
  for (const message of Array.isArray(payload) ? payload : [payload]) onMessage(message);
});
process.on("disconnect", () => process.exit(0));
process.send({ type: "ready" });
