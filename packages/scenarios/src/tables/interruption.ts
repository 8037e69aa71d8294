/**
 * An operation that is interrupted stops at once, whatever it is doing: waiting for an
 * answer, reading a body, or waiting to retry. The server sees the connection closed, and no
 * fiber the operation started is left running. "At once" is checked twice: the interruption
 * completes while the server never answers and the clock never moves (so it cannot be waiting
 * for either), and within a second of real time.
 */
import { ByokKeyFixtures } from "openrouter-byok-mock-server"
import { operations } from "../operations.js"
import type { Expected, Scenario, Table } from "../scenario.js"
import { storedKey } from "../wireFixtures.js"

/** Real time an interruption may take; it takes a few milliseconds, this only catches a hang. */
const promptMillis = 1_000

const interruptedAtOnce = {
  outcome: { _tag: "Interrupted" },
  interruptedWithinMillis: promptMillis,
  noFiberLeft: true
} as const satisfies Expected

const keys = (count: number) => ({ keys: Array.from({ length: count }, (_, index) => storedKey(index)) })

const scenarios: ReadonlyArray<Scenario> = [
  ...operations.map((operation): Scenario => ({
    name: `${operation.name}, while waiting for the answer: the connection is closed`,
    server: { faults: ["hang"] },
    call: operation.call,
    clock: "test",
    interrupt: { _tag: "WhenReceived", requests: 1 },
    everyHttpStack: true,
    expect: { ...interruptedAtOnce, requestLog: [{ status: undefined, clientClosedEarly: true }] }
  })),
  {
    name: "list, in the middle of a page's body: the connection is closed",
    server: { options: keys(100), faults: ["stallBody"] },
    call: { operation: "listItems" },
    clock: "test",
    interrupt: { _tag: "WhenReceived", requests: 1 },
    everyHttpStack: true,
    expect: { ...interruptedAtOnce, requestLog: [{ fault: "stallBody", clientClosedEarly: true }] }
  },
  {
    name: "list, after some pages, with the next page in flight: the pages so far were emitted, that request is closed",
    server: { options: keys(250), faults: ["none", "none", "hang"] },
    call: { operation: "listItems" },
    clock: "test",
    interrupt: { _tag: "WhenReceived", requests: 3 },
    everyHttpStack: true,
    expect: {
      ...interruptedAtOnce,
      receivedBeforeInterruption: 200,
      requestLog: [
        { status: 200, clientClosedEarly: false },
        { status: 200, clientClosedEarly: false },
        { status: undefined, clientClosedEarly: true }
      ]
    }
  },
  ...operations.map((operation): Scenario => ({
    name: `${operation.name}, during the wait before a retry: nothing more is sent, even once the wait is over`,
    server: { options: { faults: { retryAfterSeconds: 20 } }, faults: ["http429"] },
    client: { retries: "default" },
    call: operation.call,
    clock: "test",
    interrupt: { _tag: "WhenRetryAnnounced" },
    everyHttpStack: true,
    expect: { ...interruptedAtOnce, requestLog: [{ status: 429, clientClosedEarly: false }] }
  })),
  {
    name: "a concurrent listing interrupted with four pages in flight: the server sees all four connections closed",
    server: {
      options: {
        keys: ByokKeyFixtures.make({ count: 1_000, workspaceIds: [ByokKeyFixtures.defaultWorkspaceId] })
      },
      // The first page answers (it gives totalCount); the next four are held until the client gives up.
      faults: ["none", "hang", "hang", "hang", "hang"]
    },
    client: { retries: "default" },
    call: { operation: "list", params: { concurrency: 4 } },
    interrupt: { _tag: "WhenReceived", requests: 5 },
    expect: {
      ...interruptedAtOnce,
      requestLogByOffset: true,
      requestLog: [
        { query: { offset: "0", limit: "100" }, clientClosedEarly: false },
        ...[100, 200, 300, 400].map((offset) => ({
          query: { offset: String(offset), limit: "100" },
          clientClosedEarly: true
        }))
      ]
    }
  }
]

export const interruption: Table = {
  name: "interruption",
  about: "An interrupted operation stops at once, whatever it is doing; the server sees its connections closed, " +
    "nothing more is sent, and no fiber it started is left running.",
  scenarios
}
