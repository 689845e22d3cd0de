// A Node-RED node type that ends the benchmark chain: it hands each message to the function
// that chain-node-red.cjs installs on globalThis, and sends nothing on.
module.exports = function registerBenchSink(RED) {
  function BenchSinkNode(config) {
    RED.nodes.createNode(this, config);
    this.on("input", (msg, send, done) => {
      globalThis.callflowBenchSink(msg);
      done();
    });
  }

  RED.nodes.registerType("bench-sink", BenchSinkNode);
};
