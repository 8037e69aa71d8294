/**
 * Drill: bad arguments, for every operation, from the shared table (`badInput` in
 * openrouter-byok-scenarios): each refused with `InvalidRequest` before anything is sent, or
 * received by the mock server exactly as given, percent-encoded, and nothing else.
 */
import { badInput } from "openrouter-byok-scenarios"
import { runTable } from "./support/runTable.js"

runTable(badInput)
