/**
 * The one check both editions run: what a scenario expects against what its adapter observed.
 * It returns the differences as sentences, so a test asserts `toEqual([])` and a failure says
 * everything that differs at once.
 */
import { formatRequest, type LoggedRequest } from "openrouter-byok-mock-server"
import { type Containing, elsewhereOrigin, type Exactly, type Expected, type Observed } from "./scenario.js"

const isContaining = (value: unknown): value is Containing =>
  typeof value === "object" && value !== null && (value as { readonly _tag?: unknown })._tag === "Containing" &&
  typeof (value as { readonly text?: unknown }).text === "string"

const isExactly = (value: unknown): value is Exactly =>
  typeof value === "object" && value !== null && (value as { readonly _tag?: unknown })._tag === "Exactly" &&
  "value" in value

/** At most 200 characters of `value`, for a sentence. */
const shown = (value: unknown): string => {
  let text: string
  try {
    text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > 200 ? `${text.slice(0, 200)}... (${text.length} characters)` : text
}

/**
 * Whether `actual` matches `expected` as `toMatchObject` compares: objects by the fields
 * `expected` names, arrays item by item, a `Containing` by substring (of the JSON of what is not a
 * string), an `Exactly` both ways (no field more), the rest by `Object.is`.
 */
export const matches = (actual: unknown, expected: unknown): boolean => {
  if (isExactly(expected)) return matches(actual, expected.value) && matches(expected.value, actual)
  if (isContaining(expected)) {
    const text = typeof actual === "string" ? actual : JSON.stringify(actual)
    return text !== undefined && text.includes(expected.text)
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length &&
      expected.every((item, index) => matches(actual[index], item))
  }
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null) return false
    return Object.entries(expected).every(([name, value]) => matches((actual as Record<string, unknown>)[name], value))
  }
  return Object.is(actual, expected)
}

/** `expected` with the placeholders a run resolves (the redirect target's origin) resolved. */
const resolved = (expected: unknown, observed: Observed): unknown => {
  if (expected === elsewhereOrigin) return observed.elsewhereOrigin
  if (Array.isArray(expected)) return expected.map((item) => resolved(item, observed))
  if (typeof expected === "object" && expected !== null && !isContaining(expected) && !isExactly(expected)) {
    return Object.fromEntries(Object.entries(expected).map(([name, value]) => [name, resolved(value, observed)]))
  }
  return expected
}

const outcomeDifferences = (expected: Expected, observed: Observed): Array<string> => {
  const want = expected.outcome
  const got = observed.outcome
  const describe = (): string =>
    got._tag === "Failure"
      ? `a ${String(got.error["_tag"])}: ${shown(got.message)}`
      : got._tag === "Defect"
      ? `a defect: ${shown(got.description)}`
      : got._tag === "Success"
      ? `success (${got.count ?? "?"} items)`
      : "an interruption"
  if (want._tag !== got._tag) {
    return [`expected ${want._tag === "Failure" ? "a failure" : want._tag}, got ${describe()}`]
  }
  if (want._tag === "Success" && got._tag === "Success") {
    const differences: Array<string> = []
    if (want.ids !== undefined && !matches(got.ids, want.ids)) {
      differences.push(`expected the ids ${shown(want.ids)}, got ${shown(got.ids)}`)
    }
    if (want.count !== undefined && got.count !== want.count) {
      differences.push(`expected ${want.count} items, got ${got.count}`)
    }
    return differences
  }
  if (want._tag === "Failure" && got._tag === "Failure") {
    return Object.entries(resolved(want.error, observed) as Record<string, unknown>).flatMap(([name, value]) =>
      matches(got.error[name], value)
        ? []
        : [`expected the error's ${name} to be ${shown(value)}, got ${shown(got.error[name])}`]
    )
  }
  return []
}

const failureDifferences = (expected: Expected, observed: Observed): Array<string> => {
  const got = observed.outcome
  const asked = expected.messageContains !== undefined || expected.messageExcludes !== undefined ||
    expected.messageShorterThan !== undefined || expected.someRenderingContains !== undefined ||
    expected.jsonContains !== undefined
  if (got._tag !== "Failure") return []
  const differences: Array<string> = []
  if (asked && got.renderings.length === 0) differences.push("the adapter observed no renderings of the error")
  for (const text of expected.messageContains ?? []) {
    if (!got.message.includes(text)) {
      differences.push(`expected the message to contain ${shown(text)}: ${shown(got.message)}`)
    }
  }
  for (const text of expected.messageExcludes ?? []) {
    if (got.message.includes(text)) {
      differences.push(`expected the message not to contain ${shown(text)}: ${shown(got.message)}`)
    }
  }
  if (expected.messageShorterThan !== undefined && got.message.length >= expected.messageShorterThan) {
    differences.push(
      `expected a message shorter than ${expected.messageShorterThan}, got ${got.message.length} characters`
    )
  }
  for (const text of expected.someRenderingContains ?? []) {
    if (!got.renderings.some((rendering) => rendering.includes(text))) {
      differences.push(`expected some rendering of the error to contain ${shown(text)}`)
    }
  }
  for (const text of expected.jsonContains ?? []) {
    if (!got.json.includes(text)) differences.push(`expected the error's JSON to contain ${shown(text)}`)
  }
  return differences
}

/** Everything a scenario must not let out, labelled. */
const letOut = (observed: Observed): ReadonlyArray<readonly [string, string]> => [
  ...(observed.outcome._tag === "Failure"
    ? observed.outcome.renderings.map((rendering, index) => [`rendering ${index} of the error`, rendering] as const)
    : []),
  ...(observed.outcome._tag === "Defect" ? [["the defect", observed.outcome.description] as const] : []),
  ...observed.logs.map((line, index) => [`log line ${index}`, line] as const),
  ...observed.spans.map((span, index) => [`span ${index}`, span] as const),
  ["the request log", JSON.stringify(observed.requests)],
  ["the request log as formatted", observed.requests.map(formatRequest).join("\n")]
]

