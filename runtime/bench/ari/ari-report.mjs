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

function renderFirstCommand(json) {
  const { steps, stepsByClient } = json;
  const figures = Object.entries(stepsByClient)
    .map(([client, run]) => `${client}: median ${run.firstCommandUs.median} µs, p99 ${run.firstCommandUs.p99} µs, maximum ${run.firstCommandUs.max} µs over ${run.firstCommandUs.count} calls (outcomes ${JSON.stringify(run.outcomes)})`)
    .join("; ");

  return `### 1. StasisStart to the first ARI command

**What:** time from a call's \`StasisStart\` message arriving at the runtime's events WebSocket to
the runtime's first request for that call (\`POST /channels/{id}/answer\`) being handed to its
socket (the request's \`socket\` event, just before Node writes the request).

**Load:** for each ARI client library in turn, a fresh test server process and a fresh runtime
process, then
${steps.load.warmupCalls} unmeasured calls and ${steps.load.calls} measured ones, ${steps.load.ratePerSecond} new calls a second; each caller keys
the menu ${steps.load.keyAtMs / 1000} s after entering Stasis, so about ${Math.round((steps.load.ratePerSecond * (steps.load.keyAtMs + 200)) / 1000)} calls are up at once.

**Figures:** ${figures}.
`;
}

function buildStepRows(steps, samples) {
  return steps.steps.map((step) => {
    const parts = step[samples];

    return [step.name, formatMedianP99(parts.total), formatMedianP99(parts.ariClientIn), formatMedianP99(parts.runtime), formatMedianP99(parts.ariClientOut)];
  });
}

