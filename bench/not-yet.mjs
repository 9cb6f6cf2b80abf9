// Stand-in for benchmarks that belong to later issues: says so and measures nothing.
//   node bench/not-yet.mjs pg|outbox
const ISSUES = { pg: 7, outbox: 8 };
const name = process.argv[2] ?? '(unnamed)';
const issue = ISSUES[name];
console.log(
  issue === undefined
    ? `bench:${name} is not written yet: nothing measured`
    : `bench:${name} arrives with issue #${issue}: nothing measured`,
);