const serverDifferences = (expected: Expected, observed: Observed): Array<string> => {
  const differences: Array<string> = []
  const requests = observed.requests
  const log = () => requests.map(formatRequest).join("; ")
  if (typeof expected.requests === "number" && requests.length !== expected.requests) {
    differences.push(`expected ${expected.requests} request(s), the server received ${requests.length}: ${log()}`)
  }
  if (typeof expected.requests === "object" && requests.length > expected.requests.atMost) {
    differences.push(`expected at most ${expected.requests.atMost} request(s), the server received ${requests.length}`)
  }
  const inOrder = expected.requestLogByOffset === true
    ? [...requests].sort((a, b) => Number(a.query["offset"]) - Number(b.query["offset"]))
    : requests
  if (expected.requestLog !== undefined && !matches(inOrder, expected.requestLog)) {
    differences.push(`expected the request log ${shown(expected.requestLog)}, got ${log()}`)
  }
  if (expected.sentWith !== undefined) {
    const kinds = [...new Set(requests.map((request: LoggedRequest) => request.authorization))]
    if (kinds.some((kind) => kind !== expected.sentWith)) {
      differences.push(`expected every request sent with a ${expected.sentWith} key, got ${shown(kinds)}`)
    }
  }
  if (expected.elsewhereRequests !== undefined) {
    const received = observed.elsewhereRequests?.length
    if (received !== expected.elsewhereRequests) {
      differences.push(
        `expected the redirect's target to receive ${expected.elsewhereRequests} request(s), got ${received}`
      )
    }
  }
  const storedIds = observed.storedKeys.map((key) => key.id)
  if (expected.storedIds !== undefined && !matches(storedIds, expected.storedIds)) {
    differences.push(`expected the server to store ${shown(expected.storedIds)}, it stores ${shown(storedIds)}`)
  }
  if (expected.storedCount !== undefined && storedIds.length !== expected.storedCount) {
    differences.push(
      `expected the server to store ${expected.storedCount} credential(s), it stores ${storedIds.length}`
    )
  }
  if (expected.clockMillis !== undefined && observed.clockMillis !== expected.clockMillis) {
    differences.push(`expected the call to end at ${expected.clockMillis} ms, it ended at ${observed.clockMillis} ms`)
  }
  if (expected.clockSpent !== undefined) {
    const { attemptsTimedOut, timeoutMillis } = expected.clockSpent
    const waited = observed.retries.reduce((sum, retry) => sum + retry.waitMillis, 0)
    const spent = attemptsTimedOut * timeoutMillis + waited
    if (observed.clockMillis !== spent) {
      differences.push(
        `expected the call to end at ${attemptsTimedOut} × ${timeoutMillis} ms + ${waited} ms of waits = ${spent} ms, it ended at ${observed.clockMillis} ms`
      )
    }
  }
  if (expected.retryWaits !== undefined) {
    const waits = observed.retries.map((retry) => retry.waitMillis)
    if (waits.length !== expected.retryWaits.length) {
      differences.push(`expected ${expected.retryWaits.length} retries, the client announced ${shown(waits)}`)
    }
    expected.retryWaits.forEach(({ least, most }, index) => {
      const wait = waits[index]
      if (wait !== undefined && (wait < Math.round(least) || wait > Math.round(most))) {
        differences.push(
          `expected retry ${index + 1} to wait ${Math.round(least)} to ${Math.round(most)} ms, it waited ${wait} ms`
        )
      }
    })
  }
  if (expected.retryMessagesContain !== undefined) {
    for (const retry of observed.retries) {
      if (!retry.message.includes(expected.retryMessagesContain)) {
        differences.push(
          `expected every retry's message to contain ${shown(expected.retryMessagesContain)}: ${shown(retry.message)}`
        )
      }
    }
  }
  if (expected.heldOpenUntilDeadline === true) {
    if (observed.heldBack.length === 0) differences.push("expected the server to hold answers back, it held none")
    for (const held of observed.heldBack) {
      if (!held.openUntilDeadline) differences.push(`request #${held.sequence} was closed before the client's deadline`)
    }
  }
  if (
    expected.receivedBeforeInterruption !== undefined &&
    observed.receivedBeforeInterruption !== expected.receivedBeforeInterruption
  ) {
    differences.push(
      `expected ${expected.receivedBeforeInterruption} credential(s) received before the interruption, got ${observed.receivedBeforeInterruption}`
    )
  }
  if (
    expected.interruptedWithinMillis !== undefined &&
    !(observed.interruptMillis !== undefined && observed.interruptMillis < expected.interruptedWithinMillis)
  ) {
    differences.push(
      `expected the interruption to complete within ${expected.interruptedWithinMillis} ms, it took ${observed.interruptMillis} ms`
    )
  }
  if (expected.noFiberLeft === true && observed.fibersLeft !== undefined && observed.fibersLeft > 0) {
    differences.push(`expected no fiber left running, ${observed.fibersLeft} still run`)
  }
  return differences
}

/**
 * How `observed` differs from `expected`, one sentence per difference; empty when the run
 * was as it must be.
 */
export const differences = (expected: Expected, observed: Observed): ReadonlyArray<string> => [
  ...outcomeDifferences(expected, observed),
  ...failureDifferences(expected, observed),
  ...(expected.nothingContains ?? []).flatMap((secret) =>
    letOut(observed).flatMap(([where, text]) => text.includes(secret) ? [`${where} contains ${shown(secret)}`] : [])
  ),
  ...serverDifferences(expected, observed)
]
