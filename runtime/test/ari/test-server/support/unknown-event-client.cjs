// Connects ari-client 2.2.0 to the URL in argv[2], opens the events WebSocket for the
// application in argv[3] and prints "started". Run by a test to see how ari-client handles an
// event type that its downloaded models do not declare.
const ari = require("ari-client");

console.log = () => undefined;
ari
  .connect(process.argv[2], "asterisk", "asterisk")
  .then((client) => {
    client.on("*", (event) => process.stdout.write(`event ${event.type}\n`));
    return client.start(process.argv[3]);
  })
  .then(() => process.stdout.write("started\n"));
