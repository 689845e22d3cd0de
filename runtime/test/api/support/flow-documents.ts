/** Builds a small IVR flow that compiles: a menu whose one option hangs up. */
export function hotlineDocument(prompt = "For sales, press 1") {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Hotline", "zh-Hant": "熱線" },
    languages: ["en"],
    entry: "start",
    nodes: [
      { id: "start", type: "call.inbound", config: {} },
      { id: "menu", type: "ivr.menu", config: { prompt: { tts: { en: prompt } }, options: [{ key: "1", port: "sales" }] } },
      { id: "bye", type: "call.hangup", config: {} },
    ],
    edges: [
      { from: "start", port: "next", to: "menu" },
      { from: "menu", port: "sales", to: "bye" },
    ],
  };
}

/** Builds the hotline with its menu option left unconnected, which the compiler reports as an error. */
export function brokenHotlineDocument() {
  const document = hotlineDocument();

  return { ...document, edges: document.edges.filter((edge) => edge.port !== "sales") };
}