// One row per step: each part's median, one column per client.
function buildSideBySideRows(stepsByClient) {
  const clients = Object.keys(stepsByClient);
  const first = stepsByClient[clients[0]];

  return first.steps.map((step, index) => {
    const cells = (part) => clients.map((client) => stepsByClient[client].steps[index].isolated[part].median).join(" / ");

    return [step.name, cells("total"), cells("ariClientIn"), cells("runtime"), cells("ariClientOut")];
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

// Sum over the steps of one client's median time from trigger to request sent.
function sumStepMedians(run) {
  return round(run.steps.reduce((sum, step) => sum + step.isolated.total.median, 0));
}

function describeClientChoice(json) {
  const { roundTrips, stepsByClient } = json;
  const ari = computeOverheadOverRaw(roundTrips, "ari-client");
  const thin = computeOverheadOverRaw(roundTrips, "thin");
  const stepSums = Object.fromEntries(Object.entries(stepsByClient).map(([client, run]) => [client, sumStepMedians(run)]));
  const faster = Object.entries(stepSums).sort((a, b) => a[1] - b[1])[0][0];
  const choice =
    faster === json.steps.client
      ? `The ${faster} client is the faster one here, on the steps of the flow and per command, and it passes the same adapter and channel behaviour suites, so it is the default (\`ari.client: ${faster}\`) and the one to keep.`
      : `NOTE: in this run the ${faster} client was faster on the steps of the flow than the default (${json.steps.client}); rerun before changing the default.`;

  return `Over the raw request, ari-client adds ${ari.wallUs} µs of wall time and ${ari.cpuUs} µs of client CPU per command (mean of the
three commands' medians); the thin client adds ${thin.wallUs} µs and ${thin.cpuUs} µs (a negative figure is a difference below
the run-to-run noise). In the flow, the four steps' medians from trigger to request sent add up to ${Object.entries(stepSums)
    .map(([client, sum]) => `${sum} µs with ${client}`)
    .join(" and ")}. ${choice}`;
}

function renderOwnWork(json) {
  const { ownWork } = json;
  const names = { stasisStart: "StasisStart → answer", answerResponse: "answer response → play welcome", playbackFinished: "PlaybackFinished → play menu prompt", dtmf: "ChannelDtmfReceived → hangup" };
  const rows = Object.entries(names).map(([key, name]) => [name, formatMedianP99(ownWork.backToBack[key]), formatMedianP99(ownWork.spaced[key])]);

  return `
**Control (no network, no client):** the same runtime and flow on an in-process transport (\`own-work.mjs\`): the
benchmark feeds the events itself and settles each request, and a step's span runs from handing
the runtime its trigger to the runtime's next request. ${ownWork.warmupCalls} unmeasured calls, then ${ownWork.calls} calls one at a time
back to back, then ${ownWork.calls} more with ${ownWork.gapMs} ms idle between calls (part 1's rate leaves about that much between
one call's steps). Median / p99 in µs:

${formatTable(["step", "back to back", `${ownWork.gapMs} ms apart`], rows)}

The same code costs far more when it runs after an idle gap than back to back: its instructions
and data are no longer in the CPU caches. Part 1's figures are of that second kind, on a machine
shared with other processes.${describeMachine(ownWork)} ${describeMisses(json)}
`;
}

// The same gap applied to a fixed piece of work that contains none of the runtime's code.
function describeMachine(ownWork) {
  if (ownWork.machine === undefined) return "";
  const { backToBack, spaced } = ownWork.machine;

  return ` The machine alone shows the same effect: 100 lookups in a Map of 1,000 objects, with none of the runtime's code, took ${backToBack.median} µs median back to back and ${spaced.median} µs after ${ownWork.gapMs} ms idle (p99 ${backToBack.p99} and ${spaced.p99} µs), ${(spaced.median / backToBack.median).toFixed(1)} times as long.`;
}

// Says by how much each step's median target was missed on the kept client.
function describeMisses(json) {
  const medians = json.targets.filter((entry) => entry.name.startsWith("runtime's own work") && entry.name.endsWith(", median"));
  const misses = medians.filter((entry) => !entry.met);

  if (misses.length === 0) return `Every step's median is within its target on the ${json.steps.client} client.`;
  const list = misses.map((entry) => `${entry.name.replace(/^runtime's own work, |, median$/g, "")} by ${round(entry.value - entry.limit)} µs`).join(", ");

  return `On the ${json.steps.client} client the ${misses[0].limit} µs median is missed on ${list}. What dominates there is the cold run of the call's code after each idle gap (the control's right column), not work that a back-to-back call repeats.`;
}

function renderSteps(json) {
  const { steps, stepsByClient, roundTrips } = json;
  const clients = Object.keys(stepsByClient);
  const isolatedCounts = steps.steps.map((step) => `${step.isolatedSamples} of ${step.samples}`).join(", ");

  return `### 2. Each ARI step, split

**What:** each step of the flow from its trigger (an event, or the previous command's response)
to the next command handed to its socket, split into the ARI client's work before the runtime
sees the trigger, the runtime's own work, and the client's work until the request is handed to its socket.
Then each command's round trip, and the same commands through three clients.

**Method (in the flow):** the calls of part 1, timestamped with \`performance.now()\` in the runtime's
process: a listener before the client's on the events WebSocket's \`message\`, a wrapper around
AriConnection's event handler (entry and return), a listener after the client's message handler, a wrapper
around the transport's \`request\` (the runtime's call into the client), the request's \`socket\` event (a wrapper around
\`http.request\`, which both clients call), \`http.client.response.finish\` (headers
parsed) and the first reaction to the client's promise. The runtime's own work is the time in its
event handler plus the time from the client's message handler returning (or the client's promise settling)
to the runtime calling the transport: AriConnection, AriChannel, CallControl, the session step,
CallService and AriOperations, with no network wait inside. That second span also contains what
Node does after the message handler returns (the rest of the WebSocket frame's handling, the tick
queue) before the runtime's promise continuations run.
Figures are of the isolated samples, in which no other message or response was handled inside the
span (${steps.client}: ${isolatedCounts}); a span that saw one also contains that input's handling. The round trip
in the flow contains the server's work and, for answer and hangup, the handling of the events
the server sends before its response. The wrappers add an estimated 1 µs to the client's side.

Step split with the ${steps.client} client, median / p99 in µs (isolated samples):

${formatTable(["step", "trigger → request sent", "client, trigger in", "runtime's own work", "client, request out"], buildStepRows(steps, "isolated"))}

The runtime's own work over all samples, median / p99 in µs: ${steps.steps.map((step) => `${step.name} ${formatMedianP99(step.all.runtime)}`).join("; ")}.

The same steps on each client, medians in µs (isolated samples), ${clients.join(" / ")}:

${formatTable(["step", "trigger → request sent", "client, trigger in", "runtime's own work", "client, request out"], buildSideBySideRows(stepsByClient))}

Commands in the flow with the ${steps.client} client, median / p99 in µs:

${formatTable(["command", "client, call → sent", "round trip (sent → headers parsed)", "client, headers → promise settled", "whole call"], buildCommandRows(steps))}
${renderOwnWork(json)}
**Method (three clients):** a separate test server process; the application's WebSocket is opened
with \`ws\` and its events ignored. The same commands go one at a time to live channels
(\`answer\` repeated, for which Asterisk returns 204 again; \`play\` of a 1 s sound; \`hangup\` on ${roundTrips.commands.hangup.raw.count} channels per
client) through a raw keep-alive \`node:http\` request that reads nothing (the loopback round trip,
server included), the adapter's thin client (\`ThinRest\`: keep-alive \`http.Agent\`, path and query string, Basic
auth, JSON body, errors classified by status), and ari-client's operation
(\`client.channels.answer({ channelId })\`). The clients alternate in 4 rounds; CPU is \`process.cpuUsage\`
of the client process and of the server process (sent back over IPC) around each round, divided by
the commands sent. Wall time is median / p99 in µs; CPU is µs per command, raw / thin / ari-client.

${formatTable(["command", "raw", "thin", "ari-client", "client CPU", "server CPU"], buildClientRows(roundTrips))}

${describeClientChoice(json)}

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
AriConnection) runs in the benchmark's process (part 1 in a fresh child process per client), on the thin ARI client (\`node:http\` and \`ws\`, the
default) or on ari-client ${json.ariClientVersion}; the ARI test server runs in a child process. The targets are judged on
the ${json.steps.client} client; throughput ran on it alone. Warnings and errors are counted, and no log is written. The flow:
\`call.answer\` → \`media.play\` of a 1 s recorded prompt → \`ivr.menu\` with a 1 s prompt and one option →
\`call.hangup\`. Calls come in as the test server's inbound calls (state \`Ring\`, dialplan \`Stasis(app)\`),
and a caller script presses the option's key. Written by \`runtime/bench/ari/main.mjs\`.

${summary}

${renderMachine(json)}

${renderFirstCommand(json)}
${renderSteps(json)}
${renderThroughput(json)}`;
}
