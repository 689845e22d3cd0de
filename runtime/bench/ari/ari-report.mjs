// Renders the ARI benchmark's figures as a Markdown section for BENCHMARKS.md.
import { round } from "../lib/stats.mjs";

function formatTable(header, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;

  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function formatOutcome(entry) {
  const sign = entry.comparison === "max" ? "≤" : "≥";

  return `${entry.met ? "**met**" : "**missed**"} (${entry.value} ${entry.unit}, target ${sign} ${entry.limit} ${entry.unit})`;
}

function formatMedianP99(summary) {
  return `${summary.median} / ${summary.p99}`;
}

function renderMachine(json) {
  const { machine, loadAverage, stallProbe, throughput } = json;
  const plateau = throughput.plateau;

  return `**Machine:** ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Node ${machine.node}; ${machine.platform}; run on ${machine.date}, ${json.durationSeconds} s in all.
The runtime and the ARI test server share those ${machine.cores} cores with each other and with
whatever else runs on the machine: the 1-minute load average went ${loadAverage.before} → ${loadAverage.after}; a 1 s stall probe
lost ${stallProbe.before.lostPercent}% before the run and ${stallProbe.after.lostPercent}% after it (longest gaps ${stallProbe.before.maxGapMs} and ${stallProbe.after.maxGapMs} ms). During the
throughput plateau the machine was ${plateau.machineBusyCores} cores busy (/proc/stat), of which other processes ${plateau.otherProcessesCores}
and hypervisor steal ${plateau.stealCores}.`;
}

function renderFirstCommand(steps) {
  const first = steps.firstCommandUs;

  return `### 1. StasisStart to the first ARI command

**What:** time from a call's \`StasisStart\` message arriving at the runtime's events WebSocket to
the runtime's first request for that call (\`POST /channels/{id}/answer\`) being handed to its
socket (the request's \`socket\` event, just before Node writes the request).

**Load:** ${steps.load.warmupCalls} unmeasured calls, then ${steps.load.calls} measured ones, ${steps.load.ratePerSecond} new calls a second; each caller keys
the menu ${steps.load.keyAtMs / 1000} s after entering Stasis, so about ${Math.round((steps.load.ratePerSecond * (steps.load.keyAtMs + 200)) / 1000)} calls are up at once. Outcomes: ${JSON.stringify(steps.outcomes)}.

**Figures:** median ${first.median} µs, p99 ${first.p99} µs, maximum ${first.max} µs over ${first.count} calls.
`;
}

function buildStepRows(steps, samples) {
  return steps.steps.map((step) => {
    const parts = step[samples];

    return [step.name, formatMedianP99(parts.total), formatMedianP99(parts.ariClientIn), formatMedianP99(parts.runtime), formatMedianP99(parts.ariClientOut)];
  });
}

function buildCommandRows(steps) {
  return Object.entries(steps.commands).map(([name, command]) => [name, formatMedianP99(command.ariClientRequest), formatMedianP99(command.roundTrip), formatMedianP99(command.ariClientResponse), formatMedianP99(command.wholeCall)]);
}

function buildClientRows(roundTrips) {
  return Object.entries(roundTrips.commands).map(([name, byClient]) => {
    const raw = byClient.raw;
    const thin = byClient.thin;
    const ari = byClient["ari-client"];

    return [
      name,
      formatMedianP99(raw.wallUs),
      formatMedianP99(thin.wallUs),
      formatMedianP99(ari.wallUs),
      `${raw.clientCpuUsPerCommand} / ${thin.clientCpuUsPerCommand} / ${ari.clientCpuUsPerCommand}`,
      `${raw.serverCpuUsPerCommand} / ${thin.serverCpuUsPerCommand} / ${ari.serverCpuUsPerCommand}`,
    ];
  });
}

// Mean over the commands of one client's median wall time and CPU per command, less raw's.
function computeOverheadOverRaw(roundTrips, client) {
  const commands = Object.values(roundTrips.commands);
  const mean = (pick) => round(commands.reduce((sum, byClient) => sum + pick(byClient[client]) - pick(byClient.raw), 0) / commands.length);

  return { wallUs: mean((entry) => entry.wallUs.median), cpuUs: mean((entry) => entry.clientCpuUsPerCommand) };
}

function describeClientChoice(roundTrips) {
  const ari = computeOverheadOverRaw(roundTrips, "ari-client");
  const thin = computeOverheadOverRaw(roundTrips, "thin");
  const choice =
    ari.cpuUs > 2 * Math.max(thin.cpuUs, 10)
      ? "The thin client does the same REST calls for a fraction of ari-client's cost, so it is the one to keep for REST; ari-client's event path (one model lookup and resource objects per event) is a separate cost that a plain WebSocket client would remove too."
      : "ari-client's cost over the raw request is not much above the thin client's here, so replacing it would gain little.";

  return `Over the raw request, ari-client adds ${ari.wallUs} µs of wall time and ${ari.cpuUs} µs of client CPU per command (mean of the
three commands' medians); the thin client adds ${thin.wallUs} µs and ${thin.cpuUs} µs (a negative figure is a difference below
the run-to-run noise). ${choice}`;
}

function renderSteps(json) {
  const { steps, roundTrips } = json;
  const isolatedCounts = steps.steps.map((step) => `${step.isolatedSamples} of ${step.samples}`).join(", ");

  return `### 2. Each ARI step, split

**What:** each step of the flow from its trigger (an event, or the previous command's response)
to the next command handed to its socket, split into ari-client's work before the runtime
sees the trigger, the runtime's own work, and ari-client's work until the request is handed to its socket.
Then each command's round trip, and the same commands through three clients.

**Method (in the flow):** the calls of part 1, timestamped with \`performance.now()\` in the runtime's
process: a listener before ari-client's on the WebSocket's \`message\`, listeners before and after the
runtime's on ari-client's \`'*'\` event, a listener after ari-client's message handler, a wrapper
around each ari-client operation the runtime calls, the request's \`socket\` event (a wrapper around
\`http.request\`, which ari-client's HTTP layer calls), \`http.client.response.finish\` (headers
parsed) and the first reaction to ari-client's promise. The runtime's own work is the time in its
\`'*'\` listener plus the time from ari-client's handler returning (or ari-client's promise settling)
to the runtime calling the next operation: AriConnection, AriChannel, CallControl, the session step,
CallService and AriOperations, with no network wait inside. CPU time measured around that span
(\`process.cpuUsage\`) matched its wall time within a few µs while these notes were written.
Figures are of the isolated samples, in which no other message or response was handled inside the
span (${isolatedCounts}); a span that saw one also contains that input's handling. The round trip
in the flow contains the server's work and, for answer and hangup, the handling of the events
the server sends before its response. The wrappers add an estimated 1 µs to ari-client's side.

Step split, median / p99 in µs (isolated samples):

${formatTable(["step", "trigger → request sent", "ari-client, trigger in", "runtime's own work", "ari-client, request out"], buildStepRows(steps, "isolated"))}

The runtime's own work over all samples, median / p99 in µs: ${steps.steps.map((step) => `${step.name} ${formatMedianP99(step.all.runtime)}`).join("; ")}.

Commands in the flow, median / p99 in µs:

${formatTable(["command", "ari-client, call → sent", "round trip (sent → headers parsed)", "ari-client, headers → promise settled", "whole call"], buildCommandRows(steps))}

**Method (three clients):** a separate test server process; the application's WebSocket is opened
with \`ws\` and its events ignored. The same commands go one at a time to live channels
(\`answer\` repeated, for which Asterisk returns 204 again; \`play\` of a 1 s sound; \`hangup\` on ${roundTrips.commands.hangup.raw.count} channels per
client) through a raw keep-alive \`node:http\` request that reads nothing (the loopback round trip,
server included), the thin client in \`thin-client.mjs\` (keep-alive \`http.Agent\`, query string, Basic
auth, JSON body, errors with status and message; undici is not installed), and ari-client's operation
(\`client.channels.answer({ channelId })\`). The clients alternate in 4 rounds; CPU is \`process.cpuUsage\`
of the client process and of the server process (sent back over IPC) around each round, divided by
the commands sent. Wall time is median / p99 in µs; CPU is µs per command, raw / thin / ari-client.

${formatTable(["command", "raw", "thin", "ari-client", "client CPU", "server CPU"], buildClientRows(roundTrips))}

${describeClientChoice(roundTrips)}

**Target:** the runtime's own work ≤ 50 µs median and ≤ 1 ms p99 per step; see the table at the top.
`;
}

function describeGcPauses(byKind) {
  return Object.entries(byKind)
    .map(([kind, stats]) => `${kind} ${stats.count} pauses, ${stats.totalMs} ms in all, longest ${stats.maxMs} ms, ${stats.atLeast10Ms} of 10 ms or more`)
    .join("; ");
}

function describePerSecond(throughput) {
  return throughput.perSecond.map((second) => `${second.newCalls}/${second.active}/${second.maxLagMs}`).join(", ");
}

function describeProfiles(profiles, label) {
  if (!profiles) return "";
  const describe = (name, profile) => {
    const origins = Object.entries(profile.selfPercentByOrigin)
      .slice(0, 8)
      .map(([origin, percent]) => `${origin} ${percent}%`)
      .join(", ");
    const functions = profile.topFunctions
      .slice(0, 6)
      .map((entry) => `\`${entry.name}\` ${entry.selfPercent}%`)
      .join(", ");

    return `- ${name} (busy in ${profile.busyPercentOfSamples}% of samples): by origin ${origins}. Top functions: ${functions}.`;
  };

  return `\n${label} Self time as a share of busy samples ("(native)" is time in C++, such as socket writes):\n\n${describe("Runtime", profiles.runtime)}\n${describe("Test server", profiles.server)}\n`;
}

function renderThroughput(json) {
  const { throughput, profiledRepeat } = json;
  const { load, plateau } = throughput;

  return `### 3. Throughput with thousands of calls up

**What:** new calls per second the runtime takes, with the calls they add up to, and the
runtime's event-loop lag meanwhile.

**Load:** ${load.ratePerSecond} new calls a second for ${load.offerSeconds} s (${load.callsOffered} calls), started at that constant rate from
the first second by the test server process; each caller keys the menu ${load.keyAtMs / 1000} s after entering Stasis,
and the flow then hangs up, so about ${load.expectedConcurrent} calls are up at once from then until the offer ends
(the plateau, ${plateau.seconds} s measured, from 1 s after the first key). Both processes run on the same ${json.machine.cores} cores.

**Method:** new calls counted at the runtime (\`StasisStart\` reaching \`onCall\`); calls up are
CallService's active sessions, sampled every 100 ms. Event-loop lag is \`perf_hooks.monitorEventLoopDelay\`
(10 ms resolution, taken off each interval) in the runtime's process, over the plateau and over the
whole run (ramp and drain included); the server process measures its own the same way. CPU is
\`process.cpuUsage\` deltas of each process. Errors are calls that did not end by the flow's hang-up,
non-2xx responses other than ari-client's first unauthenticated request, warnings and errors the runtime
logged, and calls the server found still up 10 s after their key and hung up itself. The test
server keeps every event and request it handled for tests to inspect; the benchmark counts and
empties those records each second, so they do not grow its heap through the run.

**Figures:**

- New calls reaching the runtime: ${throughput.offerWindow.newCallsPerSecond}/s over the offer window, ${plateau.newCallsPerSecond}/s on the plateau;
  ${throughput.callsReachedRuntime} of ${load.callsOffered} calls arrived.
- Calls up at once: maximum ${throughput.maxConcurrentCalls}; ${plateau.activeAtStart} at the plateau's start and ${plateau.activeAtEnd} at its end.
- Runtime event-loop lag: plateau p50 ${throughput.runtimeLoopLagMs.plateau.p50} ms, p99 ${throughput.runtimeLoopLagMs.plateau.p99} ms, maximum ${throughput.runtimeLoopLagMs.plateau.max} ms;
  whole run p50 ${throughput.runtimeLoopLagMs.wholeRun.p50} ms, p99 ${throughput.runtimeLoopLagMs.wholeRun.p99} ms, maximum ${throughput.runtimeLoopLagMs.wholeRun.max} ms.
  Test server's lag on the plateau: p99 ${throughput.serverLoopLagMs.plateau.p99} ms, maximum ${throughput.serverLoopLagMs.plateau.max} ms.
- Runtime garbage collection on the plateau (\`PerformanceObserver\` gc entries): ${describeGcPauses(throughput.runtimeGcPausesOnPlateau)}.
- CPU on the plateau: runtime ${plateau.runtimeCores} cores (${plateau.runtimeCpuUsPerNewCall} µs per call), test server ${plateau.serverCores} cores
  (${plateau.serverCpuUsPerNewCall} µs per call); over the offer window runtime ${throughput.offerWindow.runtimeCores}, server ${throughput.offerWindow.serverCores} cores.
- Memory: RSS at the plateau's end runtime ${throughput.rssMiBAtPlateauEnd.runtime} MiB, server ${throughput.rssMiBAtPlateauEnd.server} MiB${
    throughput.heapMiBAfterCollection
      ? `; runtime heap after a full collection ${throughput.heapMiBAfterCollection.beforeCalls} MiB before the calls and ${throughput.heapMiBAfterCollection.afterAllCallsEnded} MiB after all had ended`
      : ""
  }.
- Errors: outcomes ${JSON.stringify(throughput.outcomes)}; failed requests ${JSON.stringify(throughput.failedRequests)}; runtime warnings and errors
  ${JSON.stringify(throughput.runtimeWarningsAndErrors)}; calls hung up by the server ${throughput.stuckCallsHungUpByServer}.
- Each second (new calls / calls up / worst lag in ms): ${describePerSecond(throughput)}.
${describeProfiles(throughput.profiles, "Profile of the plateau.")}${
    profiledRepeat
      ? `${describeProfiles(profiledRepeat.profiles, `A target was missed, so the run was repeated for ${profiledRepeat.load.offerSeconds} s with both processes profiled over its plateau. The sampler's own cost is in that repeat's figures: plateau lag p99 ${profiledRepeat.runtimeLoopLagMs.plateau.p99} ms, runtime ${profiledRepeat.plateau.runtimeCores} cores, server ${profiledRepeat.plateau.serverCores} cores, other processes ${profiledRepeat.plateau.otherProcessesCores} cores.`)}`
      : ""
  }
**Target:** ≥ 300 new calls a second with 5,000 calls up on 2 cores and event-loop lag p99 < 10 ms;
see the table at the top.
`;
}

/** Returns the Markdown section of one ARI benchmark run. */
export function renderAriSection(json) {
  const summary = formatTable(
    ["target", "outcome"],
    json.targets.map((entry) => [entry.name, formatOutcome(entry)]),
  );

  return `## Calls over ARI: the runtime against the ARI test server

The runtime as \`callflow serve\` wires it (file directory, file flow source, CallService,
AriConnection over ari-client ${json.ariClientVersion}) runs in the benchmark's process; the ARI test server
runs in a child process. Warnings and errors are counted, and no log is written. The flow:
\`call.answer\` → \`media.play\` of a 1 s recorded prompt → \`ivr.menu\` with a 1 s prompt and one option →
\`call.hangup\`. Calls come in as the test server's inbound calls (state \`Ring\`, dialplan \`Stasis(app)\`),
and a caller script presses the option's key. Written by \`runtime/bench/ari/main.mjs\`.

${summary}

${renderMachine(json)}

${renderFirstCommand(json.steps)}
${renderSteps(json)}
${renderThroughput(json)}`;
}
