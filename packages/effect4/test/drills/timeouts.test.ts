/**
 * Drill: a server that accepts a request and never answers, from the shared table (`timeouts`
 * in openrouter-byok-scenarios), run with this edition on the `TestClock`.
 */
import { timeouts } from "openrouter-byok-scenarios"
import { runTable } from "./support/runTable.js"

runTable(timeouts)
