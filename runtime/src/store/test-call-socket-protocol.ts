/** The test call WebSocket protocol, as the OpenAPI description of its route shows it. */
export const TEST_CALL_SOCKET_PROTOCOL = `Upgrade to a WebSocket. Every frame is one JSON object in a text frame.

Authentication: send \`Authorization: Bearer <token>\` with the upgrade request, or, from a browser, send \`{"type":"auth","token":"<token>"}\` as the first message within 10 seconds. Without either the server closes with code 4401; a user without the permission flows.test gets 4403 (platform users hold it through their platform roles, as on the API's tenant routes).

Client messages:
- \`{"type":"start","flowId":"<uuid>","source":{"kind":"draft"} | {"kind":"version","version":3},"caller":"0912345678","called":"0800123456","at":"2026-12-07T10:00:00+08:00","language":"cmn","replayCallId":"<call id>","tenant":"<tenant id>"}\` starts a call. \`at\` (optional) sets the call's clock start; the call then runs on the real clock from that instant. \`language\` (optional) is one of the flow's spoken languages. \`replayCallId\` (optional) feeds the caller input of a stored call (keys with their timing, hang-up) instead of live keys. \`tenant\` is for platform users only. One call runs per connection at a time; another may start after \`ended\`.
- \`{"type":"dtmf","digits":"1"}\` presses one or more of 0-9, * and #.
- \`{"type":"hangup"}\` hangs up. Closing the socket hangs up too.

Server messages:
- \`{"type":"started","callId":"...","flowId":"...","version":3|null}\` comes first for each call.
- \`{"type":"trace","event":{...}}\` for every trace event, as GET /api/calls/{callId}/trace returns them, with values of sensitive variables redacted.
- \`{"type":"prompt","nodeId":"...","text":"...","language":"cmn","audioUrl":"/api/test-calls/<callId>/audio/<n>?key=..."|null}\` as each prompt starts playing. audioUrl is set when a speech synthesizer speaks the language. For a user without sensitive.view, once the call may hold a sensitive value, prompts come when they end, with redacted text.
- \`{"type":"ended","callId":"...","reason":"completed|hangup|error|step-limit|transferred|aborted","durationMs":1234}\`.
- \`{"type":"error","code":"...","message":"...","details":...}\` for a message that failed, in the user's interface locale. The call and the socket stay up.

Test calls count against the tenant's test call limit and leave call records of channel \`test\`.`;
