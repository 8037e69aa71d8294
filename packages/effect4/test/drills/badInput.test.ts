/**
 * Drill: bad arguments, for every operation, from the shared table (`badInput` in
 * openrouter-byok-scenarios), run with this edition.
 */
import { badInput } from "openrouter-byok-scenarios"
import { runTable } from "./support/runTable.js"

runTable(badInput)
