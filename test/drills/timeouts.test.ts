/**
 * Drill: a server that accepts a request and never answers, from the shared table (`timeouts`
 * in openrouter-byok-scenarios). The documented policy the table checks the waits against is
 * also checked here against this edition's schedule itself, so neither can drift alone.
 */
import { defaultMaxAttempts, defaultRequestTimeoutMillis, defaultRetryWaits, timeouts } from "openrouter-byok-scenarios"
import { describe, expect, it } from "vitest"
import {
  defaultRequestTimeoutMillis as requestTimeoutMillis,
  maxAttempts,
  scheduleWaits
} from "./support/retryBounds.js"
import { runTable } from "./support/runTable.js"

describe("the documented retry policy the shared tables check", () => {
  it("is this edition's default schedule: its attempts, its least and most waits, its requestTimeout", () => {
    expect(defaultMaxAttempts).toBe(maxAttempts)
    expect(defaultRequestTimeoutMillis).toBe(requestTimeoutMillis)
    expect(defaultRetryWaits.map(({ least, most }) => [Math.round(least), Math.round(most)])).toEqual(
      scheduleWaits.map(({ least, most }) => [Math.round(least), Math.round(most)])
    )
  })
})

runTable(timeouts)
