// Runs one benchmark module in this process and prints its result as one JSON line, so each
// benchmark gets a fresh heap: `node bench/lib/child.mjs chain`.
const name = process.argv[2];
const module = await import(new URL(`../${name}.mjs`, import.meta.url));
const result = await module.run(JSON.parse(process.argv[3] ?? "{}"));

process.stdout.write(`${JSON.stringify(result)}\n`);
