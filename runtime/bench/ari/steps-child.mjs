// Runs part 1 for one ARI client library in a process of its own, so the JIT state one client's
// run leaves in the runtime's code does not favour the client measured after it. Prints the
// result of measureSteps as one JSON line: `node steps-child.mjs '<options as JSON>'`.
import { measureSteps } from "./steps.mjs";

// ari-client prints a Swagger deprecation notice with console.log, which would mix with the result.
console.log = (...args) => console.error(...args);
const result = await measureSteps(JSON.parse(process.argv[2]));

process.stdout.write(`${JSON.stringify(result)}\n`);
