/**
 * Drill: no retry where a retry would be wrong, from the shared table (`retrySafety` in
 * openrouter-byok-scenarios), run with this edition.
 */
import { retrySafety } from "openrouter-byok-scenarios"
import { runTable } from "./support/runTable.js"

runTable(retrySafety)
