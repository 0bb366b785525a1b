// The tests' assertions: a Failure's message is the whole report (no stack trace needed).
export class Failure extends Error {}

export function assert(ok, message) {
  if (!ok) throw new Failure(message);
}

export function assertEqual(actual, expected, what) {
  assert(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
